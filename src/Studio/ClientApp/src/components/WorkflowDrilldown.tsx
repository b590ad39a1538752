import { api } from '../api/client';
import { formatMs, formatRate } from '../lib/monitoring';
import { useAsync } from '../lib/useAsync';
import { AttemptMetricsTable, nodeRows } from './AttemptMetricsTable';

/** One workflow's figures per node over the page's window (every version of the definition counts). */
export function WorkflowDrilldown({ id, window, refresh, onClose }: { id: string; window: string; refresh: number; onClose: () => void }) {
  const detail = useAsync(() => api.workflowDetail(id, window), [id, window, refresh]);
  const w = detail.data?.workflow;
  return (
    <section className="drilldown" data-testid={`drilldown-${id}`}>
      <div className="page-head">
        <h2>{id}: per node</h2>
        {w && <span className="muted small">{w.runs} {w.runs === 1 ? "run" : "runs"} · success {formatRate(w.successRate)} · stdev {formatMs(w.duration.stdevMs)} ·
          {' '}min {formatMs(w.duration.minMs)} · {w.cancelled} cancelled · {w.inProgress} in progress</span>}
        <span className="spacer" />
        <button onClick={onClose} data-testid="close-drilldown">Close</button>
      </div>
      {detail.error && <div className="notice error">{detail.error}</div>}
      {detail.data && <AttemptMetricsTable rows={nodeRows(detail.data.nodes)} kind="Node" testIdPrefix="node-row" />}
    </section>
  );
}
