import { useEffect, useRef } from 'react';

export interface DesignerShortcuts {
  undo: () => void;
  redo: () => void;
  copy: () => void;
  cut: () => void;
  paste: () => void;
  selectAll: () => void;
  save: () => void;
  remove: () => void;
  layout: () => void;
}

/**
 * The designer's keyboard shortcuts, on the window, except while the user types in a field: Ctrl/Cmd+Z undo,
 * Ctrl/Cmd+Shift+Z or +Y redo, +C/+X/+V copy, cut, paste, +A select all, +S save, Delete/Backspace remove, L lay out.
 */
export function useDesignerShortcuts(shortcuts: DesignerShortcuts) {
  const current = useRef(shortcuts);
  current.current = shortcuts;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.target as HTMLElement).closest('input, textarea, select, [contenteditable]')) return;
      const s = current.current;
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      const run = (action: () => void) => { e.preventDefault(); action(); };
      if (mod && key === 'z' && !e.shiftKey) run(s.undo);
      else if (mod && (key === 'y' || (key === 'z' && e.shiftKey))) run(s.redo);
      else if (mod && key === 'c') s.copy();
      else if (mod && key === 'x') s.cut();
      else if (mod && key === 'v') s.paste();
      else if (mod && key === 'a') run(s.selectAll);
      else if (mod && key === 's') run(s.save);
      else if (!mod && (key === 'delete' || key === 'backspace')) run(s.remove);
      else if (!mod && key === 'l') s.layout();
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, []);
}
