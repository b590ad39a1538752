import { describe, expect, it } from 'vitest';
import { canRedo, canUndo, checkpoint, createHistory, HistoryLimit, push, redo, replace, undo } from './history';

describe('history', () => {
  it('undo_AfterTwoPushes_ReturnsThePreviousAndKeepsRedo', () => {
    let h = push(push(createHistory('a'), 'b'), 'c');
    h = undo(h);
    expect(h.present).toBe('b');
    expect(canRedo(h)).toBe(true);
    h = redo(h);
    expect(h.present).toBe('c');
    expect(canRedo(h)).toBe(false);
  });
  it('push_AfterUndo_DiscardsTheRedoBranch', () => {
    const h = push(undo(push(createHistory('a'), 'b')), 'x');
    expect(h.present).toBe('x');
    expect(canRedo(h)).toBe(false);
    expect(undo(h).present).toBe('a');
  });
  it('undo_AtTheStart_ChangesNothing', () => {
    const h = createHistory('a');
    expect(undo(h)).toBe(h);
    expect(canUndo(h)).toBe(false);
  });
  it('push_SameSnapshot_RecordsNoStep', () => {
    const h = createHistory({ n: 1 });
    expect(push(h, h.present)).toBe(h);
  });
  it('checkpointThenReplace_UndoesTheWholeDragAtOnce', () => {
    let h = checkpoint(createHistory('start'));
    h = replace(h, 'moved a bit');
    h = replace(h, 'moved more');
    expect(h.present).toBe('moved more');
    expect(undo(h).present).toBe('start');
  });
  it('push_PastTheLimit_DropsTheOldestSteps', () => {
    let h = createHistory(0);
    for (let i = 1; i <= HistoryLimit + 10; i++) h = push(h, i);
    expect(h.past.length).toBe(HistoryLimit);
    expect(h.past[0]).toBe(10);
  });
});
