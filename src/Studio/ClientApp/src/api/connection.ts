// Whether Studio can reach the workflow server. A network failure or a 502 from Studio's forwarder marks it lost; the next
// answer from the server marks it back. While lost, a probe asks /api/queues every few seconds so the banner clears on
// its own once the server is back.
type Listener = (online: boolean) => void;

let online = true;
const listeners = new Set<Listener>();
let probe: ReturnType<typeof setInterval> | undefined;

export const ProbeIntervalMs = 2000;

export function isOnline() { return online; }

export function onConnectionChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function reportOnline() { set(true); }
export function reportOffline() { set(false); }

function set(value: boolean) {
  if (online === value) return;
  online = value;
  if (!value && !probe) {
    probe = setInterval(() => {
      fetch('/api/queues').then(r => { if (r.status !== 502) reportOnline(); }).catch(() => undefined);
    }, ProbeIntervalMs);
  }
  if (value && probe) { clearInterval(probe); probe = undefined; }
  for (const listener of listeners) listener(value);
}
