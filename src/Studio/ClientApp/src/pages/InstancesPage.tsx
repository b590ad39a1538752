import { useState } from 'react';
import { api } from '../api/client';
import type { InstanceStatus } from '../api/types';
import { Link } from '../lib/router';
import { useAsync } from '../lib/useAsync';

const statuses: InstanceStatus[] = ['pending', 'running', 'suspended', 'completed', 'faulted', 'cancelled', 'timedOut', 'terminated'];
const PageSize = 25;

/** Instances, newest first, filtered by status, workflow and creation time, a page at a time. */
export function InstancesPage() {
  const initial = new URLSearchParams(location.search);
  const [status, setStatus] = useState(initial.get('status') ?? '');
  const [definitionId, setDefinitionId] = useState(initial.get('definitionId') ?? '');
  const [after, setAfter] = useState('');
  const [before, setBefore] = useState('');
  const [skip, setSkip] = useState(0);
  const iso = (local: string) => (local ? new Date(local).toISOString() : undefined);
  const { data, error, reload } = useAsync(
    () => api.instances({ status, definitionId, createdAfter: iso(after), createdBefore: iso(before), skip, take: PageSize }),
    [status, definitionId, after, before, skip]);
  const filter = <T,>(set: (v: T) => void) => (v: T) => { set(v); setSkip(0); };

  return (
    <section className="list-page" data-testid="instances-page">
      <div className="page-head">
        <h1>Instances</h1>
        <select value={status} onChange={e => filter(setStatus)(e.target.value)} data-testid="filter-status">
          <option value="">any status</option>
          {statuses.map(s => <option key={s} value={s}>{s}</option>)}
        </select>
        <input placeholder="workflow id" value={definitionId} onChange={e => filter(setDefinitionId)(e.target.value)} data-testid="filter-definition" />
        <label className="inline">after <input type="datetime-local" value={after} onChange={e => filter(setAfter)(e.target.value)} /></label>
        <label className="inline">before <input type="datetime-local" value={before} onChange={e => filter(setBefore)(e.target.value)} /></label>
        <span className="spacer" />
        <button onClick={() => void reload()} data-testid="refresh-instances">Refresh</button>
      </div>
      {error && <div className="notice error">{error}</div>}
      <table className="grid">
        <thead><tr><th>Instance</th><th>Workflow</th><th>Status</th><th>Queue</th><th>Created</th><th>Completed</th></tr></thead>
        <tbody>
          {(data?.items ?? []).map(i => (
            <tr key={i.id} data-testid={`instance-row-${i.id}`}>
              <td><Link to={`/instances/${encodeURIComponent(i.id)}`} data-testid={`open-instance-${i.id}`}>{i.id}</Link></td>
              <td>{i.definitionId} <span className="muted">v{i.definitionVersion}</span></td>
              <td><span className={`tag s-${i.status}`}>{i.status}</span></td>
              <td>{i.queue ?? 'default'}</td>
              <td className="muted">{new Date(i.createdAt).toLocaleString()}</td>
              <td className="muted">{i.completedAt ? new Date(i.completedAt).toLocaleString() : ''}</td>
            </tr>
          ))}
          {data && data.items.length === 0 && <tr><td colSpan={6} className="muted">No instances match.</td></tr>}
        </tbody>
      </table>
      {data && (
        <div className="pager">
          <button disabled={skip === 0} onClick={() => setSkip(Math.max(0, skip - PageSize))} data-testid="page-previous">Previous</button>
          <span data-testid="page-info">{data.total === 0 ? 0 : skip + 1}–{Math.min(skip + PageSize, data.total)} of {data.total}</span>
          <button disabled={skip + PageSize >= data.total} onClick={() => setSkip(skip + PageSize)} data-testid="page-next">Next</button>
        </div>
      )}
    </section>
  );
}
