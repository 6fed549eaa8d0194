import {
  AcknowledgeBody,
  ChangeStatusBody,
  CreateReportBody,
  ForwardBody,
  Problem,
  ReportDetail,
  ReportExportQuery,
  ReportListQuery,
  ReportPage,
  ReportParams,
  Timeline,
  UpdateReportBody,
} from '@cipx/contracts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginCallback, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { hashRequest, parseIdempotencyKey, type Idempotency } from '../../platform/http/idempotency.js';
import { AppError } from '../../shared/app-error.js';
import { authorize, requireViewer } from '../identity/index.js';
import { toDetail } from './report-view.js';
import type { ReportsReadService } from './reports-read.service.js';
import type { ReportsService, RequestOrigin } from './reports.service.js';

export const security: { [scheme: string]: string[] }[] = [{ session: [] }, { token: [] }];
export const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem };

export function originOf(request: FastifyRequest): RequestOrigin {
  return { requestId: request.id, ip: request.ip };
}

const etag = (version: number) => `"${version}"`;

/** Action routes whose body is optional: a POST without one is validated as `{}`. */
function emptyBodyAsObject(request: FastifyRequest, _reply: FastifyReply, done: () => void): void {
  request.body ??= {};
  done();
}

/** The version a change was made against: the If-Match header (an ETag from GET) or `version` in the body. */
function expectedVersion(request: FastifyRequest, bodyVersion: number | undefined): number {
  const header = request.headers['if-match'];
  if (typeof header === 'string') {
    const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
    if (!match) {
      throw new AppError('VALIDATION_FAILED', {}, [
        {
          field: 'headers/if-match',
          code: 'INVALID_IF_MATCH',
          message: 'If-Match is the ETag of the report, e.g. "3"',
        },
      ]);
    }
    return Number(match[1]);
  }
  if (bodyVersion !== undefined) return bodyVersion;
  throw new AppError('VALIDATION_FAILED', {}, [
    {
      field: 'headers/if-match',
      code: 'REQUIRED',
      message: 'Send If-Match (the ETag) or version in the body',
    },
  ]);
}

export function sendDetail(reply: FastifyReply, detail: ReportDetail, status = 200): ReportDetail {
  reply.code(status).header('etag', etag(detail.version));
  return detail;
}

export interface ReportsRoutesDeps {
  service: ReportsService;
  reads: ReportsReadService;
  idempotency: Idempotency;
}

/** `/reports`: thin handlers over the reports services; what the viewer may not see answers 404. */
export function reportsRoutes(deps: ReportsRoutesDeps): FastifyPluginCallback {
  const { service, reads, idempotency } = deps;
  return (instance, _options, done) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.post(
      '/reports',
      {
        schema: {
          tags: ['reports'],
          summary: 'Create a draft report of the caller’s organization, or file it in one call',
          description:
            'Send an Idempotency-Key header to make retries safe: for 24 h the same key from the same caller ' +
            'replays the first response; the same key with a different body is 422 IDEMPOTENCY_KEY_REUSED.\n\n' +
            'With `submit: true` the report is created, rated (`provisionalSeverity`, the reporter’s ' +
            'provisional rating, optional) and submitted in one transaction, and the answer is the ' +
            'submitted report. A report that is not complete is 422 REPORT_INCOMPLETE with the fields, ' +
            'and then NOTHING is written, not even a draft: correct the body and send it again. ' +
            '`provisionalSeverity` without `submit` rates the new draft.',
          security,
          headers: Type.Object({
            'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
          }),
          body: CreateReportBody,
          response: { 201: ReportDetail, ...errors },
        },
      },
      async (request, reply) => {
        const viewer = requireViewer(request);
        authorize(viewer, { role: 'reporter', scope: 'reports:write' });
        const key = parseIdempotencyKey(request.headers['idempotency-key']);
        const outcome = await idempotency.execute<ReportDetail>(
          key === undefined
            ? undefined
            : {
                caller: `user:${viewer.userId}`,
                key,
                requestHash: hashRequest('POST', '/reports', request.body),
              },
          async (remember) => {
            const created = await service.createReport(
              viewer,
              request.body,
              originOf(request),
              (trx, report, hops, warnings) =>
                remember(trx, { status: 201, body: toDetail(report, hops, warnings) }),
            );
            return { status: 201, body: toDetail(created.report, created.hops, created.warnings) };
          },
        );
        if (outcome.replayed) reply.header('idempotent-replayed', 'true');
        return sendDetail(reply, outcome.body, outcome.status);
      },
    );

    app.get(
      '/reports',
      {
        schema: {
          tags: ['reports'],
          summary: 'Reports the caller may see, newest first; q searches title, description and number',
          security,
          querystring: ReportListQuery,
          response: { 200: ReportPage, ...errors },
        },
      },
      async (request) => {
        const viewer = requireViewer(request);
        authorize(viewer, { scope: 'reports:read' });
        return reads.listReports(viewer, request.query, originOf(request));
      },
    );

    app.get(
      '/reports/inbox',
      {
        schema: {
          tags: ['reports'],
          summary: 'Reports addressed to the caller’s organization (not its own), newest first',
          security,
          querystring: ReportListQuery,
          response: { 200: ReportPage, ...errors },
        },
      },
      async (request) => {
        const viewer = requireViewer(request);
        authorize(viewer, { scope: 'reports:read' });
        return reads.inbox(viewer, request.query, originOf(request));
      },
    );

    app.get(
      '/reports/export.csv',
      {
        schema: {
          tags: ['reports'],
          summary: 'The filtered list as CSV (UTF-8 with BOM; only reports the caller may see)',
          security,
          querystring: ReportExportQuery,
          response: {
            200: { description: 'CSV file', content: { 'text/csv': { schema: Type.String() } } },
            ...errors,
          },
        },
      },
      async (request, reply) => {
        const viewer = requireViewer(request);
        authorize(viewer, { scope: 'reports:read' });
        const { filename, csv } = await reads.exportCsv(viewer, request.query, originOf(request));
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${filename}"`)
          .header('cache-control', 'no-store')
          .send(csv);
      },
    );

    app.get(
      '/reports/:id',
      {
        schema: {
          tags: ['reports'],
          summary: 'One report (ETag = its version)',
          security,
          params: ReportParams,
          response: { 200: ReportDetail, ...errors },
        },
      },
      async (request, reply) => {
        const viewer = requireViewer(request);
        authorize(viewer, { scope: 'reports:read' });
        return sendDetail(reply, await reads.getReport(viewer, request.params.id, originOf(request)));
      },
    );

    app.patch(
      '/reports/:id',
      {
        schema: {
          tags: ['reports'],
          summary: 'Change a draft, or add facts to a submitted report (each change kept in the timeline)',
          description:
            'Send If-Match with the ETag from GET (or version in the body); a stale version is 409 REPORT_VERSION_CONFLICT.',
          security,
          params: ReportParams,
          body: UpdateReportBody,
          response: { 200: ReportDetail, ...errors },
        },
      },
      async (request, reply) => {
        const viewer = requireViewer(request);
        authorize(viewer, { role: 'reporter', scope: 'reports:write' });
        const version = expectedVersion(request, request.body.version);
        const { report, hops, warnings } = await service.updateReport(
          viewer,
          request.params.id,
          request.body,
          version,
          originOf(request),
        );
        return sendDetail(reply, toDetail(report, hops, warnings));
      },
    );

    app.post(
      '/reports/:id/submit',
      {
        schema: {
          tags: ['reports'],
          summary:
            'Submit a draft: checks completeness (422 REPORT_INCOMPLETE with fields; the draft is kept) and routes it',
          security,
          params: ReportParams,
          response: { 200: ReportDetail, ...errors },
        },
      },
      async (request, reply) => {
        const viewer = requireViewer(request);
        authorize(viewer, { role: 'reporter', scope: 'reports:write' });
        const { report, hops, warnings } = await service.submitReport(
          viewer,
          request.params.id,
          originOf(request),
        );
        return sendDetail(reply, toDetail(report, hops, warnings));
      },
    );

    app.post(
      '/reports/:id/acknowledge',
      {
        preValidation: emptyBodyAsObject,
        schema: {
          tags: ['reports'],
          summary: 'Confirm receipt for the caller’s organization (a recipient’s analysts and above)',
          security,
          params: ReportParams,
          body: AcknowledgeBody,
          response: { 200: ReportDetail, ...errors },
        },
      },
      async (request, reply) => {
        const viewer = requireViewer(request);
        authorize(viewer, { role: 'analyst', scope: 'reports:write' });
        const { report, hops } = await service.acknowledgeReport(
          viewer,
          request.params.id,
          request.body.note,
          originOf(request),
        );
        return sendDetail(reply, toDetail(report, hops));
      },
    );

    app.post(
      '/reports/:id/status',
      {
        schema: {
          tags: ['reports'],
          summary:
            'Move a report to under_analysis or resolved (coordinator, ministries) or closed (coordinator)',
          security,
          params: ReportParams,
          body: ChangeStatusBody,
          response: { 200: ReportDetail, ...errors },
        },
      },
      async (request, reply) => {
        const viewer = requireViewer(request);
        authorize(viewer, { role: 'analyst', scope: 'reports:write' });
        const { report, hops } = await service.changeStatus(
          viewer,
          request.params.id,
          request.body.status,
          request.body.note,
          originOf(request),
        );
        return sendDetail(reply, toDetail(report, hops));
      },
    );

    app.post(
      '/reports/:id/forward',
      {
        preValidation: emptyBodyAsObject,
        schema: {
          tags: ['reports'],
          summary: 'Forward (or decline) a report the caller’s organization holds for review',
          security,
          params: ReportParams,
          body: ForwardBody,
          response: { 200: ReportDetail, ...errors },
        },
      },
      async (request, reply) => {
        const viewer = requireViewer(request);
        authorize(viewer, { role: 'analyst', scope: 'reports:write' });
        const { report, hops } = await service.forwardReport(
          viewer,
          request.params.id,
          request.body.decision ?? 'forward',
          request.body.note,
          originOf(request),
        );
        return sendDetail(reply, toDetail(report, hops));
      },
    );

    app.get(
      '/reports/:id/timeline',
      {
        schema: {
          tags: ['reports'],
          summary:
            'Everything that happened to a report, oldest first (anonymized reporters appear under a pseudonym)',
          security,
          params: ReportParams,
          response: { 200: Timeline, ...errors },
        },
      },
      async (request) => {
        const viewer = requireViewer(request);
        authorize(viewer, { scope: 'reports:read' });
        return reads.getTimeline(viewer, request.params.id, originOf(request));
      },
    );
    done();
  };
}
