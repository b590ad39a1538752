import { useRef, useState } from 'react';
import { api, describeError } from '../api/client';
import type { Json } from '../api/types';
import { draftIds } from '../lib/drafts';
import { Link, navigate } from '../lib/router';
import { useAsync } from '../lib/useAsync';

/** Every workflow definition: search, create, duplicate, delete, import and export JSON. */
export function WorkflowsPage() {
  const { data, error, reload } = useAsync(() => api.definitions(), []);
  const [search, setSearch] = useState('');
  const [newId, setNewId] = useState('');
  const [message, setMessage] = useState<string>();
  const fileInput = useRef<HTMLInputElement>(null);
  const drafts = new Set(draftIds());

  /** Runs an action and shows what it says it did (or `done`), or why it failed; then re-reads the list. */
  const act = async (action: () => Promise<unknown>, done?: string) => {
    try {
      const said = await action();
      setMessage(typeof said === 'string' ? said : done);
      await reload();
    } catch (e) {
      setMessage(describeError(e));
    }
  };

  const create = () => act(async () => {
    const id = newId.trim();
    await api.create({ id, name: id, nodes: [], edges: [] });
    navigate(`/designer/${encodeURIComponent(id)}`);
  });

  const duplicate = (id: string) => act(async () => {
    const source = await api.definition(id);
    const taken = new Set((data ?? []).map(d => d.id));
    let copy = `${id}-copy`;
    for (let n = 2; taken.has(copy); n++) copy = `${id}-copy${n}`;
    await api.create({ ...source.definition, id: copy, version: undefined, name: `${source.definition.name ?? id} (copy)` });
  }, `Duplicated ${id}.`);

  const remove = (id: string) => {
    if (!confirm(`Delete workflow '${id}' and all its versions? Running instances keep theirs.`)) return;
    void act(() => api.remove(id), `Deleted ${id}.`);
  };

  const importFile = async (file: File) => {
    try {
      const documents = JSON.parse(await file.text()) as Json;
      await act(async () => {
        const result = await api.importDefinitions(documents);
        return `Imported ${result.imported.map(i => `${i.id} v${i.version}`).join(', ')}.`;
      });
    } catch (e) {
      setMessage(`${file.name} is not JSON: ${(e as Error).message}`);
    }
  };

  const rows = (data ?? []).filter(d =>
    !search || d.id.toLowerCase().includes(search.toLowerCase()) || (d.name ?? '').toLowerCase().includes(search.toLowerCase()));

  return (
    <section className="list-page" data-testid="workflows-page">
      <div className="page-head">
        <h1>Workflows</h1>
        <input placeholder="Search workflows" value={search} onChange={e => setSearch(e.target.value)} data-testid="workflow-search" />
        <span className="spacer" />
        <input placeholder="new-workflow-id" value={newId} onChange={e => setNewId(e.target.value)} data-testid="new-workflow-id"
          onKeyDown={e => { if (e.key === 'Enter' && newId.trim()) void create(); }} />
        <button className="primary" disabled={!newId.trim()} onClick={() => void create()} data-testid="create-workflow">Create</button>
        <button onClick={() => fileInput.current?.click()} data-testid="import-workflows">Import JSON</button>
        <input ref={fileInput} type="file" accept="application/json,.json" hidden data-testid="import-file"
          onChange={e => { const f = e.target.files?.[0]; if (f) void importFile(f); e.target.value = ''; }} />
      </div>
      {message && <div className="notice" data-testid="workflows-message">{message}</div>}
      {error && <div className="notice error">{error}</div>}
      <table className="grid">
        <thead><tr><th>Id</th><th>Name</th><th>Latest</th><th>Published</th><th>Updated</th><th /></tr></thead>
        <tbody>
          {rows.map(d => (
            <tr key={d.id} data-testid={`workflow-row-${d.id}`}>
              <td><Link to={`/designer/${encodeURIComponent(d.id)}`} data-testid={`open-${d.id}`}>{d.id}</Link>
                {drafts.has(d.id) && <span className="tag warn" title="Unsaved edits in this browser">unsaved</span>}</td>
              <td>{d.name}</td>
              <td>v{d.latestVersion}</td>
              <td>{d.publishedVersion ? <span className="tag ok">v{d.publishedVersion}</span> : <span className="muted">—</span>}</td>
              <td className="muted">{new Date(d.updatedAt).toLocaleString()}</td>
              <td className="actions">
                <button onClick={() => void duplicate(d.id)} data-testid={`duplicate-${d.id}`}>Duplicate</button>
                <a className="button" href={api.exportUrl(d.id)} download data-testid={`export-${d.id}`}>Export</a>
                <button className="danger" onClick={() => remove(d.id)} data-testid={`delete-${d.id}`}>Delete</button>
              </td>
            </tr>
          ))}
          {data && rows.length === 0 && <tr><td colSpan={6} className="muted">No workflows{search ? ' match' : ' yet: create one'}.</td></tr>}
        </tbody>
      </table>
    </section>
  );
}
