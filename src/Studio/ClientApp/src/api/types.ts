// The workflow server's JSON shapes (docs/server-api.md, docs/workflows.md), as Studio reads and writes them.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface InputDescriptor {
  name: string;
  type: string;
  required: boolean;
  default?: Json;
  description?: string;
  uiHint: string;
  options?: string[];
  lazy: boolean;
}

export interface OutputDescriptor { name: string; type: string; description?: string }

export interface ActivityDescriptor {
  type: string;
  displayName: string;
  category: string;
  description?: string;
  inputs: InputDescriptor[];
  outputs: OutputDescriptor[];
  ports: string[];
  hasComputedPorts: boolean;
  isContainer: boolean;
  isTrigger: boolean;
}

export interface RetryPolicy {
  maxAttempts?: number;
  initialInterval?: string;
  backoff?: number;
  maxInterval?: string;
  nonRetryable?: string[];
}

export type OnError = 'fail' | 'continue' | 'route';

export interface WorkflowNode {
  id: string;
  type: string;
  name?: string;
  inputs?: Record<string, Json>;
  retry?: RetryPolicy;
  timeout?: string;
  heartbeatTimeout?: string;
  onError?: OnError;
  join?: 'all' | 'any';
  body?: { nodes: WorkflowNode[]; edges: WorkflowEdge[] };
  position?: { x: number; y: number };
}

export interface WorkflowEdge { id: string; source: string; sourcePort?: string; target: string }

export interface WorkflowInput { name: string; type: string; required?: boolean; default?: Json; description?: string }
export interface WorkflowVariable { name: string; type: string; default?: Json }

export interface WorkflowDefinition {
  id: string;
  version?: number;
  name?: string;
  description?: string;
  inputs?: WorkflowInput[];
  variables?: WorkflowVariable[];
  options?: { executionTimeout?: string; queue?: string; idempotency?: 'useExisting' | 'fail'; maxParallelism?: number; durability?: 'durable' | 'ephemeral' };
  nodes: WorkflowNode[];
  edges: WorkflowEdge[];
}

export interface DefinitionSummary {
  id: string;
  name?: string;
  description?: string;
  latestVersion: number;
  publishedVersion?: number;
  updatedAt: string;
}

export interface DefinitionResponse { id: string; version: number; publishedVersion?: number; definition: WorkflowDefinition }
export interface VersionInfo { version: number; isPublished: boolean; createdAt: string }

export interface ValidationError { code: string; message: string; path?: string; nodeId?: string; edgeId?: string }

export type InstanceStatus = 'pending' | 'running' | 'suspended' | 'completed' | 'faulted' | 'cancelled' | 'timedOut' | 'terminated';

export interface InstanceSummary {
  id: string;
  definitionId: string;
  definitionVersion: number;
  status: InstanceStatus;
  queue?: string;
  parentInstanceId?: string;
  createdAt: string;
  updatedAt: string;
  completedAt?: string;
}

export interface InstancePage { items: InstanceSummary[]; total: number; skip: number; take: number }

export interface CurrentNode { nodeId: string; scope?: string; status: string; attempt: number; waitingFor?: string; dueAt?: string }

export interface InstanceSnapshot extends InstanceSummary {
  currentNodes?: CurrentNode[];
  input?: Json;
  variables?: Record<string, Json>;
  output?: Json;
  error?: Json;
  nodeOutputs?: Record<string, Json>;
  progress?: { finished: number; total: number; fraction: number };
}

export interface JournalEntry {
  id: number | string;
  nodeId: string;
  scope?: string;
  activityType: string;
  attempt: number;
  status: string;
  port?: string;
  inputs?: Json;
  output?: Json;
  error?: Json;
  startedAt: string;
  endedAt?: string;
  durationMs?: number;
  sequence?: number;
}

export interface EngineEvent { sequence: number; type: string; nodeId?: string; at: string; data?: Record<string, Json> }

export interface QueueInfo { queue: string; waiting: number; leased: number; oldestDueAt?: string; liveWorkers: number; stalled: boolean }
export interface WorkerInfo { workerId: string; queues: string[]; host?: string; startedAt: string; lastSeenAt: string; activeInstances: number }

export interface Problem { title?: string; status?: number; detail?: string; field?: string; errors?: ValidationError[] }
