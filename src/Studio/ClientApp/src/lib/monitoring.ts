// Pure helpers of the Monitoring page: the window's query, how figures are written, chart scaling, the rule form's body.
import type { AlertRuleBody } from '../api/monitoringTypes';

export type WindowChoice = '1h' | '24h' | '7d' | 'custom';

/** The preset windows as the server's `window` parameter: relative to the server's clock, so browser clock skew never hides runs. */
const presetWindows: Record<Exclude<WindowChoice, 'custom'>, string> = { '1h': '1h', '24h': '1d', '7d': '1w' };

export interface WindowSelection { choice: WindowChoice; from?: string; to?: string }
export type WindowQuery = { query: string } | { error: string; field: 'from' | 'to' };

/**
 * The metrics query string of a window: a preset asks for `window=…` ending at the server's now; a custom window sends
 * `from`/`to` (values of datetime-local inputs, read in the browser's time zone) as ISO 8601 UTC. `to` may be left empty
 * (the server's now); `from` must come before `to`.
 */
export function windowQuery(selection: WindowSelection): WindowQuery {
  if (selection.choice !== 'custom') return { query: `window=${presetWindows[selection.choice]}` };
  const from = parseLocal(selection.from);
  if (!from) return { error: 'Choose when the window starts.', field: 'from' };
  const params = new URLSearchParams({ from: from.toISOString() });
  if (selection.to) {
    const to = parseLocal(selection.to);
    if (!to) return { error: 'The end is not a date and time.', field: 'to' };
    if (to.getTime() <= from.getTime()) return { error: 'The window must end after it starts.', field: 'to' };
    params.set('to', to.toISOString());
  }
  return { query: params.toString() };
}

function parseLocal(text: string | undefined): Date | undefined {
  if (!text) return undefined;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** A rate of 0..1 as a percentage with one decimal (`66.7%`); a dash when there is none (nothing finished). */
export function formatRate(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)}%`;
}

/** A percentage already in 0..100 (alert values of rate rules). */
export function formatPercent(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${Number(value.toFixed(2))}%`;
}

/** Milliseconds in the unit that reads best: `850 ms`, `12.4 ms`, `1.25 s`, `2.5 min`, `1.5 h`; a dash when absent. */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  if (ms < 10) return `${Number(ms.toFixed(2))} ms`;
  if (ms < 1000) return `${Number(ms.toFixed(1))} ms`;
  if (ms < 60_000) return `${Number((ms / 1000).toFixed(2))} s`;
  if (ms < 3_600_000) return `${Number((ms / 60_000).toFixed(1))} min`;
  return `${Number((ms / 3_600_000).toFixed(1))} h`;
}

/** Whole numbers with thousands separators, the same in every browser locale (tests read them). */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** An alert's value or threshold in its metric's unit: percent for rates, a duration for durations, a count for queues. */
export function formatAlertValue(metric: string, value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  if (metric === 'failureRate' || metric === 'nodeSuccessRate') return formatPercent(value);
  if (metric === 'queueStalled') return `${formatCount(value)} waiting`;
  return formatMs(value);
}

/** The smallest 1, 2 or 5 × 10ⁿ at or above `value`: a chart axis that ends on a round number. */
export function niceCeiling(value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * magnitude >= value * (1 - 1e-12)) return step * magnitude;
  return 10 * magnitude;
}

/**
 * Bar lengths for values on a chart `length` long: proportional to `max` (default: the largest value rounded up by
 * niceCeiling). Absent values are 0; a positive value never vanishes (at least 1).
 */
export function scaleBars(values: (number | null | undefined)[], length: number, max?: number): { max: number; lengths: number[] } {
  const present = values.filter((v): v is number => typeof v === 'number' && v > 0);
  const top = max ?? niceCeiling(present.length ? Math.max(...present) : 0);
  const lengths = values.map(v => (typeof v === 'number' && v > 0 ? Math.max(1, Math.min(length, (v / top) * length)) : 0));
  return { max: top, lengths };
}

export interface RuleForm {
  id: string; metric: string; workflow: string; node: string; queue: string; window: string; threshold: string;
  minRuns: string; description: string; enabled: boolean;
}

export const emptyRuleForm: RuleForm = {
  id: '', metric: 'failureRate', workflow: '', node: '', queue: '', window: '', threshold: '', minRuns: '', description: '', enabled: true,
};

/**
 * The JSON the server reads (POST /api/alerts/rules): blank fields left out (the server's defaults apply), a threshold or
 * minRuns that is a plain number sent as a number, anything else as typed — the server judges it and names the field.
 */
export function ruleBody(form: RuleForm): AlertRuleBody {
  const body: AlertRuleBody = {};
  const text = (name: keyof RuleForm) => (typeof form[name] === 'string' ? (form[name] as string).trim() : '');
  for (const name of ['id', 'metric', 'workflow', 'node', 'queue', 'window', 'description'] as const) if (text(name)) body[name] = text(name);
  for (const name of ['threshold', 'minRuns'] as const) {
    const value = text(name);
    if (value) body[name] = /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  }
  if (!form.enabled) body.enabled = false;
  return body;
}

/** The form field a Problem Details `field` names (`$.threshold` → `threshold`); undefined for the body as a whole. */
export function problemField(field: string | undefined): string | undefined {
  if (!field) return undefined;
  const name = field.startsWith('$.') ? field.slice(2) : field;
  return name && name !== '$' ? name.split(/[.[]/)[0] : undefined;
}
