import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { api, buildUrl, request } from '../../lib/api.js';
import type {
  Attachment,
  AttachmentList,
  CreateReportBody,
  FollowUp,
  FollowUpList,
  ReportStage,
  StageReportResult,
  TimelineEntry,
  EditionList,
  EditionStructure,
  OrganizationDetail,
  ReportDeadlineList,
  ReportDetail,
  ReportPage,
  RateSeverityInput,
  ReportSeverity,
  SeverityFacts,
  SeverityRating,
  SeveritySuggestion,
  Timeline,
  UpdateReportBody,
} from '../../lib/types.js';
import { filterQuery, type ReportFilters } from './list/list-filters.js';

export const PAGE_SIZE = 25;
const base = '/api/v1/reports';
const reportPath = (id: string) => `${base}/${encodeURIComponent(id)}`;

export const reportKeys = {
  all: ['reports'] as const,
  detail: (id: string) => ['reports', 'detail', id] as const,
};

export const reportListQuery = (filters: ReportFilters) =>
  infiniteQueryOptions({
    queryKey: ['reports', 'list', filters] as const,
    queryFn: ({ pageParam, signal }) =>
      api.get<ReportPage>(base, { ...filterQuery(filters), cursor: pageParam, limit: PAGE_SIZE }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next,
  });

export const inboxQuery = (filters: ReportFilters) =>
  infiniteQueryOptions({
    queryKey: ['reports', 'inbox', filters] as const,
    queryFn: ({ pageParam, signal }) =>
      api.get<ReportPage>(
        `${base}/inbox`,
        { ...filterQuery(filters), cursor: pageParam, limit: PAGE_SIZE },
        signal,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next,
  });

/** The CSV export of the list as filtered now (the server applies the same access policy). */
export const exportUrl = (filters: ReportFilters): string =>
  buildUrl(`${base}/export.csv`, filterQuery(filters));

export const reportQuery = (id: string) =>
  queryOptions({
    queryKey: reportKeys.detail(id),
    queryFn: ({ signal }) => api.get<ReportDetail>(reportPath(id), undefined, signal),
  });

export const timelineQuery = (id: string) =>
  queryOptions({
    queryKey: ['reports', 'detail', id, 'timeline'] as const,
    queryFn: ({ signal }) => api.get<Timeline>(`${reportPath(id)}/timeline`, undefined, signal),
  });

export const severityQuery = (id: string) =>
  queryOptions({
    queryKey: ['reports', 'detail', id, 'severity'] as const,
    queryFn: ({ signal }) => api.get<ReportSeverity>(`${reportPath(id)}/severity`, undefined, signal),
  });

export const deadlinesQuery = (id: string) =>
  queryOptions({
    queryKey: ['reports', 'detail', id, 'deadlines'] as const,
    queryFn: ({ signal }) => api.get<ReportDeadlineList>(`${reportPath(id)}/deadlines`, undefined, signal),
  });

export const followUpsQuery = (id: string) =>
  queryOptions({
    queryKey: ['reports', 'detail', id, 'follow-ups'] as const,
    queryFn: ({ signal }) => api.get<FollowUpList>(`${reportPath(id)}/follow-ups`, undefined, signal),
  });

export const attachmentsQuery = (id: string) =>
  queryOptions({
    queryKey: ['reports', 'detail', id, 'attachments'] as const,
    queryFn: ({ signal }) => api.get<AttachmentList>(`${reportPath(id)}/attachments`, undefined, signal),
  });

/** CIPX's suggestion is a pure computation on the server; asking again with the same facts is free. */
export const suggestionQuery = (facts: SeverityFacts) =>
  queryOptions({
    queryKey: ['severity', 'suggest', facts] as const,
    queryFn: () => api.post<SeveritySuggestion>('/api/v1/severity/suggest', { facts }),
    staleTime: 5 * 60_000,
  });

/** The sectors reports are filed under: those of the current reference edition (the server checks the same). */
export const currentSectorsQuery = queryOptions({
  queryKey: ['reports', 'sectors'] as const,
  queryFn: async ({ signal }) => {
    const editions = await api.get<EditionList>('/api/v1/editions', undefined, signal);
    const current = editions.items.find((e) => e.isCurrent) ?? editions.items[0];
    if (!current) return [];
    const structure = await api.get<EditionStructure>(
      `/api/v1/editions/${encodeURIComponent(current.id)}/structure`,
      undefined,
      signal,
    );
    return structure.sectors.map((s) => ({ code: s.code, name: s.name }));
  },
  staleTime: 10 * 60_000,
});

/** An organization's names, for hops and timeline actors (which carry ids only). */
export const organizationNameQuery = (id: string) =>
  queryOptions({
    queryKey: ['organizations', 'detail', id] as const,
    queryFn: ({ signal }) =>
      api.get<OrganizationDetail>(`/api/v1/organizations/${encodeURIComponent(id)}`, undefined, signal),
    staleTime: 10 * 60_000,
    select: (detail) => detail.organization,
  });

export const reportApi = {
  create: (body: CreateReportBody, idempotencyKey: string) =>
    api.post<ReportDetail>(base, body, { 'idempotency-key': idempotencyKey }),
  update: (id: string, body: UpdateReportBody) => api.patch<ReportDetail>(reportPath(id), body),
  submit: (id: string) => api.post<ReportDetail>(`${reportPath(id)}/submit`),
  acknowledge: (id: string, note?: string) =>
    api.post<ReportDetail>(`${reportPath(id)}/acknowledge`, note ? { note } : {}),
  changeStatus: (id: string, status: 'under_analysis' | 'resolved' | 'closed', note?: string) =>
    api.post<ReportDetail>(`${reportPath(id)}/status`, { status, ...(note ? { note } : {}) }),
  forward: (id: string, decision: 'forward' | 'decline', note?: string) =>
    api.post<ReportDetail>(`${reportPath(id)}/forward`, { decision, ...(note ? { note } : {}) }),
  rate: (id: string, body: RateSeverityInput) => api.post<SeverityRating>(`${reportPath(id)}/severity`, body),
  askFollowUp: (id: string, question: string) =>
    api.post<FollowUp>(`${reportPath(id)}/follow-ups`, { question }),
  answerFollowUp: (id: string, followUpId: string, answer: string) =>
    api.post<FollowUp>(`${reportPath(id)}/follow-ups/${encodeURIComponent(followUpId)}/answer`, { answer }),
  comment: (id: string, text: string) => api.post<TimelineEntry>(`${reportPath(id)}/comments`, { text }),
  stageReport: (id: string, stage: ReportStage, text: string) =>
    api.post<StageReportResult>(`${reportPath(id)}/stage-reports`, { stage, text }),
  consent: (id: string, granted: boolean, note?: string) =>
    api.post<ReportDetail>(`${reportPath(id)}/consent`, { granted, ...(note ? { note } : {}) }),
  upload: (id: string, file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return request<Attachment>(`${reportPath(id)}/attachments`, { method: 'POST', form });
  },
};
