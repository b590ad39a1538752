import { describe, expect, it } from 'vitest';
import type { WorkflowDefinition } from '../api/types';
import { descriptors } from './__fixtures__/descriptors';
import { checkConnection, portsOf, reaches, upstreamOf } from './ports';

const workflow = (): WorkflowDefinition => ({
  id: 'w',
  nodes: [
    { id: 'a', type: 'log', inputs: { message: 'a' } },
    { id: 'b', type: 'flow.if', inputs: { condition: true } },
    { id: 'c', type: 'log', inputs: { message: 'c' } },
    { id: 't', type: 'http.trigger', inputs: { route: 'x' } },
  ],
  edges: [{ id: 'e1', source: 'a', target: 'b' }, { id: 'e2', source: 'b', sourcePort: 'true', target: 'c' }],
});

describe('portsOf', () => {
  it('portsOf_PlainActivity_ReturnsDescriptorPorts', () => {
    expect(portsOf({ id: 'x', type: 'flow.if' }, descriptors.get('flow.if'))).toEqual(['true', 'false']);
  });
  it('portsOf_SwitchWithCases_AddsOnePortPerCaseBeforeDefault', () => {
    const node = { id: 's', type: 'flow.switch', inputs: { cases: [{ name: 'big', condition: '{{ 1 }}' }, { name: 'small', condition: '{{ 0 }}' }] } };
    expect(portsOf(node, descriptors.get('flow.switch'))).toEqual(['big', 'small', 'default']);
  });
  it('portsOf_ClassifyWithStringCategories_AddsThemAndFallback', () => {
    const node = { id: 'c', type: 'ai.classify', inputs: { categories: ['billing', 'tech', 'billing'] } };
    expect(portsOf(node, descriptors.get('ai.classify'))).toEqual(['billing', 'tech', 'fallback']);
  });
  it('portsOf_OnErrorRoute_AddsTheErrorPort', () => {
    expect(portsOf({ id: 'x', type: 'log', onError: 'route' }, descriptors.get('log'))).toEqual(['done', 'error']);
  });
  it('portsOf_UnknownActivity_HasDone', () => {
    expect(portsOf({ id: 'x', type: 'nope' }, undefined)).toEqual(['done']);
  });
});

describe('checkConnection', () => {
  it('checkConnection_ValidPort_IsAllowed', () => {
    expect(checkConnection(workflow(), descriptors, { source: 'b', sourcePort: 'false', target: 'c' })).toEqual({ ok: true });
  });
  it('checkConnection_UnknownPort_IsRefusedNamingThePorts', () => {
    const check = checkConnection(workflow(), descriptors, { source: 'b', sourcePort: 'done', target: 'c' });
    expect(check.ok).toBe(false);
    expect(!check.ok && check.reason).toContain('true, false');
  });
  it('checkConnection_SelfLoop_IsRefused', () => {
    expect(checkConnection(workflow(), descriptors, { source: 'a', sourcePort: 'done', target: 'a' }).ok).toBe(false);
  });
  it('checkConnection_Cycle_IsRefused', () => {
    const check = checkConnection(workflow(), descriptors, { source: 'c', sourcePort: 'done', target: 'a' });
    expect(check.ok).toBe(false);
    expect(!check.ok && check.reason).toContain('cycle');
  });
  it('checkConnection_Duplicate_IsRefused', () => {
    expect(checkConnection(workflow(), descriptors, { source: 'a', sourcePort: 'done', target: 'b' }).ok).toBe(false);
  });
  it('checkConnection_IntoATrigger_IsRefused', () => {
    expect(checkConnection(workflow(), descriptors, { source: 'c', sourcePort: 'done', target: 't' }).ok).toBe(false);
  });
  it('checkConnection_UnknownNode_IsRefused', () => {
    expect(checkConnection(workflow(), descriptors, { source: 'zz', sourcePort: 'done', target: 'a' }).ok).toBe(false);
  });
});

describe('graph walks', () => {
  it('reaches_FollowsEdgesInTheirDirectionOnly', () => {
    expect(reaches(workflow(), 'a', 'c')).toBe(true);
    expect(reaches(workflow(), 'c', 'a')).toBe(false);
  });
  it('upstreamOf_ListsAncestorsNearestFirst', () => {
    expect(upstreamOf(workflow(), 'c')).toEqual(['b', 'a']);
    expect(upstreamOf(workflow(), 'a')).toEqual([]);
  });
});
