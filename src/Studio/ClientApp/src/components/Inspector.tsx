import { useEffect, useState } from 'react';
import type { ActivityDescriptor, Json, OnError, RetryPolicy, WorkflowDefinition, WorkflowNode } from '../api/types';
import { upstreamOf } from '../lib/ports';
import { keepTextIfSame } from '../lib/sameJson';
import type { NodeProblem } from '../lib/validation';
import { ValueEditor, type PickerOption } from './ValueEditor';

/** What the template picker offers a node: upstream outputs (and their fields), workflow inputs, variables. */
export function pickerOptions(definition: WorkflowDefinition, nodeId: string, descriptors: Map<string, ActivityDescriptor>): PickerOption[] {
  const options: PickerOption[] = [];
  for (const id of upstreamOf(definition, nodeId)) {
    const node = definition.nodes.find(n => n.id === id);
    const descriptor = node && descriptors.get(node.type);
    options.push({ expression: `nodes.${id}.output`, label: `output of ${id}` });
    for (const output of descriptor?.outputs ?? []) options.push({ expression: `nodes.${id}.output.${output.name}`, label: output.type });
  }
  for (const input of definition.inputs ?? []) options.push({ expression: `input.${input.name}`, label: `workflow input (${input.type})` });
  for (const variable of definition.variables ?? []) options.push({ expression: `vars.${variable.name}`, label: `variable (${variable.type})` });
  return options;
}

export function Inspector({ definition, node, descriptor, descriptors, problems, onChange, onRename }: {
  definition: WorkflowDefinition;
  node: WorkflowNode;
  descriptor: ActivityDescriptor | undefined;
  descriptors: Map<string, ActivityDescriptor>;
  problems: NodeProblem[];
  /** `field` names what is typed into, so that a burst of keystrokes in one field is one undo step. */
  onChange: (change: (node: WorkflowNode) => WorkflowNode, field?: string) => void;
  onRename: (id: string) => void;
}) {
  const [idText, setIdText] = useState(node.id);
  const picker = pickerOptions(definition, node.id, descriptors);
  const setInput = (name: string, value: Json | undefined) => onChange(n => {
    const inputs = { ...(n.inputs ?? {}) };
    if (value === undefined) delete inputs[name]; else inputs[name] = value;
    return { ...n, inputs };
  }, `inputs.${name}`);
  const setRetry = (patch: Partial<RetryPolicy>) => onChange(n => {
    const retry = { ...(n.retry ?? {}), ...patch };
    for (const key of Object.keys(retry) as (keyof RetryPolicy)[]) if (retry[key] === undefined || retry[key] === '') delete retry[key];
    return { ...n, retry: Object.keys(retry).length ? retry : undefined };
  }, 'retry');
  const general = problems.filter(p => !p.field || !descriptor?.inputs.some(i => i.name === p.field));

  return (
    <aside className="inspector" data-testid="inspector">
      <h3>{descriptor?.displayName ?? node.type}</h3>
      <p className="muted small">{descriptor?.description}</p>
      <label>Id
        <input data-testid="node-id" value={idText} onChange={e => setIdText(e.target.value)}
          onBlur={() => { if (idText && idText !== node.id) onRename(idText); }} />
      </label>
      {general.map((p, i) => <div key={i} className="field-error" data-testid="node-error">{p.message}</div>)}
      <h4>Inputs</h4>
      {(descriptor?.inputs ?? []).map(input => {
        const fieldProblems = problems.filter(p => p.field === input.name);
        return (
          <label key={input.name} className={fieldProblems.length ? 'invalid' : undefined}>
            <span>{input.name}{input.required && <b className="required">*</b>} <span className="muted small">{input.type}</span></span>
            <ValueEditor input={input} value={node.inputs?.[input.name]} onChange={v => setInput(input.name, v)} picker={picker} />
            {input.description && <span className="muted small">{input.description}</span>}
            {fieldProblems.map((p, i) => <span key={i} className="field-error" data-testid={`field-error-${input.name}`}>{p.message}</span>)}
          </label>
        );
      })}
      {descriptor?.isContainer && <BodyEditor node={node} onChange={onChange} />}
      <h4>Reliability</h4>
      <div className="row">
        <label>Attempts<input type="number" min={1} data-testid="retry-maxAttempts" value={node.retry?.maxAttempts ?? ''} placeholder="1"
          onChange={e => setRetry({ maxAttempts: e.target.value ? Number(e.target.value) : undefined })} /></label>
        <label>First delay<input data-testid="retry-initialInterval" value={node.retry?.initialInterval ?? ''} placeholder="00:00:01"
          onChange={e => setRetry({ initialInterval: e.target.value || undefined })} /></label>
        <label>Backoff<input type="number" step="0.5" data-testid="retry-backoff" value={node.retry?.backoff ?? ''} placeholder="2"
          onChange={e => setRetry({ backoff: e.target.value ? Number(e.target.value) : undefined })} /></label>
      </div>
      <div className="row">
        <label>Timeout<input data-testid="node-timeout" value={node.timeout ?? ''} placeholder="none (hh:mm:ss)"
          onChange={e => onChange(n => ({ ...n, timeout: e.target.value || undefined }), 'timeout')} /></label>
        <label>On error
          <select data-testid="node-onError" value={node.onError ?? 'fail'}
            onChange={e => onChange(n => ({ ...n, onError: e.target.value === 'fail' ? undefined : e.target.value as OnError }))}>
            <option value="fail">fail</option><option value="continue">continue</option><option value="route">route (error port)</option>
          </select>
        </label>
        <label>Join
          <select data-testid="node-join" value={node.join ?? 'all'} onChange={e => onChange(n => ({ ...n, join: e.target.value === 'all' ? undefined : 'any' }))}>
            <option value="all">all</option><option value="any">any</option>
          </select>
        </label>
      </div>
      {problems.filter(p => p.field && ['retry', 'timeout', 'onError', 'join'].includes(p.field)).map((p, i) =>
        <div key={i} className="field-error">{p.message}</div>)}
    </aside>
  );
}

/** A container's body (`{ nodes, edges }`, run once per item or iteration), edited as JSON. */
function BodyEditor({ node, onChange }: { node: WorkflowNode; onChange: (change: (node: WorkflowNode) => WorkflowNode, field?: string) => void }) {
  const serialized = JSON.stringify(node.body ?? { nodes: [], edges: [] }, null, 2);
  const [text, setText] = useState(serialized);
  const [error, setError] = useState<string>();
  useEffect(() => setText(t => keepTextIfSame(t, serialized)), [serialized]);
  return (
    <label>Body <span className="muted small">{'{ nodes, edges }'} run per item / iteration</span>
      <textarea rows={8} data-testid="node-body" value={text} onChange={e => {
        setText(e.target.value);
        try {
          const body = JSON.parse(e.target.value) as WorkflowNode['body'];
          if (!body || !Array.isArray(body.nodes) || !Array.isArray(body.edges)) throw new Error('expected { "nodes": [...], "edges": [...] }');
          setError(undefined);
          onChange(n => ({ ...n, body }), 'body');
        } catch (err) { setError((err as Error).message); }
      }} />
      {error && <span className="field-error">{error}</span>}
    </label>
  );
}
