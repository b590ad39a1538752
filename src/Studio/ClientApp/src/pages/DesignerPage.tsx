import {
  Background, BackgroundVariant, Controls, MiniMap, ReactFlow, ReactFlowProvider, applyEdgeChanges, applyNodeChanges, useReactFlow,
  type Connection as FlowConnection, type Edge, type EdgeChange, type NodeChange,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import { ApiError, api, describeError } from '../api/client';
import { byType, loadDescriptors } from '../api/descriptors';
import type { ActivityDescriptor, Json, WorkflowDefinition, WorkflowNode } from '../api/types';
import { ActivityNode } from '../components/ActivityNode';
import { Inspector } from '../components/Inspector';
import { ActivityDragType, Palette } from '../components/Palette';
import { PanPointerCapture } from '../components/PanPointerCapture';
import { RunConsole } from '../components/RunConsole';
import { VersionHistory } from '../components/VersionHistory';
import { WorkflowSettings } from '../components/WorkflowSettings';
import { ZoomDetail } from '../components/ZoomDetail';
import { clearDraft, loadDraft, saveDraft } from '../lib/drafts';
import { addNode, connect, copySelection, moveNodes, paste, removeElements, renameNode, updateNode, type Clipboard } from '../lib/edit';
import { buildEdges, buildNodes, type ActivityFlowNode } from '../lib/flowModel';
import { canRedo, canUndo, checkpoint, createHistory, push, redo, replace, undo, type History } from '../lib/history';
import { autoLayout } from '../lib/layout';
import { checkConnection, DefaultPort } from '../lib/ports';
import { groupByNode, localProblems, mergeProblems, type NodeProblem } from '../lib/validation';
import { useDesignerShortcuts } from '../lib/useDesignerShortcuts';
import { useInstanceEvents } from '../lib/useInstanceEvents';

const nodeTypes = { activity: ActivityNode };
const ValidateDelayMs = 400;
const CoalesceMs = 1000;
const noStatus: Record<string, string> = {};

export function DesignerPage({ id }: { id: string }) {
  return <ReactFlowProvider><Designer id={id} /></ReactFlowProvider>;
}

interface Loaded {
  descriptors: ActivityDescriptor[];
  history: History<WorkflowDefinition>;
  baseVersion: number | null;
  publishedVersion?: number;
  savedJson: string | null;
}

function Designer({ id }: { id: string }) {
  const [loaded, setLoaded] = useState<Loaded>();
  const [loadError, setLoadError] = useState<string>();
  useEffect(() => {
    let stale = false;
    (async () => {
      const descriptors = await loadDescriptors();
      const draft = loadDraft(id);
      let server: { definition: WorkflowDefinition; version: number; publishedVersion?: number } | null = null;
      try {
        server = await api.definition(id);
      } catch (e) {
        // Not saved yet (404), or the server is away: the draft kept in this browser opens on its own.
        if (!draft || (e instanceof ApiError && e.status !== 404 && e.status !== 0 && e.status !== 502)) throw e;
      }
      const savedJson = server ? JSON.stringify(server.definition) : null;
      const present = draft?.definition ?? server!.definition;
      const baseVersion = server?.version ?? draft?.baseVersion ?? null;
      if (!stale) setLoaded({ descriptors, history: createHistory(present), baseVersion, publishedVersion: server?.publishedVersion, savedJson });
    })().catch(e => { if (!stale) setLoadError(describeError(e)); });
    return () => { stale = true; };
  }, [id]);

  if (loadError) return <div className="notice error" data-testid="designer-error">{loadError}</div>;
  if (!loaded) return <div className="muted pad">Loading…</div>;
  return <Editor id={id} initial={loaded} />;
}

function Editor({ id, initial }: { id: string; initial: Loaded }) {
  const flow = useReactFlow();
  const descriptors = useMemo(() => byType(initial.descriptors), [initial.descriptors]);
  const [history, setHistory] = useState(initial.history);
  const [baseVersion, setBaseVersion] = useState(initial.baseVersion);
  const [publishedVersion, setPublishedVersion] = useState(initial.publishedVersion);
  const [savedJson, setSavedJson] = useState(initial.savedJson);
  const [serverProblems, setServerProblems] = useState<Map<string, NodeProblem[]>>(new Map());
  const [message, setMessage] = useState<{ text: string; error?: boolean }>();
  const [panel, setPanel] = useState<'none' | 'run' | 'versions'>('none');
  const [versionsKey, setVersionsKey] = useState(0);
  const [runId, setRunId] = useState<string>();
  const [runBusy, setRunBusy] = useState(false);
  const [runError, setRunError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const clipboard = useRef<Clipboard | null>(null);
  const lastField = useRef<{ key: string; at: number } | null>(null); // the field typed into last (see changeNode)
  const selectNext = useRef<string[] | null>(null);
  const wrapper = useRef<HTMLDivElement>(null);
  const definition = history.present;
  const dirty = savedJson === null || JSON.stringify(definition) !== savedJson;
  const run = useInstanceEvents(runId);
  const statuses = panel === 'run' ? run.statuses : noStatus;
  const tokens = panel === 'run' ? run.tokens : noStatus;

  const problems = useMemo(() => mergeProblems(localProblems(definition, descriptors), serverProblems), [definition, descriptors, serverProblems]);
  const [nodes, setNodes] = useState<ActivityFlowNode[]>(() => buildNodes(definition, descriptors, [], {}, problems));
  const [edges, setEdges] = useState<Edge[]>(() => buildEdges(definition, []));

  // The canvas follows the definition (and the run's statuses); React Flow's measurements and selection carry over.
  useEffect(() => {
    setNodes(previous => {
      const built = buildNodes(definition, descriptors, previous, statuses, problems, tokens);
      const select = selectNext.current;
      selectNext.current = null;
      return select ? built.map(n => ({ ...n, selected: select.includes(n.id) })) : built;
    });
    setEdges(previous => buildEdges(definition, previous, statuses));
  }, [definition, descriptors, statuses, problems, tokens]);

  // Unsaved edits are kept in this browser until they are saved.
  useEffect(() => {
    if (dirty) saveDraft(id, { definition, baseVersion, changedAt: new Date().toISOString() });
    else clearDraft(id);
  }, [id, definition, dirty, baseVersion]);

  // The server validates as the user edits, so problems show on the nodes before a publish is tried.
  useEffect(() => {
    const timer = setTimeout(() => {
      api.validate(definition).then(r => setServerProblems(groupByNode(r.errors))).catch(() => undefined);
    }, ValidateDelayMs);
    return () => clearTimeout(timer);
  }, [definition]);

  const edit = useCallback((change: (d: WorkflowDefinition) => WorkflowDefinition) => {
    lastField.current = null;
    setHistory(h => push(h, change(h.present)));
  }, []);
  const selectedNodes = nodes.filter(n => n.selected).map(n => n.id);
  const selectedEdges = edges.filter(e => e.selected).map(e => e.id);
  const selected = selectedNodes.length === 1 ? definition.nodes.find(n => n.id === selectedNodes[0]) : undefined;

  const addActivity = useCallback((type: string, position?: { x: number; y: number }) => {
    const descriptor = descriptors.get(type);
    if (!descriptor) return;
    const bounds = wrapper.current?.getBoundingClientRect();
    const at = position ?? flow.screenToFlowPosition({ x: (bounds?.left ?? 0) + (bounds?.width ?? 400) / 2, y: (bounds?.top ?? 0) + (bounds?.height ?? 300) / 2 });
    lastField.current = null;
    setHistory(h => {
      const result = addNode(h.present, descriptor, at);
      selectNext.current = [result.id];
      return push(h, result.definition);
    });
  }, [descriptors, flow]);

  const onDrop = (e: DragEvent) => {
    const type = e.dataTransfer.getData(ActivityDragType);
    if (!type) return;
    e.preventDefault();
    addActivity(type, flow.screenToFlowPosition({ x: e.clientX - 110, y: e.clientY - 30 }));
  };

  const onConnect = (c: FlowConnection) => {
    const connection = { source: c.source, sourcePort: c.sourceHandle ?? DefaultPort, target: c.target };
    const check = checkConnection(definition, descriptors, connection);
    if (!check.ok) { setMessage({ text: check.reason, error: true }); return; }
    edit(d => connect(d, connection));
  };

  const deleteSelection = useCallback(() => edit(d => removeElements(d, selectedNodes, selectedEdges)), [edit, selectedNodes, selectedEdges]);

  // Auto-layout moves the nodes, then fits them into view once React Flow holds the new positions.
  const fitPending = useRef(false);
  const layout = useCallback(() => {
    edit(d => moveNodes(d, autoLayout(d)));
    fitPending.current = true;
  }, [edit]);
  useEffect(() => {
    if (!fitPending.current) return;
    fitPending.current = false;
    void flow.fitView({ padding: 0.2, maxZoom: 1.2 });
  }, [nodes, flow]);

  const save = useCallback(async (): Promise<number> => {
    const body = { ...definition, version: undefined };
    const response = baseVersion === null ? await api.create(body) : await api.save(body);
    setBaseVersion(response.version);
    setSavedJson(JSON.stringify(definition));
    setPublishedVersion(response.publishedVersion);
    setVersionsKey(k => k + 1);
    clearDraft(id);
    return response.version;
  }, [definition, baseVersion, id]);

  const ensureSaved = useCallback(async () => (dirty || baseVersion === null ? save() : baseVersion), [dirty, baseVersion, save]);

  const guarded = async (action: () => Promise<string>) => {
    setBusy(true);
    try {
      setMessage({ text: await action() });
    } catch (e) {
      if (e instanceof ApiError && e.problem.errors) setServerProblems(groupByNode(e.problem.errors));
      setMessage({ text: describeError(e), error: true });
    } finally {
      setBusy(false);
    }
  };

  const onSave = () => guarded(async () => `Saved as version ${await save()}.`);
  const onPublish = () => guarded(async () => {
    const version = await ensureSaved();
    const result = await api.publish(id, version);
    setPublishedVersion(result.publishedVersion);
    setVersionsKey(k => k + 1);
    return `Published version ${result.publishedVersion}.`;
  });

  const onRun = async (input: Json) => {
    setRunBusy(true);
    setRunError(undefined);
    try {
      const version = await ensureSaved();
      const started = await api.start(id, input, version);
      setRunId(started.instanceId);
      fitPending.current = true; // the console took part of the canvas: show every node as it lights up
    } catch (e) {
      if (e instanceof ApiError && e.problem.errors) setServerProblems(groupByNode(e.problem.errors));
      setRunError(describeError(e));
    } finally {
      setRunBusy(false);
    }
  };

  useDesignerShortcuts({
    undo: () => setHistory(undo),
    redo: () => setHistory(redo),
    copy: () => { clipboard.current = copySelection(definition, selectedNodes); },
    cut: () => { clipboard.current = copySelection(definition, selectedNodes); deleteSelection(); },
    paste: () => {
      const cb = clipboard.current;
      if (!cb) return;
      lastField.current = null;
      setHistory(h => { const r = paste(h.present, cb); selectNext.current = r.ids; return push(h, r.definition); });
    },
    selectAll: () => setNodes(ns => ns.map(n => ({ ...n, selected: true }))),
    save: () => void onSave(),
    remove: deleteSelection,
    layout,
  });

  // Typing into one field is one undo step: edits of the same field within CoalesceMs replace the step they continue.
  const changeNode = (change: (n: WorkflowNode) => WorkflowNode, field?: string) => {
    if (!selected) return;
    const key = field ? `${selected.id}/${field}` : null;
    const now = Date.now();
    const continues = key !== null && lastField.current?.key === key && now - lastField.current.at < CoalesceMs;
    lastField.current = key ? { key, at: now } : null;
    setHistory(h => (continues ? replace : push)(h, updateNode(h.present, selected.id, change)));
  };
  const workflowProblems = problems.get('') ?? [];

  return (
    <div className="designer" data-testid="designer">
      <div className="toolbar">
        <h2 data-testid="designer-title">{definition.name || definition.id}</h2>
        <span className="muted">{baseVersion ? `v${baseVersion}` : 'not saved'}{publishedVersion ? ` · published v${publishedVersion}` : ''}</span>
        {dirty && <span className="tag warn" data-testid="unsaved">unsaved edits</span>}
        <span className="spacer" />
        <button onClick={() => setHistory(undo)} disabled={!canUndo(history)} data-testid="undo" title="Ctrl+Z">Undo</button>
        <button onClick={() => setHistory(redo)} disabled={!canRedo(history)} data-testid="redo" title="Ctrl+Shift+Z">Redo</button>
        <button onClick={layout} data-testid="auto-layout" title="L">Auto-layout</button>
        <button onClick={() => setPanel(p => (p === 'versions' ? 'none' : 'versions'))} data-testid="versions">Versions</button>
        <a className="button" href={api.exportUrl(id)} download data-testid="export">Export</a>
        <button onClick={() => setPanel(p => (p === 'run' ? 'none' : 'run'))} data-testid="open-run">Run…</button>
        <button onClick={() => void onSave()} disabled={busy} data-testid="save" title="Ctrl+S">Save</button>
        <button className="primary" onClick={() => void onPublish()} disabled={busy} data-testid="publish">Publish</button>
      </div>
      {message && <div className={`notice ${message.error ? 'error' : ''}`} data-testid="designer-message" onClick={() => setMessage(undefined)}>{message.text}</div>}
      <div className="designer-body">
        <Palette descriptors={initial.descriptors} onAdd={type => addActivity(type)} />
        <div className="canvas" ref={wrapper} data-testid="canvas" onDragOver={e => { e.preventDefault(); e.dataTransfer.dropEffect = 'copy'; }} onDrop={onDrop}>
          <ReactFlow
            nodes={nodes}
            edges={edges}
            nodeTypes={nodeTypes}
            onNodesChange={(changes: NodeChange<ActivityFlowNode>[]) => setNodes(ns => applyNodeChanges(changes.filter(c => c.type !== 'remove'), ns))}
            onEdgesChange={(changes: EdgeChange[]) => setEdges(es => applyEdgeChanges(changes.filter(c => c.type !== 'remove'), es))}
            onNodeDragStart={() => { lastField.current = null; setHistory(checkpoint); }}
            onNodeDragStop={(_, __, dragged) => setHistory(h => replace(h, moveNodes(h.present, new Map(dragged.map(n => [n.id, n.position])))))}
            onConnect={onConnect}
            isValidConnection={c => checkConnection(definition, descriptors, { source: c.source, sourcePort: c.sourceHandle ?? DefaultPort, target: c.target }).ok}
            deleteKeyCode={null}
            selectionKeyCode="Shift"
            multiSelectionKeyCode={['Meta', 'Control']}
            snapToGrid
            snapGrid={[16, 16]}
            // Fit only what is there at open: an empty canvas would otherwise jump to the first node dropped on it.
            fitView={initial.history.present.nodes.length > 0}
            fitViewOptions={{ padding: 0.2, maxZoom: 1.2 }}
            minZoom={0.05}
            // Not onlyRenderVisibleElements: fitted, a large workflow shows every node anyway, and zooming in and back out then
            // unmounts and remounts hundreds of nodes in one frame (66 ms frames at 500 nodes, issue 6).
            proOptions={{ hideAttribution: true }}
          >
            <Background variant={BackgroundVariant.Dots} gap={16} />
            <MiniMap pannable zoomable data-testid="minimap" />
            <Controls />
            <ZoomDetail canvas={wrapper} />
            <PanPointerCapture canvas={wrapper} />
          </ReactFlow>
        </div>
        {selected
          ? <Inspector key={selected.id} definition={definition} node={selected} descriptor={descriptors.get(selected.type)} descriptors={descriptors}
              problems={problems.get(selected.id) ?? []} onChange={changeNode}
              onRename={to => { selectNext.current = [to]; edit(d => renameNode(d, selected.id, to)); }} />
          : <WorkflowSettings definition={definition} problems={workflowProblems} onChange={edit} />}
      </div>
      {panel === 'run' && <RunConsole definition={definition} runId={runId} run={run} busy={runBusy} error={runError} onRun={i => void onRun(i)}
        onClose={() => setPanel('none')} selectedNode={selected?.id} />}
      {panel === 'versions' && <VersionHistory id={id} draft={definition} refreshKey={versionsKey} onClose={() => setPanel('none')}
        onRestore={(d, v) => { edit(() => ({ ...d, version: undefined })); setMessage({ text: `Restored version ${v} into the draft: save to make it the latest version.` }); }} />}
    </div>
  );
}
