import type { AlertRecord } from '../api/monitoringTypes';
import { formatAlertValue } from '../lib/monitoring';

const time = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString() : '');

/** Open alerts (oldest first) and the history (newest first), as the server keeps them. */
export function AlertsPanel({ open, history }: { open: AlertRecord[] | undefined; history: AlertRecord[] | undefined }) {
  return (
    <>
      <h2>Open alerts {open && <span className={`tag ${open.length ? 'bad' : 'ok'}`} data-testid="open-alert-count">{open.length}</span>}</h2>
      <table className="grid small">
        <thead><tr><th>Kind</th><th>Rule</th><th>Subject</th><th>Since</th><th>Value</th><th>Threshold</th><th>Message</th></tr></thead>
        <tbody>
          {(open ?? []).map(a => (
            <tr key={a.id} className="alert-open" data-testid={`open-alert-${a.ruleId}`}>
              <td><span className="tag bad">{a.kind}</span></td>
              <td>{a.ruleId}</td>
              <td>{a.subject}</td>
              <td className="muted">{time(a.openedAt)}</td>
              <td data-testid={`open-alert-value-${a.ruleId}`}>{formatAlertValue(a.kind, a.value)}</td>
              <td>{formatAlertValue(a.kind, a.threshold)}</td>
              <td className="muted">{a.message}</td>
            </tr>
          ))}
          {open?.length === 0 && <tr><td colSpan={7} className="muted">No alert is open.</td></tr>}
        </tbody>
      </table>
      <h2>Alert history</h2>
      <table className="grid small">
        <thead><tr><th>Kind</th><th>Rule</th><th>Subject</th><th>Opened</th><th>Value</th><th>Resolved</th><th>Value then</th></tr></thead>
        <tbody>
          {(history ?? []).map(a => (
            <tr key={a.id} data-testid={`alert-history-${a.id}`}>
              <td><span className="tag">{a.kind}</span></td>
              <td>{a.ruleId}</td>
              <td>{a.subject}</td>
              <td className="muted">{time(a.openedAt)}</td>
              <td>{formatAlertValue(a.kind, a.value)}</td>
              <td>{a.resolvedAt ? <span className="muted">{time(a.resolvedAt)}</span> : <span className="tag bad">open</span>}</td>
              <td>{a.resolvedAt ? formatAlertValue(a.kind, a.resolvedValue) : ''}</td>
            </tr>
          ))}
          {history?.length === 0 && <tr><td colSpan={7} className="muted">No alert has opened yet.</td></tr>}
        </tbody>
      </table>
    </>
  );
}
