// Unsaved edits live in localStorage, per workflow id, until they are saved: a reload, a crash or a lost connection to the
// server does not lose them.
import type { WorkflowDefinition } from '../api/types';

const prefix = 'weft.studio.draft.';

export interface Draft {
  definition: WorkflowDefinition;
  /** The saved version the edits started from; null for a workflow not saved yet. */
  baseVersion: number | null;
  changedAt: string;
}

export function loadDraft(id: string, storage: Storage = localStorage): Draft | null {
  const text = storage.getItem(prefix + id);
  if (!text) return null;
  try {
    return JSON.parse(text) as Draft;
  } catch {
    storage.removeItem(prefix + id); // a corrupt entry must not block the designer
    return null;
  }
}

export function saveDraft(id: string, draft: Draft, storage: Storage = localStorage): void {
  storage.setItem(prefix + id, JSON.stringify(draft));
}

export function clearDraft(id: string, storage: Storage = localStorage): void {
  storage.removeItem(prefix + id);
}

export function draftIds(storage: Storage = localStorage): string[] {
  const ids: string[] = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (key?.startsWith(prefix)) ids.push(key.slice(prefix.length));
  }
  return ids;
}
