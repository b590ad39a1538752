// Which ports a node has, and whether an edge may be drawn: the same rules the server's validation applies, checked as the
// user drags so that a wrong edge is refused with a reason instead of failing at publish.
import type { ActivityDescriptor, WorkflowDefinition, WorkflowNode } from '../api/types';

export const DefaultPort = 'done';
export const ErrorPort = 'error';

/**
 * A node's output ports: its descriptor's, plus one per named case when the activity computes ports from an input
 * (flow.switch `cases`, ai.classify `categories`: strings or `{ name }` objects), plus `error` when onError is `route`.
 */
export function portsOf(node: WorkflowNode, descriptor: ActivityDescriptor | undefined): string[] {
  const ports: string[] = [];
  if (descriptor?.hasComputedPorts) {
    for (const input of descriptor.inputs.filter(i => i.type === 'array')) {
      const value = node.inputs?.[input.name];
      if (!Array.isArray(value)) continue;
      for (const item of value) {
        const name = typeof item === 'string' ? item : item && typeof item === 'object' && !Array.isArray(item) && typeof item.name === 'string' ? item.name : null;
        if (name && !ports.includes(name)) ports.push(name);
      }
    }
  }
  for (const port of descriptor?.ports ?? [DefaultPort]) if (!ports.includes(port)) ports.push(port);
  if (node.onError === 'route' && !ports.includes(ErrorPort)) ports.push(ErrorPort);
  return ports;
}

export type ConnectionCheck = { ok: true } | { ok: false; reason: string };

export interface Connection { source: string; sourcePort: string; target: string }

/** Whether `connection` may be added to `definition`'s top-level graph. */
export function checkConnection(
  definition: WorkflowDefinition,
  descriptors: Map<string, ActivityDescriptor>,
  connection: Connection,
): ConnectionCheck {
  const source = definition.nodes.find(n => n.id === connection.source);
  const target = definition.nodes.find(n => n.id === connection.target);
  if (!source || !target) return { ok: false, reason: 'Both ends must be nodes of this workflow.' };
  if (source.id === target.id) return { ok: false, reason: 'A node cannot connect to itself.' };
  const ports = portsOf(source, descriptors.get(source.type));
  if (!ports.includes(connection.sourcePort))
    return { ok: false, reason: `'${source.id}' has no port '${connection.sourcePort}' (it has ${ports.join(', ') || 'none'}).` };
  if (descriptors.get(target.type)?.isTrigger) return { ok: false, reason: `'${target.id}' is a trigger: nothing can lead into it.` };
  const duplicate = definition.edges.some(e =>
    e.source === connection.source && (e.sourcePort ?? DefaultPort) === connection.sourcePort && e.target === connection.target);
  if (duplicate) return { ok: false, reason: 'That edge exists already.' };
  if (reaches(definition, target.id, source.id)) return { ok: false, reason: `That edge would close a cycle ('${target.id}' already leads to '${source.id}').` };
  return { ok: true };
}

/** Whether a path of edges leads from `from` to `to`. */
export function reaches(definition: WorkflowDefinition, from: string, to: string): boolean {
  const next = new Map<string, string[]>();
  for (const edge of definition.edges) next.set(edge.source, [...(next.get(edge.source) ?? []), edge.target]);
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length) {
    const id = stack.pop()!;
    if (id === to) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(next.get(id) ?? []));
  }
  return false;
}

/** Every node with a path to `nodeId` (its upstream), nearest first: what its expressions can read as `nodes.<id>`. */
export function upstreamOf(definition: WorkflowDefinition, nodeId: string): string[] {
  const previous = new Map<string, string[]>();
  for (const edge of definition.edges) previous.set(edge.target, [...(previous.get(edge.target) ?? []), edge.source]);
  const order: string[] = [];
  const seen = new Set<string>([nodeId]);
  let frontier = [nodeId];
  while (frontier.length) {
    const nextFrontier: string[] = [];
    for (const id of frontier) {
      for (const source of previous.get(id) ?? []) {
        if (seen.has(source)) continue;
        seen.add(source);
        order.push(source);
        nextFrontier.push(source);
      }
    }
    frontier = nextFrontier;
  }
  return order;
}
