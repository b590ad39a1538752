// Problems shown on nodes and fields: the server's validation errors (POST /api/definitions/validate, or a refused
// publish), plus what Studio can tell at once without asking (a missing required input, an unclosed `{{`).
import type { ActivityDescriptor, ValidationError, WorkflowDefinition } from '../api/types';
import { parseTemplate } from './template';

export interface NodeProblem { field?: string; message: string; code: string }

/** The input a validation path names: `$.nodes[3].inputs.text` → `text`; `$.nodes[3].retry` → `retry`. */
export function fieldOfPath(path: string | undefined): string | undefined {
  if (!path) return undefined;
  const match = /^\$\.nodes\[\d+\]\.(?:inputs\.([A-Za-z0-9_]+)|([A-Za-z]+))/.exec(path);
  return match ? match[1] ?? match[2] : undefined;
}

/** Server errors grouped by node id (errors without a node go under ''). */
export function groupByNode(errors: ValidationError[]): Map<string, NodeProblem[]> {
  const byNode = new Map<string, NodeProblem[]>();
  for (const error of errors) {
    const key = error.nodeId ?? '';
    byNode.set(key, [...(byNode.get(key) ?? []), { field: fieldOfPath(error.path), message: error.message, code: error.code }]);
  }
  return byNode;
}

/** What the designer finds by itself: required inputs with no value and no default, and templates that do not parse. */
export function localProblems(definition: WorkflowDefinition, descriptors: Map<string, ActivityDescriptor>): Map<string, NodeProblem[]> {
  const byNode = new Map<string, NodeProblem[]>();
  const add = (nodeId: string, problem: NodeProblem) => byNode.set(nodeId, [...(byNode.get(nodeId) ?? []), problem]);
  for (const node of definition.nodes) {
    const descriptor = descriptors.get(node.type);
    if (!descriptor) {
      add(node.id, { code: 'UnknownActivity', message: `Unknown activity type '${node.type}'.` });
      continue;
    }
    for (const input of descriptor.inputs) {
      const value = node.inputs?.[input.name];
      const empty = value === undefined || value === null || value === '';
      if (input.required && empty && (input.default === undefined || input.default === null))
        add(node.id, { code: 'MissingInput', field: input.name, message: `Input '${input.name}' is required.` });
      if (typeof value === 'string') {
        const parsed = parseTemplate(value);
        if (parsed.error) add(node.id, { code: 'TemplateSyntax', field: input.name, message: `${input.name}: ${parsed.error.message}` });
      }
    }
  }
  return byNode;
}

/** Local and server problems together, without repeating one the server also reported for the same field. */
export function mergeProblems(local: Map<string, NodeProblem[]>, server: Map<string, NodeProblem[]>): Map<string, NodeProblem[]> {
  const merged = new Map(server);
  for (const [nodeId, problems] of local) {
    const existing = merged.get(nodeId) ?? [];
    const extra = problems.filter(p => !existing.some(e => e.field === p.field && e.field !== undefined));
    merged.set(nodeId, [...existing, ...extra]);
  }
  return merged;
}
