import { useEffect, useState } from 'react';
import { api } from '../api/client';
import type { Json, WorkflowDefinition } from '../api/types';
import { Link } from '../lib/router';
import { summarizeJournal, type NodeRun, type RunState } from '../lib/runState';

/** An input skeleton from the declared inputs, so the user edits values rather than writes the shape. */
export function sampleInput(definition: WorkflowDefinition): string {
  const input: Record<string, Json> = {};
  for (const i of definition.inputs ?? []) input[i.name] = i.default ?? (i.type === 'number' || i.type === 'integer' ? 0 : i.type === 'boolean' ? false : i.type === 'array' ? [] : i.type === 'object' ? {} : '');
  return JSON.stringify(input, null, 2);
}

/** Runs the draft with an input and shows what each node did; the canvas lights up from the same events. */
export function RunConsole({ definition, runId, run, busy, error, onRun, onClose, selectedNode }: {
  definition: WorkflowDefinition;
  runId?: string;
  run: RunState;
  busy: boolean;
  error?: string;
  onRun: (input: Json) => void;
  onClose: () => void;
  selectedNode?: string;
}) {
  const [input, setInput] = useState(() => sampleInput(definition));
  const [inputError, setInputError] = useState<string>();
  const [nodes, setNodes] = useState<NodeRun[]>([]);
  const finished = run.instanceStatus && !['running', 'pending', 'suspended'].includes(run.instanceStatus);
  const completedCount = Object.values(run.statuses).filter(s => s === 'completed').length;

  useEffect(() => {
    if (!runId) { setNodes([]); return; }
    let stale = false;
    api.journal(runId).then(j => { if (!stale) setNodes(summarizeJournal(j)); }).catch(() => undefined);
    return () => { stale = true; };
  }, [runId, completedCount, finished, run.statuses]);

  const start = () => {
    try {
      const parsed = JSON.parse(input || '{}') as Json;
      setInputError(undefined);
      onRun(parsed);
    } catch (e) {
      setInputError(`The input is not JSON: ${(e as Error).message}`);
    }
  };

  const shown = selectedNode ? nodes.filter(n => n.nodeId === selectedNode) : nodes;
  return (
    <div className="drawer run-console" data-testid="run-console">
      <div className="drawer-head">
        <h3>Run</h3>
        {runId && <Link to={`/instances/${encodeURIComponent(runId)}`} data-testid="run-instance-link">{runId}</Link>}
        {run.instanceStatus && <span className={`tag s-${run.instanceStatus}`} data-testid="run-status">{run.instanceStatus}</span>}
        <span className="spacer" />
        <button onClick={onClose}>Close</button>
      </div>
      <div className="run-body">
        <div className="run-input">
          <label>Input (JSON)<textarea rows={6} value={input} onChange={e => setInput(e.target.value)} data-testid="run-input" /></label>
          {inputError && <div className="field-error">{inputError}</div>}
          {error && <div className="field-error" data-testid="run-error">{error}</div>}
          <button className="primary" onClick={start} disabled={busy} data-testid="run-start">{busy ? 'Starting…' : 'Run draft'}</button>
        </div>
        <div className="run-nodes">
          <table className="grid small">
            <thead><tr><th>Node</th><th>Status</th><th>Attempts</th><th>ms</th><th>Inputs</th><th>Output / error</th></tr></thead>
            <tbody>
              {shown.map(n => (
                <tr key={n.nodeId} data-testid={`run-node-${n.nodeId}`}>
                  <td>{n.nodeId}</td>
                  <td><span className={`tag s-${n.status}`}>{n.status}</span></td>
                  <td>{n.attempts}</td>
                  <td>{n.durationMs !== undefined ? Math.round(n.durationMs) : ''}</td>
                  <td><pre>{clip(n.inputs)}</pre></td>
                  <td><pre className={n.error ? 'error' : undefined}>{clip(n.error ?? n.output)}</pre></td>
                </tr>
              ))}
            </tbody>
          </table>
          {Object.entries(run.tokens).map(([node, text]) => (
            <div key={node} className="tokens"><b>{node}</b> <span data-testid={`run-tokens-${node}`}>{text}</span></div>
          ))}
        </div>
      </div>
    </div>
  );
}

export function clip(value: unknown, max = 600): string {
  if (value === undefined || value === null) return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value, null, 1);
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
