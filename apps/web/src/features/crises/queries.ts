import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { api } from '../../lib/api.js';
import type {
  ActiveCrises,
  CrisisDetail,
  CrisisUpdate,
  CrisisUpdateKind,
  CrisisUpdatePage,
} from '../../lib/types.js';

const base = '/api/v1/crises';
const crisisPath = (id: string) => `${base}/${encodeURIComponent(id)}`;

/** How often the banner asks whether a crisis was declared or ended. */
export const ACTIVE_CRISES_POLL_MS = 60_000;

export const activeCrisesQuery = queryOptions({
  queryKey: ['crises', 'active'] as const,
  queryFn: ({ signal }) => api.get<ActiveCrises>(`${base}/active`, undefined, signal),
  refetchInterval: ACTIVE_CRISES_POLL_MS,
});

export const crisisQuery = (id: string) =>
  queryOptions({
    queryKey: ['crises', 'detail', id] as const,
    queryFn: ({ signal }) => api.get<CrisisDetail>(crisisPath(id), undefined, signal),
  });

export const crisisUpdatesQuery = (id: string) =>
  infiniteQueryOptions({
    queryKey: ['crises', 'detail', id, 'updates'] as const,
    queryFn: ({ pageParam, signal }) =>
      api.get<CrisisUpdatePage>(`${crisisPath(id)}/updates`, { cursor: pageParam, limit: 50 }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next,
  });

export const crisisApi = {
  postUpdate: (id: string, kind: CrisisUpdateKind, text: string) =>
    api.post<CrisisUpdate>(`${crisisPath(id)}/updates`, { kind, text }),
};
