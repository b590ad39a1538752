import type { WorkflowMetrics } from '../api/monitoringTypes';
import { formatMs, formatRate, scaleBars } from '../lib/monitoring';

export type ChartMetric = 'successRate' | 'p95';

const LabelWidth = 180;
const BarLength = 420;
const ValueWidth = 90;
const RowHeight = 22;

/**
 * One horizontal bar per workflow, drawn as plain SVG: its success rate on a fixed 0–100% scale (the rest of the bar,
 * red, is the failure rate), or its p95 duration on a scale rounded up from the slowest workflow.
 */
export function MetricsChart({ workflows, metric }: { workflows: WorkflowMetrics[]; metric: ChartMetric }) {
  const values = workflows.map(w => (metric === 'successRate' ? w.successRate : w.duration.p95Ms));
  const { max, lengths } = scaleBars(values, BarLength, metric === 'successRate' ? 1 : undefined);
  const height = workflows.length * RowHeight + 24;
  const width = LabelWidth + BarLength + ValueWidth;
  return (
    <svg className="metrics-chart" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img"
      aria-label={metric === 'successRate' ? 'Success rate per workflow' : 'p95 duration per workflow'} data-testid="metrics-chart">
      {workflows.map((w, i) => {
        const y = i * RowHeight;
        const value = values[i];
        return (
          <g key={w.definitionId} transform={`translate(0, ${y})`} data-testid={`chart-bar-${w.definitionId}`}>
            <text x={LabelWidth - 8} y={15} textAnchor="end" className="chart-label">{w.definitionId}</text>
            {metric === 'successRate' && value !== null && value !== undefined &&
              <rect x={LabelWidth} y={4} width={BarLength} height={RowHeight - 8} className="bar-failure" />}
            {(metric !== 'successRate' || (value !== null && value !== undefined)) &&
              <rect x={LabelWidth} y={4} width={lengths[i]} height={RowHeight - 8} className={metric === 'successRate' ? 'bar-success' : 'bar-duration'} />}
            <text x={LabelWidth + BarLength + 6} y={15} className="chart-value">{metric === 'successRate' ? formatRate(value) : formatMs(value)}</text>
          </g>
        );
      })}
      <g transform={`translate(0, ${workflows.length * RowHeight + 4})`} className="chart-axis">
        <line x1={LabelWidth} x2={LabelWidth + BarLength} y1={0} y2={0} />
        <text x={LabelWidth} y={16}>0</text>
        <text x={LabelWidth + BarLength} y={16} textAnchor="end">{metric === 'successRate' ? '100%' : formatMs(max)}</text>
      </g>
    </svg>
  );
}
