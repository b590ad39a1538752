import { api } from './client';
import type { ActivityDescriptor } from './types';

let cached: Promise<ActivityDescriptor[]> | undefined;

/** The server's activity descriptors, fetched once per page load (they change only when the server is redeployed). */
export function loadDescriptors(): Promise<ActivityDescriptor[]> {
  cached ??= api.activities().catch(error => { cached = undefined; throw error; });
  return cached;
}

export function byType(descriptors: ActivityDescriptor[]): Map<string, ActivityDescriptor> {
  return new Map(descriptors.map(d => [d.type, d]));
}
