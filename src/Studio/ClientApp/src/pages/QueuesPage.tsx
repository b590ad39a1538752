import { useEffect } from 'react';
import { api } from '../api/client';
import { useAsync } from '../lib/useAsync';

const RefreshMs = 3000;

/** Backlog per queue and the live workers; a queue with work waiting and no worker is flagged (the "it hangs" case). */
export function QueuesPage() {
  const queues = useAsync(() => api.queues(), []);
  const workers = useAsync(() => api.workers(), []);
  useEffect(() => {
    const timer = setInterval(() => { void queues.reload(); void workers.reload(); }, RefreshMs);
    return () => clearInterval(timer);
  }, [queues.reload, workers.reload]);

  return (
    <section className="list-page" data-testid="queues-page">
      <div className="page-head"><h1>Queues</h1></div>
      {(queues.error || workers.error) && <div className="notice error">{queues.error ?? workers.error}</div>}
      <table className="grid">
        <thead><tr><th>Queue</th><th>Waiting</th><th>Leased</th><th>Oldest due</th><th>Live workers</th><th /></tr></thead>
        <tbody>
          {(queues.data ?? []).map(q => (
            <tr key={q.queue} className={q.stalled ? 'stalled' : undefined} data-testid={`queue-row-${q.queue}`}>
              <td>{q.queue}</td>
              <td>{q.waiting}</td>
              <td>{q.leased}</td>
              <td className="muted">{q.oldestDueAt ? new Date(q.oldestDueAt).toLocaleString() : ''}</td>
              <td>{q.liveWorkers}</td>
              <td>{q.stalled
                ? <span className="tag bad" data-testid={`queue-stalled-${q.queue}`}>no worker serves this queue: its work waits</span>
                : q.liveWorkers === 0 ? <span className="tag warn">no worker</span> : <span className="tag ok">served</span>}</td>
            </tr>
          ))}
          {queues.data?.length === 0 && <tr><td colSpan={6} className="muted">No queue has work or workers.</td></tr>}
        </tbody>
      </table>
      <h2>Workers</h2>
      <table className="grid">
        <thead><tr><th>Worker</th><th>Queues</th><th>Host</th><th>Active instances</th><th>Started</th><th>Last seen</th></tr></thead>
        <tbody>
          {(workers.data ?? []).map(w => (
            <tr key={w.workerId} data-testid={`worker-row-${w.workerId}`}>
              <td>{w.workerId}</td>
              <td>{w.queues.join(', ')}</td>
              <td>{w.host}</td>
              <td>{w.activeInstances}</td>
              <td className="muted">{new Date(w.startedAt).toLocaleString()}</td>
              <td className="muted">{new Date(w.lastSeenAt).toLocaleString()}</td>
            </tr>
          ))}
          {workers.data?.length === 0 && <tr><td colSpan={6} className="muted">No live worker.</td></tr>}
        </tbody>
      </table>
    </section>
  );
}
