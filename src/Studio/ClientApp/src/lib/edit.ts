// Edits of a definition, each a pure function returning a new definition (the undo history keeps the old one).
import type { ActivityDescriptor, WorkflowDefinition, WorkflowEdge, WorkflowNode } from '../api/types';
import { DefaultPort, type Connection } from './ports';

/** A node id from a base that no node of `taken` uses: `chunk`, `chunk2`, `chunk3` … */
export function uniqueId(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  const clean = base.replace(/[^A-Za-z0-9_.-]/g, '') || 'node';
  if (!used.has(clean)) return clean;
  for (let n = 2; ; n++) if (!used.has(`${clean}${n}`)) return `${clean}${n}`;
}

/** The id a new node of an activity type gets: the type's last segment (`text.chunk` → `chunk`). */
export function baseIdFor(type: string): string {
  const last = type.split('.').pop() ?? type;
  return last.replace(/[^A-Za-z0-9]/g, '') || 'node';
}

export function addNode(definition: WorkflowDefinition, descriptor: ActivityDescriptor, position: { x: number; y: number }): { definition: WorkflowDefinition; id: string } {
  const id = uniqueId(baseIdFor(descriptor.type), definition.nodes.map(n => n.id));
  const node: WorkflowNode = { id, type: descriptor.type, inputs: {}, position: { x: Math.round(position.x), y: Math.round(position.y) } };
  return { definition: { ...definition, nodes: [...definition.nodes, node] }, id };
}

export function connect(definition: WorkflowDefinition, connection: Connection): WorkflowDefinition {
  const id = uniqueId(`e-${connection.source}-${connection.target}`, definition.edges.map(e => e.id));
  const edge: WorkflowEdge = { id, source: connection.source, target: connection.target };
  if (connection.sourcePort !== DefaultPort) edge.sourcePort = connection.sourcePort;
  return { ...definition, edges: [...definition.edges, edge] };
}

/** Removes nodes (and every edge touching them) and edges. */
export function removeElements(definition: WorkflowDefinition, nodeIds: Iterable<string>, edgeIds: Iterable<string>): WorkflowDefinition {
  const nodes = new Set(nodeIds);
  const edges = new Set(edgeIds);
  if (nodes.size === 0 && edges.size === 0) return definition;
  return {
    ...definition,
    nodes: definition.nodes.filter(n => !nodes.has(n.id)),
    edges: definition.edges.filter(e => !edges.has(e.id) && !nodes.has(e.source) && !nodes.has(e.target)),
  };
}

export function updateNode(definition: WorkflowDefinition, id: string, change: (node: WorkflowNode) => WorkflowNode): WorkflowDefinition {
  return { ...definition, nodes: definition.nodes.map(n => (n.id === id ? change(n) : n)) };
}

/** Renames a node and the edges that touch it. Expressions that read `nodes.<old>` are left for validation to flag. */
export function renameNode(definition: WorkflowDefinition, from: string, to: string): WorkflowDefinition {
  if (from === to || definition.nodes.some(n => n.id === to)) return definition;
  return {
    ...definition,
    nodes: definition.nodes.map(n => (n.id === from ? { ...n, id: to } : n)),
    edges: definition.edges.map(e => ({ ...e, source: e.source === from ? to : e.source, target: e.target === from ? to : e.target })),
  };
}

export function moveNodes(definition: WorkflowDefinition, positions: Map<string, { x: number; y: number }>): WorkflowDefinition {
  if (positions.size === 0) return definition;
  return {
    ...definition,
    nodes: definition.nodes.map(n => {
      const p = positions.get(n.id);
      return p ? { ...n, position: { x: Math.round(p.x), y: Math.round(p.y) } } : n;
    }),
  };
}

/** What copy puts on the clipboard: the selected nodes and the edges between them. */
export interface Clipboard { nodes: WorkflowNode[]; edges: WorkflowEdge[] }

export function copySelection(definition: WorkflowDefinition, nodeIds: Iterable<string>): Clipboard {
  const ids = new Set(nodeIds);
  return {
    nodes: definition.nodes.filter(n => ids.has(n.id)).map(n => structuredClone(n)),
    edges: definition.edges.filter(e => ids.has(e.source) && ids.has(e.target)).map(e => ({ ...e })),
  };
}

/** Pastes a clipboard with fresh ids, offset so the copies do not hide the originals; returns the new ids. */
export function paste(definition: WorkflowDefinition, clipboard: Clipboard, offset = { x: 40, y: 40 }): { definition: WorkflowDefinition; ids: string[] } {
  const taken = definition.nodes.map(n => n.id);
  const renamed = new Map<string, string>();
  const nodes = clipboard.nodes.map(n => {
    const id = uniqueId(n.id.replace(/\d+$/, ''), [...taken, ...renamed.values()]);
    renamed.set(n.id, id);
    const p = n.position ?? { x: 0, y: 0 };
    return { ...structuredClone(n), id, position: { x: p.x + offset.x, y: p.y + offset.y } };
  });
  let result: WorkflowDefinition = { ...definition, nodes: [...definition.nodes, ...nodes] };
  for (const e of clipboard.edges) {
    result = connect(result, { source: renamed.get(e.source)!, sourcePort: e.sourcePort ?? DefaultPort, target: renamed.get(e.target)! });
  }
  return { definition: result, ids: [...renamed.values()] };
}
