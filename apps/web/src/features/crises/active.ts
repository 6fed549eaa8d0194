import type { ActiveCrises, Crisis } from '../../lib/types.js';

/** The crises to announce: active ones only, even if a stale answer still lists an ended one. */
export function activeCrises(data: ActiveCrises | undefined): Crisis[] {
  return (data?.items ?? []).filter((c) => c.status === 'active');
}
