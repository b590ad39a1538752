import { useMemo, useState } from 'react';
import type { ActivityDescriptor } from '../api/types';

export const ActivityDragType = 'application/x-weft-activity';

/** The activities to drag onto the canvas, by category, with a search over type, name and description. */
export function Palette({ descriptors, onAdd }: { descriptors: ActivityDescriptor[]; onAdd: (type: string) => void }) {
  const [search, setSearch] = useState('');
  const groups = useMemo(() => {
    const q = search.trim().toLowerCase();
    const byCategory = new Map<string, ActivityDescriptor[]>();
    for (const d of descriptors) {
      if (q && !`${d.type} ${d.displayName} ${d.description ?? ''} ${d.category}`.toLowerCase().includes(q)) continue;
      byCategory.set(d.category, [...(byCategory.get(d.category) ?? []), d]);
    }
    return [...byCategory.entries()].sort(([a], [b]) => a.localeCompare(b));
  }, [descriptors, search]);

  return (
    <aside className="palette" data-testid="palette">
      <input placeholder="Search activities" value={search} onChange={e => setSearch(e.target.value)} data-testid="palette-search" />
      {groups.map(([category, items]) => (
        <div key={category} className="palette-group">
          <h4>{category}</h4>
          {items.map(d => (
            <div key={d.type} className={`palette-item cat-${d.category.toLowerCase()}`} draggable title={d.description}
              data-testid={`palette-${d.type}`}
              onDragStart={e => { e.dataTransfer.setData(ActivityDragType, d.type); e.dataTransfer.effectAllowed = 'copy'; }}
              onDoubleClick={() => onAdd(d.type)}>
              <span>{d.displayName}</span>
              <span className="muted small">{d.type}</span>
            </div>
          ))}
        </div>
      ))}
      {groups.length === 0 && <p className="muted">No activity matches.</p>}
      <p className="muted small">Drag onto the canvas, or double-click to add.</p>
    </aside>
  );
}
