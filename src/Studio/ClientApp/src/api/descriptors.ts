import { api } from './client';
import type { ActivityDescriptor } from './types';

let cached: Promise<ActivityDescriptor[]> | undefined;

const storageKey = 'weft.studio.descriptors';

/**
 * The server's activity descriptors, fetched once per page load (they change only when the server is redeployed). The last
 * ones seen are kept in localStorage, so the designer still opens (with its unsaved edits) while the server is away.
 */
export function loadDescriptors(): Promise<ActivityDescriptor[]> {
  cached ??= api.activities().then(
    descriptors => { localStorage.setItem(storageKey, JSON.stringify(descriptors)); return descriptors; },
    error => {
      cached = undefined;
      const kept = localStorage.getItem(storageKey);
      if (kept) return JSON.parse(kept) as ActivityDescriptor[];
      throw error;
    });
  return cached;
}

export function byType(descriptors: ActivityDescriptor[]): Map<string, ActivityDescriptor> {
  return new Map(descriptors.map(d => [d.type, d]));
}
