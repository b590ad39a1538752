// Undo/redo over immutable snapshots. Pure: each operation returns a new history, so React state holds it as it is.

export interface History<T> {
  past: T[];
  present: T;
  future: T[];
}

/** How many steps are kept; older ones are dropped so a long session does not grow without bound. */
export const HistoryLimit = 200;

export function createHistory<T>(present: T): History<T> {
  return { past: [], present, future: [] };
}

/** Records a new present. Equal snapshots (by reference) are not recorded; any redo branch is discarded. */
export function push<T>(history: History<T>, next: T): History<T> {
  if (next === history.present) return history;
  const past = [...history.past, history.present];
  if (past.length > HistoryLimit) past.splice(0, past.length - HistoryLimit);
  return { past, present: next, future: [] };
}

/** Replaces the present without a new step (e.g. a drag in progress, merged into the step that started it). */
export function replace<T>(history: History<T>, next: T): History<T> {
  return { ...history, present: next };
}

export function undo<T>(history: History<T>): History<T> {
  if (history.past.length === 0) return history;
  const previous = history.past[history.past.length - 1];
  return { past: history.past.slice(0, -1), present: previous, future: [history.present, ...history.future] };
}

export function redo<T>(history: History<T>): History<T> {
  if (history.future.length === 0) return history;
  const [next, ...rest] = history.future;
  return { past: [...history.past, history.present], present: next, future: rest };
}

export const canUndo = <T>(history: History<T>) => history.past.length > 0;
export const canRedo = <T>(history: History<T>) => history.future.length > 0;

/** Records the present as a step without changing it: taken before a drag, whose moves then `replace` the present. */
export function checkpoint<T>(history: History<T>): History<T> {
  const past = [...history.past, history.present];
  if (past.length > HistoryLimit) past.splice(0, past.length - HistoryLimit);
  return { past, present: history.present, future: [] };
}
