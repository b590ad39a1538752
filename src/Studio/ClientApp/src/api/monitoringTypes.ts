// The workflow server's metrics and alert shapes (docs/monitoring.md). Optional figures are absent when nothing was measured.

export interface DurationStats {
  count: number; minMs?: number | null; avgMs?: number | null; p50Ms?: number | null; p95Ms?: number | null; maxMs?: number | null; stdevMs?: number | null;
}

export interface WorkflowMetrics {
  definitionId: string; runs: number; successes: number; failures: number; cancelled: number; inProgress: number;
  successRate?: number | null; failureRate?: number | null; retries: number; tokens: number; duration: DurationStats;
}

interface AttemptMetrics {
  attempts: number; runs: number; successes: number; failures: number; retries: number;
  successRate?: number | null; tokens: number; duration: DurationStats;
}

export interface NodeMetrics extends AttemptMetrics { definitionId: string; nodeId: string; activityType: string }
export interface ActivityTypeMetrics extends AttemptMetrics { activityType: string }

export interface WorkflowMetricsResponse { from: string; to: string; workflows: WorkflowMetrics[] }
export interface WorkflowDetailResponse { from: string; to: string; workflow: WorkflowMetrics; nodes: NodeMetrics[] }
export interface ActivityMetricsResponse { from: string; to: string; activities: ActivityTypeMetrics[] }

export const AlertMetrics = ['failureRate', 'avgDuration', 'p95Duration', 'nodeSuccessRate', 'queueStalled', 'suspendedFor'] as const;
export type AlertMetric = typeof AlertMetrics[number];

export interface AlertRecord {
  id: string; ruleId: string; kind: string; subject: string; message: string; value?: number | null; threshold?: number | null;
  openedAt: string; resolvedAt?: string | null; resolvedValue?: number | null;
}

/** A rule as the server lists it: durations as text (`"2s"`), rates in percent, and where it comes from. */
export interface AlertRuleInfo {
  id: string; metric: string; workflow?: string; node?: string; queue?: string; window?: string; threshold?: number | string;
  minRuns?: number; enabled: boolean; description?: string; source: 'configuration' | 'api';
}

/** What the rule form sends; empty fields are left out so the server applies its defaults. */
export type AlertRuleBody = Record<string, string | number | boolean>;
