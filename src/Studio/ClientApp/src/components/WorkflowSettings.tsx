import { useEffect, useState } from 'react';
import type { WorkflowDefinition } from '../api/types';
import { keepTextIfSame } from '../lib/sameJson';
import type { NodeProblem } from '../lib/validation';

/** Name, description, options, and the declared inputs and variables (edited as JSON arrays). */
export function WorkflowSettings({ definition, problems, onChange }: {
  definition: WorkflowDefinition;
  problems: NodeProblem[];
  onChange: (change: (d: WorkflowDefinition) => WorkflowDefinition) => void;
}) {
  return (
    <aside className="inspector" data-testid="workflow-settings">
      <h3>Workflow</h3>
      <label>Id<input value={definition.id} disabled /></label>
      <label>Name<input data-testid="workflow-name" value={definition.name ?? ''} onChange={e => onChange(d => ({ ...d, name: e.target.value || undefined }))} /></label>
      <label>Description<textarea rows={2} value={definition.description ?? ''} onChange={e => onChange(d => ({ ...d, description: e.target.value || undefined }))} /></label>
      <div className="row">
        <label>Queue<input value={definition.options?.queue ?? ''} placeholder="default"
          onChange={e => onChange(d => ({ ...d, options: { ...d.options, queue: e.target.value || undefined } }))} /></label>
        <label>Run timeout<input value={definition.options?.executionTimeout ?? ''} placeholder="none"
          onChange={e => onChange(d => ({ ...d, options: { ...d.options, executionTimeout: e.target.value || undefined } }))} /></label>
      </div>
      <label title="Ephemeral: a run that completes is not stored (it is stored once it waits or fails)">Runs
        <select data-testid="workflow-durability" value={definition.options?.durability ?? 'durable'}
          onChange={e => onChange(d => ({ ...d, options: { ...d.options, durability: e.target.value === 'ephemeral' ? 'ephemeral' : undefined } }))}>
          <option value="durable">durable: every step stored</option>
          <option value="ephemeral">ephemeral: stored only to wait or on failure</option>
        </select></label>
      <JsonArrayField label="Inputs" testId="workflow-inputs" hint='[{ "name": "url", "type": "string", "required": true }]'
        value={definition.inputs ?? []} onChange={v => onChange(d => ({ ...d, inputs: v.length ? v as WorkflowDefinition['inputs'] : undefined }))} />
      <JsonArrayField label="Variables" testId="workflow-variables" hint='[{ "name": "count", "type": "number", "default": 0 }]'
        value={definition.variables ?? []} onChange={v => onChange(d => ({ ...d, variables: v.length ? v as WorkflowDefinition['variables'] : undefined }))} />
      {problems.map((p, i) => <div key={i} className="field-error" data-testid="workflow-error">{p.message}</div>)}
      <p className="muted small">Select a node to edit it. Shortcuts: Ctrl+Z / Ctrl+Shift+Z undo/redo, Ctrl+C / Ctrl+V copy/paste,
        Delete removes, Ctrl+S saves, Shift+drag selects an area, L lays out.</p>
    </aside>
  );
}

function JsonArrayField({ label, testId, hint, value, onChange }: { label: string; testId: string; hint: string; value: unknown[]; onChange: (v: unknown[]) => void }) {
  const serialized = JSON.stringify(value, null, 2);
  const [text, setText] = useState(serialized);
  const [error, setError] = useState<string>();
  useEffect(() => setText(t => keepTextIfSame(t, serialized)), [serialized]);
  return (
    <label>{label}
      <textarea rows={4} data-testid={testId} value={text} placeholder={hint} onChange={e => {
        setText(e.target.value);
        try {
          const parsed = e.target.value.trim() ? JSON.parse(e.target.value) as unknown : [];
          if (!Array.isArray(parsed)) throw new Error('an array is expected');
          setError(undefined);
          onChange(parsed);
        } catch (err) { setError((err as Error).message); }
      }} />
      {error && <span className="field-error">{error}</span>}
    </label>
  );
}
