// The workflow server's API as Studio calls it: same origin (/api, forwarded by Studio's host, which adds the API key).
// Failures throw ApiError carrying the Problem Details the server sent.
import { reportOffline, reportOnline } from './connection';
import type {
  ActivityDescriptor, DefinitionResponse, DefinitionSummary, InstancePage, InstanceSnapshot, JournalEntry, Json, Problem,
  QueueInfo, ValidationError, VersionInfo, WorkerInfo, WorkflowDefinition,
} from './types';
import type {
  ActivityMetricsResponse, AlertRecord, AlertRuleBody, AlertRuleInfo, WorkflowDetailResponse, WorkflowMetricsResponse,
} from './monitoringTypes';

export class ApiError extends Error {
  constructor(public readonly status: number, public readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
  }
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    reportOffline();
    throw new ApiError(0, { title: 'Network error', detail: `Studio is unreachable: ${(error as Error).message}` });
  }
  if (response.status === 502) reportOffline(); else reportOnline();
  const text = await response.text();
  const parsed = text ? safeParse(text) : undefined;
  if (!response.ok) throw new ApiError(response.status, (parsed as Problem) ?? { status: response.status, detail: text });
  return parsed as T;
}

function safeParse(text: string): unknown {
  try { return JSON.parse(text); } catch { return text; }
}

const enc = encodeURIComponent;

export const api = {
  activities: () => call<ActivityDescriptor[]>('GET', '/api/activities'),

  definitions: () => call<DefinitionSummary[]>('GET', '/api/definitions'),
  definition: (id: string) => call<DefinitionResponse>('GET', `/api/definitions/${enc(id)}`),
  version: (id: string, version: number) => call<DefinitionResponse>('GET', `/api/definitions/${enc(id)}/versions/${version}`),
  versions: (id: string) => call<VersionInfo[]>('GET', `/api/definitions/${enc(id)}/versions`),
  create: (definition: WorkflowDefinition) => call<DefinitionResponse>('POST', '/api/definitions', definition),
  save: (definition: WorkflowDefinition) => call<DefinitionResponse>('PUT', `/api/definitions/${enc(definition.id)}`, definition),
  remove: (id: string) => call<void>('DELETE', `/api/definitions/${enc(id)}`),
  publish: (id: string, version?: number) => call<{ id: string; publishedVersion: number }>('POST', `/api/definitions/${enc(id)}/publish`, version ? { version } : {}),
  validate: (definition: WorkflowDefinition) => call<{ valid: boolean; errors: ValidationError[] }>('POST', '/api/definitions/validate', definition),
  importDefinitions: (documents: Json) => call<{ imported: { id: string; version: number; published: boolean }[] }>('POST', '/api/definitions/import', documents),
  exportUrl: (id: string, version?: number) => `/api/definitions/${enc(id)}/export${version ? `?version=${version}` : ''}`,

  instances: (query: Record<string, string | number | undefined>) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, String(v));
    return call<InstancePage>('GET', `/api/instances?${params}`);
  },
  instance: (id: string) => call<InstanceSnapshot>('GET', `/api/instances/${enc(id)}`),
  journal: (id: string) => call<JournalEntry[]>('GET', `/api/instances/${enc(id)}/journal`),
  start: (definitionId: string, input: Json, version?: number) =>
    call<{ instanceId: string; created: boolean; status: string }>('POST', '/api/instances', { definitionId, version, input }),
  signal: (id: string, name: string, payload: Json) => call<unknown>('POST', `/api/instances/${enc(id)}/signals/${enc(name)}`, payload),
  cancel: (id: string) => call<unknown>('POST', `/api/instances/${enc(id)}/cancel`),
  terminate: (id: string) => call<unknown>('POST', `/api/instances/${enc(id)}/terminate`),
  retry: (id: string) => call<unknown>('POST', `/api/instances/${enc(id)}/retry`),

  queues: () => call<QueueInfo[]>('GET', '/api/queues'),
  workers: () => call<WorkerInfo[]>('GET', '/api/workers'),

  /** `window` is the query string of a metrics window (`window=1h`, or `from=…&to=…`). */
  workflowMetrics: (window: string) => call<WorkflowMetricsResponse>('GET', `/api/metrics/workflows?${window}`),
  workflowDetail: (id: string, window: string) => call<WorkflowDetailResponse>('GET', `/api/metrics/workflows/${enc(id)}?${window}`),
  activityMetrics: (window: string) => call<ActivityMetricsResponse>('GET', `/api/metrics/activities?${window}`),
  openAlerts: () => call<{ alerts: AlertRecord[] }>('GET', '/api/alerts'),
  alertHistory: (take = 50) => call<{ alerts: AlertRecord[] }>('GET', `/api/alerts/history?take=${take}`),
  alertRules: () => call<{ rules: AlertRuleInfo[] }>('GET', '/api/alerts/rules'),
  createAlertRule: (rule: AlertRuleBody) => call<AlertRuleInfo>('POST', '/api/alerts/rules', rule),
  deleteAlertRule: (id: string) => call<void>('DELETE', `/api/alerts/rules/${enc(id)}`),
};

/** The message to show for a failed call: the server's detail, and every validation error it listed. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    const lines = [error.message];
    for (const e of error.problem.errors ?? []) lines.push(`${e.nodeId ? `${e.nodeId}: ` : ''}${e.message}`);
    return lines.join('\n');
  }
  return error instanceof Error ? error.message : String(error);
}
