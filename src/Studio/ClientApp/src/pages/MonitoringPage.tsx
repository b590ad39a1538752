import { useEffect, useState } from 'react';
import { api } from '../api/client';
import { AlertRulesPanel } from '../components/AlertRulesPanel';
import { AlertsPanel } from '../components/AlertsPanel';
import { AttemptMetricsTable, activityRows } from '../components/AttemptMetricsTable';
import { MetricsChart, type ChartMetric } from '../components/MetricsChart';
import { WorkflowDrilldown } from '../components/WorkflowDrilldown';
import { formatCount, formatMs, formatRate, windowQuery, type WindowChoice } from '../lib/monitoring';
import { useAsync } from '../lib/useAsync';

const RefreshMs = 5000;
const choices: { value: WindowChoice; label: string }[] = [
  { value: '1h', label: 'Last hour' }, { value: '24h', label: 'Last 24 h' }, { value: '7d', label: 'Last 7 days' }, { value: 'custom', label: 'Custom' },
];

/** Figures per workflow, node and activity type over a window; open alerts, their history and the rules. Re-read every 5 s. */
export function MonitoringPage() {
  const [choice, setChoice] = useState<WindowChoice>('24h');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [chart, setChart] = useState<ChartMetric>('successRate');
  const [selected, setSelected] = useState<string>();
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick(t => t + 1), RefreshMs);
    return () => clearInterval(timer);
  }, []);

  const range = windowQuery({ choice, from, to });
  const query = 'query' in range ? range.query : undefined;
  const workflows = useAsync(() => (query ? api.workflowMetrics(query) : Promise.resolve(undefined)), [query, tick]);
  const activities = useAsync(() => (query ? api.activityMetrics(query) : Promise.resolve(undefined)), [query, tick]);
  const open = useAsync(() => api.openAlerts(), [tick]);
  const history = useAsync(() => api.alertHistory(), [tick]);
  const rules = useAsync(() => api.alertRules(), [tick]);
  const rows = workflows.data?.workflows ?? [];
  const error = workflows.error ?? activities.error ?? open.error ?? history.error ?? rules.error;

  return (
    <section className="list-page monitoring" data-testid="monitoring-page">
      <div className="page-head">
        <h1>Monitoring</h1>
        <select value={choice} onChange={e => setChoice(e.target.value as WindowChoice)} data-testid="window-choice">
          {choices.map(c => <option key={c.value} value={c.value}>{c.label}</option>)}
        </select>
        {choice === 'custom' && <>
          <label className="inline">from <input type="datetime-local" value={from} onChange={e => setFrom(e.target.value)} data-testid="window-from" /></label>
          <label className="inline">to <input type="datetime-local" value={to} onChange={e => setTo(e.target.value)} data-testid="window-to" /></label>
        </>}
        {'error' in range && <span className="field-error" data-testid={`window-error-${range.field}`}>{range.error}</span>}
        {workflows.data && <span className="muted small" data-testid="window-range">
          {new Date(workflows.data.from).toLocaleString()} – {new Date(workflows.data.to).toLocaleString()}</span>}
        <span className="spacer" />
        <button onClick={() => setTick(t => t + 1)} data-testid="refresh-monitoring">Refresh</button>
      </div>
      {error && <div className="notice error">{error}</div>}

      <h2>Workflows</h2>
      <table className="grid small metrics">
        <thead>
          <tr><th>Workflow</th><th>Runs</th><th>Successes</th><th>Failures</th><th>Success rate</th><th>Retries</th>
            <th>Avg</th><th>p50</th><th>p95</th><th>Max</th><th>Tokens</th><th /></tr>
        </thead>
        <tbody>
          {rows.map(w => (
            <tr key={w.definitionId} data-testid={`wf-row-${w.definitionId}`} className={selected === w.definitionId ? 'selected' : undefined}>
              <td>{w.definitionId}{w.inProgress > 0 && <span className="tag s-running">{w.inProgress} running</span>}</td>
              <td data-testid={`wf-runs-${w.definitionId}`}>{formatCount(w.runs)}</td>
              <td data-testid={`wf-successes-${w.definitionId}`}>{formatCount(w.successes)}</td>
              <td data-testid={`wf-failures-${w.definitionId}`} className={w.failures ? 'bad' : undefined}>{formatCount(w.failures)}</td>
              <td data-testid={`wf-rate-${w.definitionId}`}>{formatRate(w.successRate)}</td>
              <td>{formatCount(w.retries)}</td>
              <td>{formatMs(w.duration.avgMs)}</td><td>{formatMs(w.duration.p50Ms)}</td><td>{formatMs(w.duration.p95Ms)}</td>
              <td>{formatMs(w.duration.maxMs)}</td><td>{formatCount(w.tokens)}</td>
              <td className="actions"><button onClick={() => setSelected(selected === w.definitionId ? undefined : w.definitionId)}
                data-testid={`drill-${w.definitionId}`}>Nodes</button></td>
            </tr>
          ))}
          {workflows.data && rows.length === 0 && <tr><td colSpan={12} className="muted">No workflow ran in this window.</td></tr>}
        </tbody>
      </table>
      {selected && query && <WorkflowDrilldown id={selected} window={query} refresh={tick} onClose={() => setSelected(undefined)} />}
      {rows.length > 0 && (
        <div className="chart-panel">
          <div className="chart-tabs">
            <button className={chart === 'successRate' ? 'primary' : undefined} onClick={() => setChart('successRate')} data-testid="chart-success">Success rate</button>
            <button className={chart === 'p95' ? 'primary' : undefined} onClick={() => setChart('p95')} data-testid="chart-p95">p95 duration</button>
          </div>
          <MetricsChart workflows={rows} metric={chart} />
        </div>
      )}

      <h2>Activity types</h2>
      {activities.data && <AttemptMetricsTable rows={activityRows(activities.data.activities)} kind="Activity type" testIdPrefix="activity-row" />}

      <AlertsPanel open={open.data?.alerts} history={history.data?.alerts} />
      <AlertRulesPanel rules={rules.data?.rules} onChanged={() => setTick(t => t + 1)} />
    </section>
  );
}
