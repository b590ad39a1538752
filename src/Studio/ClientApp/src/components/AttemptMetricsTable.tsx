import type { ActivityTypeMetrics, NodeMetrics } from '../api/monitoringTypes';
import { formatCount, formatMs, formatRate } from '../lib/monitoring';

type Row = (NodeMetrics | ActivityTypeMetrics) & { key: string; label: string; activityType: string };

/** Figures of node executions: per node of one workflow (drill-down) or per activity type (all workflows). */
export function AttemptMetricsTable({ rows, kind, testIdPrefix }: { rows: Row[]; kind: 'Node' | 'Activity type'; testIdPrefix: string }) {
  return (
    <table className="grid small metrics">
      <thead>
        <tr>
          <th>{kind}</th>{kind === 'Node' && <th>Activity</th>}<th>Attempts</th><th>Runs</th><th>Successes</th><th>Failures</th>
          <th>Success rate</th><th>Retries</th><th>Avg</th><th>p50</th><th>p95</th><th>Max</th><th>Tokens</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(r => (
          <tr key={r.key} data-testid={`${testIdPrefix}-${r.key}`}>
            <td>{r.label}</td>{kind === 'Node' && <td className="muted">{r.activityType}</td>}
            <td>{formatCount(r.attempts)}</td><td>{formatCount(r.runs)}</td><td>{formatCount(r.successes)}</td>
            <td className={r.failures ? 'bad' : undefined}>{formatCount(r.failures)}</td><td>{formatRate(r.successRate)}</td>
            <td>{formatCount(r.retries)}</td><td>{formatMs(r.duration.avgMs)}</td><td>{formatMs(r.duration.p50Ms)}</td>
            <td>{formatMs(r.duration.p95Ms)}</td><td>{formatMs(r.duration.maxMs)}</td><td>{formatCount(r.tokens)}</td>
          </tr>
        ))}
        {rows.length === 0 && <tr><td colSpan={13} className="muted">Nothing ran in this window.</td></tr>}
      </tbody>
    </table>
  );
}

export function nodeRows(nodes: NodeMetrics[]): Row[] {
  return nodes.map(n => ({ ...n, key: n.nodeId, label: n.nodeId }));
}

export function activityRows(activities: ActivityTypeMetrics[]): Row[] {
  return activities.map(a => ({ ...a, key: a.activityType, label: a.activityType }));
}
