import { useEffect, type RefObject } from 'react';

/**
 * While the background is dragged to pan, the pane captures the pointer. Without capture the browser hit-tests every node of
 * the canvas on each mousemove to find what is under the pointer (at 500 nodes the largest main-thread cost of panning);
 * with it every move goes straight to the pane, which is where React Flow's panning listens anyway. Capture ends by itself
 * on pointerup. Presses on nodes, handles and edges, and Shift/Ctrl/Cmd presses (area and multi-selection), are left alone.
 */
export function PanPointerCapture({ canvas }: { canvas: RefObject<HTMLElement | null> }) {
  useEffect(() => {
    const element = canvas.current;
    if (!element) return;
    const onPointerDown = (e: PointerEvent) => {
      const target = e.target as Element | null;
      if (e.button !== 0 || e.shiftKey || e.ctrlKey || e.metaKey || !target?.classList.contains('react-flow__pane')) return;
      target.setPointerCapture(e.pointerId);
    };
    element.addEventListener('pointerdown', onPointerDown);
    return () => element.removeEventListener('pointerdown', onPointerDown);
  }, [canvas]);
  return null;
}
