// Auto-layout with dagre: left to right, ranks by edge depth. The input builder is separate (and pure) so tests can check
// what dagre is given; the layout itself returns positions for moveNodes.
import dagre from '@dagrejs/dagre';
import type { WorkflowDefinition } from '../api/types';

export const NodeWidth = 220;
export const NodeHeight = 72;

export interface LayoutInput {
  nodes: { id: string; width: number; height: number }[];
  edges: { source: string; target: string }[];
}

/** The graph dagre lays out: every node with its size, and each distinct source→target pair once (ports do not matter). */
export function layoutInput(definition: WorkflowDefinition): LayoutInput {
  const ids = new Set(definition.nodes.map(n => n.id));
  const seen = new Set<string>();
  const edges: LayoutInput['edges'] = [];
  for (const e of definition.edges) {
    const key = `${e.source}\u0000${e.target}`;
    if (seen.has(key) || !ids.has(e.source) || !ids.has(e.target)) continue;
    seen.add(key);
    edges.push({ source: e.source, target: e.target });
  }
  return { nodes: definition.nodes.map(n => ({ id: n.id, width: NodeWidth, height: NodeHeight })), edges };
}

/** Top-left positions for every node. */
export function autoLayout(definition: WorkflowDefinition): Map<string, { x: number; y: number }> {
  const input = layoutInput(definition);
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: 'LR', nodesep: 40, ranksep: 80, marginx: 20, marginy: 20 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const n of input.nodes) graph.setNode(n.id, { width: n.width, height: n.height });
  for (const e of input.edges) graph.setEdge(e.source, e.target);
  dagre.layout(graph);
  const positions = new Map<string, { x: number; y: number }>();
  for (const n of input.nodes) {
    const placed = graph.node(n.id);
    positions.set(n.id, { x: placed.x - n.width / 2, y: placed.y - n.height / 2 });
  }
  return positions;
}
