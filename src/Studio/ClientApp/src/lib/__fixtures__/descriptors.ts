import type { ActivityDescriptor, InputDescriptor } from '../../api/types';

const input = (name: string, type: string, extra: Partial<InputDescriptor> = {}): InputDescriptor =>
  ({ name, type, required: false, uiHint: 'template', lazy: false, ...extra });

const descriptor = (type: string, ports: string[], inputs: InputDescriptor[], extra: Partial<ActivityDescriptor> = {}): ActivityDescriptor =>
  ({ type, displayName: type, category: 'Test', inputs, outputs: [], ports, hasComputedPorts: false, isContainer: false, isTrigger: false, ...extra });

/** A few descriptors shaped like the server's (GET /api/activities). */
export const descriptors = new Map<string, ActivityDescriptor>([
  ['log', descriptor('log', ['done'], [input('message', 'any', { required: true }), input('level', 'string', { uiHint: 'select', default: 'information' })])],
  ['flow.if', descriptor('flow.if', ['true', 'false'], [input('condition', 'any', { required: true })])],
  ['flow.switch', descriptor('flow.switch', ['default'], [input('cases', 'array', { required: true, uiHint: 'json' })], { hasComputedPorts: true })],
  ['ai.classify', descriptor('ai.classify', ['fallback'], [input('categories', 'array', { required: true }), input('text', 'string', { required: true })], { hasComputedPorts: true })],
  ['http.trigger', descriptor('http.trigger', ['done'], [input('route', 'string', { required: true })], { isTrigger: true })],
  ['text.chunk', descriptor('text.chunk', ['done'], [input('text', 'string', { required: true }), input('size', 'integer', { default: 800, uiHint: 'number' })],
    { outputs: [{ name: 'chunks', type: 'array' }, { name: 'count', type: 'integer' }] })],
]);
