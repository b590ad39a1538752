// What changed between two versions of a definition, node by node and edge by edge, for the version history's compare.
import type { WorkflowDefinition } from '../api/types';

export interface DefinitionDiff {
  addedNodes: string[];
  removedNodes: string[];
  changedNodes: string[];
  addedEdges: string[];
  removedEdges: string[];
  settingsChanged: boolean;
}

const edgeKey = (e: { source: string; sourcePort?: string; target: string }) => `${e.source}.${e.sourcePort ?? 'done'} → ${e.target}`;

/** Differences from `before` to `after`. Positions do not count as a change: moving a node changes nothing that runs. */
export function diffDefinitions(before: WorkflowDefinition, after: WorkflowDefinition): DefinitionDiff {
  const beforeNodes = new Map(before.nodes.map(n => [n.id, n]));
  const afterNodes = new Map(after.nodes.map(n => [n.id, n]));
  const strip = (n: object) => JSON.stringify({ ...n, position: undefined });
  const beforeEdges = new Set(before.edges.map(edgeKey));
  const afterEdges = new Set(after.edges.map(edgeKey));
  const settings = (d: WorkflowDefinition) => JSON.stringify([d.name, d.description, d.inputs, d.variables, d.options]);
  return {
    addedNodes: [...afterNodes.keys()].filter(id => !beforeNodes.has(id)),
    removedNodes: [...beforeNodes.keys()].filter(id => !afterNodes.has(id)),
    changedNodes: [...afterNodes.keys()].filter(id => beforeNodes.has(id) && strip(beforeNodes.get(id)!) !== strip(afterNodes.get(id)!)),
    addedEdges: [...afterEdges].filter(k => !beforeEdges.has(k)),
    removedEdges: [...beforeEdges].filter(k => !afterEdges.has(k)),
    settingsChanged: settings(before) !== settings(after),
  };
}

export function isEmptyDiff(diff: DefinitionDiff): boolean {
  return !diff.settingsChanged && [diff.addedNodes, diff.removedNodes, diff.changedNodes, diff.addedEdges, diff.removedEdges].every(l => l.length === 0);
}
