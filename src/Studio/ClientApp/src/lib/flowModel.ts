// Turns a definition into React Flow's nodes and edges, keeping what React Flow measured and which elements are selected
// from the previous render (React Flow needs both to survive a rebuild).
import type { Edge, Node } from '@xyflow/react';
import type { ActivityDescriptor, WorkflowDefinition } from '../api/types';
import { DefaultPort, portsOf } from './ports';
import type { NodeProblem } from './validation';

export interface ActivityNodeData extends Record<string, unknown> {
  nodeId: string;
  type: string;
  label: string;
  category: string;
  ports: string[];
  isTrigger: boolean;
  status?: string;
  problems: NodeProblem[];
  tokens?: string;
  /** Nodes in a container's body (flow.foreach, flow.while); undefined for other activities. */
  bodySize?: number;
}

export type ActivityFlowNode = Node<ActivityNodeData, 'activity'>;

export function buildNodes(
  definition: WorkflowDefinition,
  descriptors: Map<string, ActivityDescriptor>,
  previous: ActivityFlowNode[],
  statuses: Record<string, string> = {},
  problems: Map<string, NodeProblem[]> = new Map(),
  tokens: Record<string, string> = {},
): ActivityFlowNode[] {
  const before = new Map(previous.map(n => [n.id, n]));
  return definition.nodes.map((node, index) => {
    const descriptor = descriptors.get(node.type);
    const old = before.get(node.id);
    const position = node.position ?? old?.position ?? { x: 40 + (index % 6) * 260, y: 40 + Math.floor(index / 6) * 120 };
    const data: ActivityNodeData = {
      nodeId: node.id,
      type: node.type,
      label: descriptor?.displayName ?? node.type,
      category: descriptor?.category ?? 'Unknown',
      ports: portsOf(node, descriptor),
      isTrigger: descriptor?.isTrigger ?? false,
      status: statuses[node.id],
      problems: problems.get(node.id) ?? [],
      tokens: tokens[node.id],
      bodySize: descriptor?.isContainer ? node.body?.nodes.length ?? 0 : undefined,
    };
    // An unchanged node keeps its object, so React Flow re-renders only what an edit touched (it matters at 500 nodes).
    if (old && old.position.x === position.x && old.position.y === position.y && sameData(old.data, data)) return old;
    return { id: node.id, type: 'activity', position, selected: old?.selected ?? false, measured: old?.measured, data };
  });
}

export function sameData(a: ActivityNodeData, b: ActivityNodeData): boolean {
  return a.nodeId === b.nodeId && a.type === b.type && a.label === b.label && a.category === b.category && a.isTrigger === b.isTrigger
    && a.status === b.status && a.tokens === b.tokens && a.bodySize === b.bodySize && a.ports.join('\u0000') === b.ports.join('\u0000')
    && (a.problems === b.problems || JSON.stringify(a.problems) === JSON.stringify(b.problems));
}

export function buildEdges(definition: WorkflowDefinition, previous: Edge[], statuses: Record<string, string> = {}): Edge[] {
  const selected = new Set(previous.filter(e => e.selected).map(e => e.id));
  return definition.edges.map(edge => {
    const port = edge.sourcePort ?? DefaultPort;
    return {
      id: edge.id,
      source: edge.source,
      sourceHandle: port,
      target: edge.target,
      targetHandle: 'in',
      label: port === DefaultPort ? undefined : port,
      selected: selected.has(edge.id),
      animated: statuses[edge.source] === 'completed' && statuses[edge.target] === 'running',
      className: statuses[edge.source] === 'completed' && statuses[edge.target] ? 'edge-taken' : undefined,
    };
  });
}
