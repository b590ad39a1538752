import { describe, expect, it } from 'vitest';
import type { WorkflowDefinition } from '../api/types';
import { autoLayout, layoutInput, NodeHeight, NodeWidth } from './layout';

const workflow: WorkflowDefinition = {
  id: 'w',
  nodes: [{ id: 'a', type: 'log' }, { id: 'b', type: 'flow.if' }, { id: 'c', type: 'log' }, { id: 'd', type: 'log' }],
  edges: [
    { id: 'e1', source: 'a', target: 'b' },
    { id: 'e2', source: 'b', sourcePort: 'true', target: 'c' },
    { id: 'e3', source: 'b', sourcePort: 'false', target: 'c' },
    { id: 'e4', source: 'b', target: 'd' },
    { id: 'e5', source: 'ghost', target: 'd' },
  ],
};

describe('layout', () => {
  it('layoutInput_EveryNodeSized_EachPairOnce_DanglingEdgesLeftOut', () => {
    const input = layoutInput(workflow);
    expect(input.nodes).toEqual(['a', 'b', 'c', 'd'].map(id => ({ id, width: NodeWidth, height: NodeHeight })));
    expect(input.edges).toEqual([{ source: 'a', target: 'b' }, { source: 'b', target: 'c' }, { source: 'b', target: 'd' }]);
  });
  it('autoLayout_LeftToRight_SourcesBeforeTargets_NoOverlap', () => {
    const p = autoLayout(workflow);
    expect(p.get('a')!.x).toBeLessThan(p.get('b')!.x);
    expect(p.get('b')!.x).toBeLessThan(p.get('c')!.x);
    expect(p.get('c')!.x).toBe(p.get('d')!.x);
    expect(Math.abs(p.get('c')!.y - p.get('d')!.y)).toBeGreaterThanOrEqual(NodeHeight);
  });
});
