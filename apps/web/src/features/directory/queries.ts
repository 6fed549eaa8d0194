import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { api } from '../../lib/api.js';
import type { EditionList, EditionStructure, OrganizationDetail, OrganizationPage } from '../../lib/types.js';

export const editionsQuery = queryOptions({
  queryKey: ['editions'] as const,
  queryFn: ({ signal }) => api.get<EditionList>('/api/v1/editions', undefined, signal),
  staleTime: 10 * 60_000,
});

export const structureQuery = (editionId: string) =>
  queryOptions({
    queryKey: ['editions', editionId, 'structure'] as const,
    queryFn: ({ signal }) =>
      api.get<EditionStructure>(
        `/api/v1/editions/${encodeURIComponent(editionId)}/structure`,
        undefined,
        signal,
      ),
    staleTime: 10 * 60_000,
  });

export interface OrganizationFilter {
  q: string;
  kind: string;
}

export const PAGE_SIZE = 25;

export const organizationsQuery = (filter: OrganizationFilter) =>
  infiniteQueryOptions({
    queryKey: ['organizations', filter] as const,
    queryFn: ({ pageParam, signal }) =>
      api.get<OrganizationPage>(
        '/api/v1/organizations',
        { q: filter.q.trim(), kind: filter.kind, cursor: pageParam, limit: PAGE_SIZE },
        signal,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next,
  });

export const organizationQuery = (id: string) =>
  queryOptions({
    queryKey: ['organizations', 'detail', id] as const,
    queryFn: ({ signal }) =>
      api.get<OrganizationDetail>(`/api/v1/organizations/${encodeURIComponent(id)}`, undefined, signal),
  });
