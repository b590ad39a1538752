import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../api/types';
import { applyEvent, emptyRun, statusesFromJournal, summarizeJournal } from './runState';

const event = (sequence: number, type: string, nodeId?: string, data?: EngineEvent['data']): EngineEvent => ({ sequence, type, nodeId, at: '', data });

describe('runState', () => {
  it('applyEvent_NodeLifecycle_FollowsTheLatestStatus', () => {
    let s = applyEvent(emptyRun, event(1, 'instance.started'));
    s = applyEvent(s, event(2, 'node.started', 'a'));
    expect(s.statuses.a).toBe('running');
    s = applyEvent(s, event(3, 'node.completed', 'a'));
    s = applyEvent(s, event(4, 'instance.completed'));
    expect(s.statuses.a).toBe('completed');
    expect(s.instanceStatus).toBe('completed');
  });
  it('applyEvent_Replay_IgnoresSequencesAlreadySeen', () => {
    const s = applyEvent(applyEvent(emptyRun, event(5, 'node.failed', 'a')), event(4, 'node.started', 'a'));
    expect(s.statuses.a).toBe('failed');
    expect(s.events).toHaveLength(1);
  });
  it('applyEvent_Tokens_Accumulate', () => {
    const s = applyEvent(applyEvent(emptyRun, event(1, 'token', 'chat', { delta: 'Hel' })), event(2, 'token', 'chat', { delta: 'lo' }));
    expect(s.tokens.chat).toBe('Hello');
  });
  it('applyEvent_BodyScope_DoesNotColourTheContainerCanvas', () => {
    expect(applyEvent(emptyRun, event(1, 'node.failed', 'inner', { scope: 'loop[0]' })).statuses).toEqual({});
  });
  it('journal_LatestAttemptWins_InterruptedCountsAsRunning', () => {
    const journal = [
      { id: 1, nodeId: 'a', activityType: 'log', attempt: 1, status: 'retrying', startedAt: '' },
      { id: 2, nodeId: 'a', activityType: 'log', attempt: 2, status: 'completed', startedAt: '', durationMs: 3 },
      { id: 3, nodeId: 'b', activityType: 'log', attempt: 1, status: 'interrupted', startedAt: '' },
    ];
    expect(statusesFromJournal(journal)).toEqual({ a: 'completed', b: 'running' });
    expect(summarizeJournal(journal)[0]).toMatchObject({ nodeId: 'a', attempts: 2, status: 'completed', durationMs: 3 });
  });
});
