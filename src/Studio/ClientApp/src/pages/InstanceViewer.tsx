import { Background, Controls, MiniMap, ReactFlow, ReactFlowProvider, applyNodeChanges, type NodeChange } from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, describeError } from '../api/client';
import { byType, loadDescriptors } from '../api/descriptors';
import type { ActivityDescriptor, EngineEvent, InstanceSnapshot, JournalEntry, Json, WorkflowDefinition } from '../api/types';
import { ActivityNode } from '../components/ActivityNode';
import { clip } from '../components/RunConsole';
import { buildEdges, buildNodes, type ActivityFlowNode } from '../lib/flowModel';
import type { NodeProblem } from '../lib/validation';
import { Link } from '../lib/router';
import { statusesFromJournal } from '../lib/runState';
import { useInstanceEvents } from '../lib/useInstanceEvents';

const nodeTypes = { activity: ActivityNode };
const noProblems = new Map<string, NodeProblem[]>();
const PollMs = 1000;
const WatchAfterActionMs = 15_000;
const finalStatuses = new Set(['completed', 'faulted', 'cancelled', 'timedOut', 'terminated']);

/** One instance: its graph with each node's status, journal, variables, live events, and the controls. */
export function InstanceViewer({ id }: { id: string }) {
  const [snapshot, setSnapshot] = useState<InstanceSnapshot>();
  const [journal, setJournal] = useState<JournalEntry[]>([]);
  const [definition, setDefinition] = useState<WorkflowDefinition>();
  const [descriptors, setDescriptors] = useState<Map<string, ActivityDescriptor>>(new Map());
  const [error, setError] = useState<string>();
  const [message, setMessage] = useState<{ text: string; error?: boolean }>();
  const [tab, setTab] = useState<'journal' | 'variables' | 'events' | 'data'>('journal');
  const [selectedNode, setSelectedNode] = useState<string>();
  const [signalName, setSignalName] = useState('');
  const [signalPayload, setSignalPayload] = useState('');
  const reloadTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const [generation, setGeneration] = useState(0);
  const lastStatus = useRef<string | undefined>(undefined);
  const reload = useCallback(async () => {
    try {
      const [s, j] = await Promise.all([api.instance(id), api.journal(id)]);
      // An ended instance that runs again (retry) has a closed event stream: open a new one.
      if (lastStatus.current && finalStatuses.has(lastStatus.current) && !finalStatuses.has(s.status)) setGeneration(g => g + 1);
      lastStatus.current = s.status;
      setSnapshot(s);
      setJournal(j);
      setError(undefined);
      return s;
    } catch (e) {
      setError(describeError(e));
      return undefined;
    }
  }, [id]);

  useEffect(() => {
    void (async () => {
      const s = await reload();
      if (!s) return;
      const [d, all] = await Promise.all([api.version(s.definitionId, s.definitionVersion), loadDescriptors()]);
      setDefinition(d.definition);
      setDescriptors(byType(all));
    })().catch(e => setError(describeError(e)));
  }, [reload]);

  // Live events light the graph at once; the snapshot and journal are re-read shortly after (several events, one read).
  const onEvent = useCallback((event: EngineEvent) => {
    if (event.type === 'token') return;
    clearTimeout(reloadTimer.current);
    reloadTimer.current = setTimeout(() => void reload(), 150);
  }, [reload]);
  const live = useInstanceEvents(id, onEvent, generation);
  useEffect(() => () => clearTimeout(reloadTimer.current), []);

  const waitingSignal = snapshot?.currentNodes?.find(n => n.waitingFor?.startsWith('signal:'))?.waitingFor?.slice('signal:'.length);
  useEffect(() => { if (waitingSignal && !signalName) setSignalName(waitingSignal); }, [waitingSignal, signalName]);

  // The journal (re-read after events) is the record; live events colour nodes ahead of it while the instance runs. Once
  // it has ended the journal alone decides: a stream replayed after a retry may end at the earlier failure.
  const statuses = useMemo(() => {
    const fromJournal = statusesFromJournal(journal);
    for (const current of snapshot?.currentNodes ?? []) if (!current.scope) fromJournal[current.nodeId] = current.status;
    return snapshot && finalStatuses.has(snapshot.status) ? fromJournal : { ...fromJournal, ...live.statuses };
  }, [journal, snapshot, live.statuses]);
  // React Flow's measurements must survive a rebuild, so the nodes are state rebuilt from the previous ones.
  const [nodes, setNodes] = useState<ActivityFlowNode[]>([]);
  useEffect(() => {
    if (!definition) return;
    setNodes(previous => buildNodes(definition, descriptors, previous, statuses, noProblems, live.tokens).map(n => ({ ...n, selected: n.id === selectedNode })));
  }, [definition, descriptors, statuses, live.tokens, selectedNode]);
  const edges = useMemo(() => definition ? buildEdges(definition, [], statuses) : [], [definition, statuses]);

  // While the instance is not final, or for a while after a control request, the snapshot is re-read every second: the
  // worker acts on requests asynchronously, and an ended instance's event stream is closed.
  const [watchUntil, setWatchUntil] = useState(0);
  const active = snapshot !== undefined && !finalStatuses.has(snapshot.status);
  useEffect(() => {
    if (!active && Date.now() > watchUntil) return;
    const timer = setInterval(() => {
      if (!active && Date.now() > watchUntil) { clearInterval(timer); return; }
      void reload();
    }, PollMs);
    return () => clearInterval(timer);
  }, [active, watchUntil, reload]);

  const act = async (label: string, action: () => Promise<unknown>) => {
    try {
      await action();
      setMessage({ text: `${label}: accepted.` });
      setWatchUntil(Date.now() + WatchAfterActionMs);
      await reload();
    } catch (e) {
      setMessage({ text: describeError(e), error: true });
    }
  };
  const sendSignal = () => {
    let payload: Json = null;
    if (signalPayload.trim()) {
      try { payload = JSON.parse(signalPayload) as Json; } catch (e) { setMessage({ text: `The payload is not JSON: ${(e as Error).message}`, error: true }); return; }
    }
    void act(`Signal '${signalName}'`, () => api.signal(id, signalName, payload));
  };

  if (error && !snapshot) return <div className="notice error" data-testid="instance-error">{error}</div>;
  if (!snapshot) return <div className="muted pad">Loading…</div>;
  const status = finalStatuses.has(snapshot.status) || !live.instanceStatus ? snapshot.status : live.instanceStatus;
  const ended = finalStatuses.has(snapshot.status);
  const shownJournal = selectedNode ? journal.filter(j => j.nodeId === selectedNode) : journal;

  return (
    <div className="viewer" data-testid="instance-viewer">
      <div className="toolbar">
        <h2>{snapshot.id}</h2>
        <Link to={`/designer/${encodeURIComponent(snapshot.definitionId)}`}>{snapshot.definitionId} v{snapshot.definitionVersion}</Link>
        <span className={`tag s-${status}`} data-testid="instance-status">{status}</span>
        {snapshot.progress && <span className="muted">{snapshot.progress.finished}/{snapshot.progress.total} nodes</span>}
        <span className="spacer" />
        <input placeholder="signal name" value={signalName} onChange={e => setSignalName(e.target.value)} data-testid="signal-name" />
        <input placeholder="payload (JSON)" value={signalPayload} onChange={e => setSignalPayload(e.target.value)} data-testid="signal-payload" />
        <button onClick={sendSignal} disabled={ended || !signalName} data-testid="send-signal">Send signal</button>
        <button onClick={() => void act('Cancel', () => api.cancel(id))} disabled={ended} data-testid="cancel-instance">Cancel</button>
        <button className="danger" onClick={() => { if (confirm('Terminate at once, without waiting for running nodes?')) void act('Terminate', () => api.terminate(id)); }}
          disabled={ended} data-testid="terminate-instance">Terminate</button>
        <button className="primary" onClick={() => void act('Retry', () => api.retry(id))} disabled={snapshot.status !== 'faulted'} data-testid="retry-instance">Retry from failed node</button>
      </div>
      {message && <div className={`notice ${message.error ? 'error' : ''}`} data-testid="viewer-message">{message.text}</div>}
      {snapshot.error !== undefined && snapshot.error !== null && <div className="notice error" data-testid="instance-failure"><pre>{clip(snapshot.error, 2000)}</pre></div>}
      <div className="viewer-body">
        <div className="canvas" data-testid="viewer-canvas">
          <ReactFlowProvider>
            <ReactFlow nodes={nodes} edges={edges} nodeTypes={nodeTypes} nodesDraggable={false}
              onNodesChange={(changes: NodeChange<ActivityFlowNode>[]) => setNodes(ns => applyNodeChanges(changes.filter(c => c.type === 'dimensions'), ns))} nodesConnectable={false} fitView fitViewOptions={{ maxZoom: 1 }}
              onNodeClick={(_, n) => setSelectedNode(s => (s === n.id ? undefined : n.id))} onPaneClick={() => setSelectedNode(undefined)}
              proOptions={{ hideAttribution: true }} minZoom={0.05}>
              <Background gap={16} />
              <MiniMap pannable zoomable />
              <Controls showInteractive={false} />
            </ReactFlow>
          </ReactFlowProvider>
        </div>
        <div className="viewer-side">
          <div className="tabs">
            {(['journal', 'variables', 'events', 'data'] as const).map(t => (
              <button key={t} className={tab === t ? 'active' : ''} onClick={() => setTab(t)} data-testid={`tab-${t}`}>{t}</button>
            ))}
          </div>
          {tab === 'journal' && (
            <table className="grid small" data-testid="journal">
              <thead><tr><th>Node</th><th>#</th><th>Status</th><th>Port</th><th>ms</th><th>Output / error</th></tr></thead>
              <tbody>
                {shownJournal.map(j => (
                  <tr key={j.id} data-testid={`journal-${j.nodeId}-${j.attempt}`}>
                    <td>{j.scope ? `${j.scope}/` : ''}{j.nodeId}</td><td>{j.attempt}</td>
                    <td><span className={`tag s-${j.status}`}>{j.status}</span></td><td>{j.port}</td>
                    <td>{j.durationMs !== undefined ? Math.round(j.durationMs) : ''}</td>
                    <td><pre className={j.error ? 'error' : undefined}>{clip(j.error ?? j.output)}</pre></td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {tab === 'variables' && <pre data-testid="variables">{JSON.stringify(snapshot.variables ?? {}, null, 2)}</pre>}
          {tab === 'events' && (
            <ul className="events" data-testid="events">
              {live.events.map(e => <li key={e.sequence}><span className="muted">{e.sequence}</span> <b>{e.type}</b> {e.nodeId} {e.type === 'token' ? clip(e.data?.delta, 80) : ''}</li>)}
              {live.events.length === 0 && <li className="muted">No events yet.</li>}
            </ul>
          )}
          {tab === 'data' && (
            <div data-testid="instance-data">
              <h4>Input</h4><pre>{JSON.stringify(snapshot.input ?? null, null, 2)}</pre>
              <h4>Output</h4><pre>{JSON.stringify(snapshot.output ?? null, null, 2)}</pre>
              <h4>Current nodes</h4><pre>{JSON.stringify(snapshot.currentNodes ?? [], null, 2)}</pre>
            </div>
          )}
        </div>
      </div>
    </div>
  );
}
