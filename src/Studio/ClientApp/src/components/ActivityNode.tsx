import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { ActivityFlowNode } from '../lib/flowModel';

/** A node on the canvas: its id and activity, its status while it runs, its problems, one output handle per port. */
export const ActivityNode = memo(function ActivityNode({ data, selected }: NodeProps<ActivityFlowNode>) {
  const hasProblems = data.problems.length > 0;
  const classes = ['activity-node', `cat-${data.category.toLowerCase()}`, data.status ? `status-${data.status}` : '',
    hasProblems ? 'has-problems' : '', selected ? 'selected' : ''].join(' ');
  return (
    <div className={classes} data-testid={`node-${data.nodeId}`} data-status={data.status ?? ''} data-problems={data.problems.length}
      title={hasProblems ? data.problems.map(p => p.message).join('\n') : undefined}>
      {!data.isTrigger && <Handle type="target" position={Position.Left} id="in" data-testid={`handle-${data.nodeId}-in`} />}
      <div className="node-head">
        <span className="node-id">{data.nodeId}</span>
        {data.status && <span className={`node-status s-${data.status}`} data-testid={`status-${data.nodeId}`}>{data.status}</span>}
      </div>
      <div className="node-type">{data.label} <span className="muted">· {data.type}</span></div>
      {data.bodySize !== undefined && <div className="node-body muted" data-testid={`body-${data.nodeId}`}>body: {data.bodySize} node{data.bodySize === 1 ? '' : 's'} · per {data.type === 'flow.while' ? 'iteration' : 'item'}</div>}
      {hasProblems && <div className="node-problems" data-testid={`problems-${data.nodeId}`}>⚠ {data.problems[0].message}{data.problems.length > 1 ? ` (+${data.problems.length - 1})` : ''}</div>}
      {data.tokens && <div className="node-tokens" data-testid={`tokens-${data.nodeId}`}>{data.tokens.slice(-160)}</div>}
      <div className="node-ports">
        {data.ports.map((port, i) => (
          <div className="port" key={port} style={{ top: portTop(i, data.ports.length) }}>
            {data.ports.length > 1 || port !== 'done' ? <span className="port-label">{port}</span> : null}
            <Handle type="source" position={Position.Right} id={port} data-testid={`handle-${data.nodeId}-${port}`} />
          </div>
        ))}
      </div>
    </div>
  );
});

function portTop(index: number, count: number) {
  return `${((index + 1) / (count + 1)) * 100}%`;
}
