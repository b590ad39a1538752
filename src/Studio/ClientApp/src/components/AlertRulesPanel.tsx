import { useState, type FormEvent } from 'react';
import { ApiError, api, describeError } from '../api/client';
import { AlertMetrics, type AlertRuleInfo } from '../api/monitoringTypes';
import { emptyRuleForm, problemField, ruleBody, type RuleForm } from '../lib/monitoring';

const placeholders: Record<string, string> = {
  failureRate: 'percent, e.g. 10 or 10%', nodeSuccessRate: 'percent, e.g. 90', avgDuration: 'e.g. 1500ms, 2s',
  p95Duration: 'e.g. 2s', suspendedFor: 'e.g. 10m, 7d', queueStalled: 'none',
};

const textFields: { name: keyof RuleForm; label: string; placeholder?: string }[] = [
  { name: 'id', label: 'Id' }, { name: 'workflow', label: 'Workflow', placeholder: 'every workflow' },
  { name: 'node', label: 'Node', placeholder: 'whole workflow' }, { name: 'queue', label: 'Queue', placeholder: 'every queue' },
  { name: 'window', label: 'Window', placeholder: '1h' }, { name: 'threshold', label: 'Threshold' },
  { name: 'minRuns', label: 'Min runs', placeholder: '1' }, { name: 'description', label: 'Description' },
];

/** Every rule (configuration and API); create one (the server's 400 shown on the field it names) or delete an API rule. */
export function AlertRulesPanel({ rules, onChanged }: { rules: AlertRuleInfo[] | undefined; onChanged: () => void }) {
  const [form, setForm] = useState<RuleForm>(emptyRuleForm);
  const [fieldError, setFieldError] = useState<{ field?: string; message: string }>();
  const [busy, setBusy] = useState(false);
  const set = (name: keyof RuleForm, value: string | boolean) => { setForm({ ...form, [name]: value }); setFieldError(undefined); };

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      await api.createAlertRule(ruleBody(form));
      setForm(emptyRuleForm);
      setFieldError(undefined);
      onChanged();
    } catch (error) {
      const field = error instanceof ApiError ? problemField(error.problem.field) : undefined;
      const onForm = field === 'metric' || textFields.some(f => f.name === field);
      setFieldError({ field: onForm ? field : undefined, message: describeError(error) });
    } finally {
      setBusy(false);
    }
  };

  const remove = async (id: string) => {
    try { await api.deleteAlertRule(id); setFieldError(undefined); onChanged(); }
    catch (error) { setFieldError({ message: describeError(error) }); }
  };

  const errorOn = (name: string) => fieldError?.field === name
    ? <span className="field-error" data-testid={`rule-error-${name}`}>{fieldError.message}</span> : null;

  return (
    <>
      <h2>Alert rules</h2>
      <table className="grid small">
        <thead><tr><th>Id</th><th>Metric</th><th>Subject</th><th>Window</th><th>Threshold</th><th>Min runs</th><th>Source</th><th /></tr></thead>
        <tbody>
          {(rules ?? []).map(r => (
            <tr key={r.id} data-testid={`rule-row-${r.id}`} className={r.enabled ? undefined : 'muted'}>
              <td>{r.id}{!r.enabled && <span className="tag">disabled</span>}</td>
              <td>{r.metric}</td>
              <td>{[r.workflow, r.node].filter(Boolean).join('/') || r.queue || <span className="muted">every</span>}</td>
              <td>{r.window ?? ''}</td>
              <td>{r.threshold === undefined ? '' : typeof r.threshold === 'number' ? `${r.threshold}%` : r.threshold}</td>
              <td>{r.minRuns ?? ''}</td>
              <td className="muted">{r.source}</td>
              <td className="actions">{r.source === 'api'
                ? <button className="danger" onClick={() => void remove(r.id)} data-testid={`delete-rule-${r.id}`}>Delete</button>
                : <span className="muted small">change it in configuration</span>}</td>
            </tr>
          ))}
          {rules?.length === 0 && <tr><td colSpan={8} className="muted">No rule yet.</td></tr>}
        </tbody>
      </table>
      <form className="rule-form" onSubmit={e => void create(e)} data-testid="rule-form">
        <label>Metric
          <select value={form.metric} onChange={e => set('metric', e.target.value)} data-testid="rule-metric">
            {AlertMetrics.map(m => <option key={m} value={m}>{m}</option>)}
          </select>
          {errorOn('metric')}
        </label>
        {textFields.map(f => (
          <label key={f.name} className={fieldError?.field === f.name ? 'invalid' : undefined}>{f.label}
            <input value={form[f.name] as string} onChange={e => set(f.name, e.target.value)} data-testid={`rule-${f.name}`}
              placeholder={f.name === 'threshold' ? placeholders[form.metric] : f.placeholder} />
            {errorOn(f.name)}
          </label>
        ))}
        <label className="check"><input type="checkbox" checked={form.enabled} onChange={e => set('enabled', e.target.checked)} /> enabled</label>
        <button className="primary" type="submit" disabled={busy} data-testid="create-rule">Create rule</button>
      </form>
      {fieldError && !fieldError.field && <div className="notice error" data-testid="rule-error">{fieldError.message}</div>}
    </>
  );
}
