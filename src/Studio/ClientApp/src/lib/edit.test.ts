import { describe, expect, it } from 'vitest';
import type { WorkflowDefinition } from '../api/types';
import { descriptors } from './__fixtures__/descriptors';
import { addNode, baseIdFor, connect, copySelection, paste, removeElements, renameNode, uniqueId } from './edit';

const base = (): WorkflowDefinition => ({
  id: 'w',
  nodes: [{ id: 'a', type: 'log', position: { x: 0, y: 0 } }, { id: 'b', type: 'log', position: { x: 300, y: 0 } }],
  edges: [{ id: 'e1', source: 'a', target: 'b' }],
});

describe('edit', () => {
  it('uniqueId_Taken_AddsTheFirstFreeNumber', () => {
    expect(uniqueId('chunk', ['chunk', 'chunk2'])).toBe('chunk3');
    expect(baseIdFor('text.chunk')).toBe('chunk');
  });
  it('addNode_UsesTheTypeAndARoundedPosition', () => {
    const { definition, id } = addNode(base(), descriptors.get('text.chunk')!, { x: 10.4, y: 20.6 });
    expect(id).toBe('chunk');
    expect(definition.nodes.at(-1)).toEqual({ id: 'chunk', type: 'text.chunk', inputs: {}, position: { x: 10, y: 21 } });
  });
  it('connect_DefaultPort_IsLeftOutOfTheEdge', () => {
    const d = connect(base(), { source: 'b', sourcePort: 'done', target: 'a' });
    expect(d.edges.at(-1)).toEqual({ id: 'e-b-a', source: 'b', target: 'a' });
    expect(connect(base(), { source: 'a', sourcePort: 'true', target: 'b' }).edges.at(-1)!.sourcePort).toBe('true');
  });
  it('removeElements_Node_TakesItsEdgesAlong', () => {
    const d = removeElements(base(), ['a'], []);
    expect(d.nodes.map(n => n.id)).toEqual(['b']);
    expect(d.edges).toEqual([]);
  });
  it('renameNode_UpdatesTheEdges_RefusesATakenId', () => {
    const d = renameNode(base(), 'a', 'start');
    expect(d.edges[0]).toMatchObject({ source: 'start', target: 'b' });
    expect(renameNode(base(), 'a', 'b')).toEqual(base());
  });
  it('copyThenPaste_NewIdsOffsetPositionsInnerEdgesKept', () => {
    const original = base();
    const clip = copySelection(original, ['a', 'b']);
    const { definition, ids } = paste(original, clip);
    expect(ids).toEqual(['a2', 'b2']);
    expect(definition.nodes.find(n => n.id === 'b2')!.position).toEqual({ x: 340, y: 40 });
    expect(definition.edges.at(-1)).toMatchObject({ source: 'a2', target: 'b2' });
    expect(original.nodes).toHaveLength(2); // the original is untouched
  });
});
