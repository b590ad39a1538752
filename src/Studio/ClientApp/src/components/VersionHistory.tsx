import { useState } from 'react';
import { api, describeError } from '../api/client';
import type { WorkflowDefinition } from '../api/types';
import { diffDefinitions, isEmptyDiff, type DefinitionDiff } from '../lib/diff';
import { useAsync } from '../lib/useAsync';

/** Saved versions, oldest first: compare one with the draft, restore one into the draft (saving makes it a new version). */
export function VersionHistory({ id, draft, refreshKey, onRestore, onClose }: {
  id: string; draft: WorkflowDefinition; refreshKey: number; onRestore: (d: WorkflowDefinition, version: number) => void; onClose: () => void;
}) {
  const { data, error } = useAsync(() => api.versions(id), [id, refreshKey]);
  const [compared, setCompared] = useState<{ version: number; diff: DefinitionDiff }>();
  const [message, setMessage] = useState<string>();

  const compare = async (version: number) => {
    try {
      const saved = await api.version(id, version);
      setCompared({ version, diff: diffDefinitions(saved.definition, draft) });
    } catch (e) { setMessage(describeError(e)); }
  };
  const restore = async (version: number) => {
    try {
      const saved = await api.version(id, version);
      onRestore(saved.definition, version);
    } catch (e) { setMessage(describeError(e)); }
  };

  return (
    <div className="drawer" data-testid="version-history">
      <div className="drawer-head"><h3>Versions</h3><button onClick={onClose}>Close</button></div>
      {(error || message) && <div className="notice error">{error ?? message}</div>}
      <table className="grid">
        <tbody>
          {[...(data ?? [])].reverse().map(v => (
            <tr key={v.version} data-testid={`version-${v.version}`}>
              <td>v{v.version} {v.isPublished && <span className="tag ok">published</span>}</td>
              <td className="muted">{new Date(v.createdAt).toLocaleString()}</td>
              <td className="actions">
                <button onClick={() => void compare(v.version)} data-testid={`compare-${v.version}`}>Compare</button>
                <button onClick={() => void restore(v.version)} data-testid={`restore-${v.version}`}>Restore</button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {compared && (
        <div className="diff" data-testid="version-diff">
          <h4>v{compared.version} → draft</h4>
          {isEmptyDiff(compared.diff) ? <p className="muted">No differences (positions aside).</p> : (
            <ul>
              {compared.diff.addedNodes.map(n => <li key={`a${n}`} className="added">+ node {n}</li>)}
              {compared.diff.removedNodes.map(n => <li key={`r${n}`} className="removed">− node {n}</li>)}
              {compared.diff.changedNodes.map(n => <li key={`c${n}`} className="changed">~ node {n}</li>)}
              {compared.diff.addedEdges.map(e => <li key={`ae${e}`} className="added">+ edge {e}</li>)}
              {compared.diff.removedEdges.map(e => <li key={`re${e}`} className="removed">− edge {e}</li>)}
              {compared.diff.settingsChanged && <li className="changed">~ workflow settings</li>}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
