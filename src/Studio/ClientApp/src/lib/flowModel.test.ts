import { describe, expect, it } from 'vitest';
import type { WorkflowDefinition } from '../api/types';
import { descriptors } from './__fixtures__/descriptors';
import { buildEdges, buildNodes } from './flowModel';

const definition: WorkflowDefinition = {
  id: 'w',
  nodes: [{ id: 'a', type: 'flow.if', position: { x: 0, y: 0 } }, { id: 'b', type: 'log', position: { x: 300, y: 0 } }],
  edges: [{ id: 'e1', source: 'a', sourcePort: 'true', target: 'b' }],
};

describe('flowModel', () => {
  it('buildNodes_PortsAndStatus_ComeFromDescriptorAndRun', () => {
    const [a] = buildNodes(definition, descriptors, [], { a: 'running' });
    expect(a.data.ports).toEqual(['true', 'false']);
    expect(a.data.status).toBe('running');
  });
  it('buildNodes_UnchangedNode_KeepsItsObjectAndSelection', () => {
    const first = buildNodes(definition, descriptors, []);
    const selected = first.map(n => (n.id === 'a' ? { ...n, selected: true } : n));
    const moved = { ...definition, nodes: definition.nodes.map(n => (n.id === 'b' ? { ...n, position: { x: 500, y: 0 } } : n)) };
    const second = buildNodes(moved, descriptors, selected);
    expect(second[0]).toBe(selected[0]);
    expect(second[0].selected).toBe(true);
    expect(second[1]).not.toBe(selected[1]);
    expect(second[1].position).toEqual({ x: 500, y: 0 });
  });
  it('buildEdges_NamedPort_IsTheSourceHandleAndLabel', () => {
    const [edge] = buildEdges(definition, [], { a: 'completed', b: 'running' });
    expect(edge).toMatchObject({ sourceHandle: 'true', targetHandle: 'in', label: 'true', animated: true });
  });
});
