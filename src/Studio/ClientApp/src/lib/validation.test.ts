import { describe, expect, it } from 'vitest';
import type { WorkflowDefinition } from '../api/types';
import { descriptors } from './__fixtures__/descriptors';
import { fieldOfPath, groupByNode, localProblems, mergeProblems } from './validation';
import { diffDefinitions, isEmptyDiff } from './diff';

describe('validation', () => {
  it('fieldOfPath_InputPath_NamesTheInput', () => {
    expect(fieldOfPath('$.nodes[3].inputs.text')).toBe('text');
    expect(fieldOfPath('$.nodes[0].retry.maxAttempts')).toBe('retry');
    expect(fieldOfPath('$.edges[0]')).toBeUndefined();
  });
  it('localProblems_MissingRequiredAndUnclosedTemplate_AreMarkedOnTheNode', () => {
    const d: WorkflowDefinition = { id: 'w', nodes: [{ id: 'c', type: 'text.chunk', inputs: {} }, { id: 'l', type: 'log', inputs: { message: 'x {{ input.y' } }], edges: [] };
    const problems = localProblems(d, descriptors);
    expect(problems.get('c')).toEqual([{ code: 'MissingInput', field: 'text', message: "Input 'text' is required." }]);
    expect(problems.get('l')![0]).toMatchObject({ code: 'TemplateSyntax', field: 'message' });
  });
  it('mergeProblems_SameFieldFromServer_IsNotRepeated', () => {
    const server = groupByNode([{ code: 'MissingInput', message: 'server says', path: '$.nodes[0].inputs.text', nodeId: 'c' }]);
    const local = new Map([['c', [{ code: 'MissingInput', field: 'text', message: 'local says' }]]]);
    expect(mergeProblems(local, server).get('c')).toEqual([{ code: 'MissingInput', field: 'text', message: 'server says' }]);
  });
});

describe('diff', () => {
  it('diffDefinitions_ReportsAddedRemovedChanged_IgnoresPositions', () => {
    const before: WorkflowDefinition = { id: 'w', nodes: [{ id: 'a', type: 'log', position: { x: 0, y: 0 } }, { id: 'b', type: 'log' }], edges: [{ id: 'e', source: 'a', target: 'b' }] };
    const after: WorkflowDefinition = { id: 'w', nodes: [{ id: 'a', type: 'log', position: { x: 99, y: 9 } }, { id: 'c', type: 'log', inputs: { message: 1 } }], edges: [] };
    const diff = diffDefinitions(before, after);
    expect(diff).toMatchObject({ addedNodes: ['c'], removedNodes: ['b'], changedNodes: [], removedEdges: ['a.done → b'] });
    expect(isEmptyDiff(diffDefinitions(before, { ...before, nodes: before.nodes.map(n => ({ ...n, position: { x: 5, y: 5 } })) }))).toBe(true);
  });
});
