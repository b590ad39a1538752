// The live picture of one instance, folded from its engine events (and seeded from its journal): each node's status,
// streamed tokens, the instance's status, and the events seen. Pure, so the run console and the viewer share it.
import type { EngineEvent, JournalEntry } from '../api/types';

export interface RunState {
  instanceStatus?: string;
  statuses: Record<string, string>;
  tokens: Record<string, string>;
  events: EngineEvent[];
  lastSequence: number;
}

export const emptyRun: RunState = { statuses: {}, tokens: {}, events: [], lastSequence: 0 };

const nodeStatusOf: Record<string, string> = {
  'node.started': 'running',
  'node.completed': 'completed',
  'node.failed': 'failed',
  'node.retrying': 'retrying',
  'node.suspended': 'suspended',
  'node.resumed': 'running',
  'node.skipped': 'skipped',
};

const instanceStatusOf: Record<string, string> = {
  'instance.started': 'running',
  'instance.resumed': 'running',
  'instance.suspended': 'suspended',
  'instance.completed': 'completed',
  'instance.faulted': 'faulted',
  'instance.cancelled': 'cancelled',
  'instance.timedOut': 'timedOut',
  'instance.terminated': 'terminated',
};

/** Only top-level nodes are on the canvas: events of a container's body (a non-empty scope) do not colour it. */
const isTopLevel = (event: EngineEvent) => !event.data?.scope;

/** Folds one event in. An event already seen (same or lower sequence, after a re-attach) changes nothing. */
export function applyEvent(state: RunState, event: EngineEvent, keepEvents = 500): RunState {
  if (event.sequence <= state.lastSequence) return state;
  const next: RunState = { ...state, lastSequence: event.sequence, events: [...state.events, event].slice(-keepEvents) };
  const nodeStatus = nodeStatusOf[event.type];
  if (nodeStatus && event.nodeId && isTopLevel(event)) next.statuses = { ...state.statuses, [event.nodeId]: nodeStatus };
  const instanceStatus = instanceStatusOf[event.type];
  if (instanceStatus) next.instanceStatus = instanceStatus;
  if (event.type === 'token' && event.nodeId && typeof event.data?.delta === 'string')
    next.tokens = { ...state.tokens, [event.nodeId]: (state.tokens[event.nodeId] ?? '') + event.data.delta };
  return next;
}

/** Each top-level node's status from its latest journal attempt (journal statuses are the node statuses already). */
export function statusesFromJournal(journal: JournalEntry[]): Record<string, string> {
  const statuses: Record<string, string> = {};
  for (const entry of journal) {
    if (entry.scope) continue;
    statuses[entry.nodeId] = entry.status === 'interrupted' ? 'running' : entry.status;
  }
  return statuses;
}

/** A per-node summary of the journal: attempts, last status, duration, inputs, output, error. */
export interface NodeRun { nodeId: string; attempts: number; status: string; durationMs?: number; inputs?: unknown; output?: unknown; error?: unknown; port?: string }

export function summarizeJournal(journal: JournalEntry[]): NodeRun[] {
  const byNode = new Map<string, NodeRun>();
  for (const entry of journal) {
    if (entry.scope) continue;
    const previous = byNode.get(entry.nodeId);
    byNode.set(entry.nodeId, {
      nodeId: entry.nodeId,
      attempts: Math.max(previous?.attempts ?? 0, entry.attempt),
      status: entry.status,
      durationMs: entry.durationMs,
      inputs: entry.inputs,
      output: entry.output,
      error: entry.error,
      port: entry.port,
    });
  }
  return [...byNode.values()];
}
