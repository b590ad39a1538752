// Live engine events of an instance over Server-Sent Events (GET /api/instances/{id}/events, forwarded by Studio). The
// browser's EventSource re-attaches with Last-Event-ID after a drop, and the server replays what was missed.
import type { EngineEvent } from './types';

export const EventTypes = [
  'instance.started', 'node.started', 'node.completed', 'node.failed', 'node.retrying', 'node.suspended', 'node.resumed',
  'node.skipped', 'token', 'signal.received', 'instance.suspended', 'instance.resumed', 'instance.completed',
  'instance.faulted', 'instance.cancelled', 'instance.timedOut', 'instance.terminated',
];

export const FinalEventTypes = new Set(['instance.completed', 'instance.faulted', 'instance.cancelled', 'instance.timedOut', 'instance.terminated']);

/** Subscribes to an instance's events; returns the function that closes the stream. */
export function subscribe(instanceId: string, onEvent: (event: EngineEvent) => void): () => void {
  const source = new EventSource(`/api/instances/${encodeURIComponent(instanceId)}/events`);
  const handle = (message: MessageEvent<string>) => {
    const event = JSON.parse(message.data) as EngineEvent;
    onEvent(event);
    if (FinalEventTypes.has(event.type)) source.close();
  };
  for (const type of EventTypes) source.addEventListener(type, handle as EventListener);
  source.onmessage = handle; // activities may add event types of their own
  return () => source.close();
}
