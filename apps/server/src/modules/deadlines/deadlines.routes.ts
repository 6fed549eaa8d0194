import {
  ApplyRegimeInput,
  CreateDeadlineRegimeInput,
  DeadlineRegime,
  DeadlineRegimeList,
  DeadlineReportParams,
  Problem,
  PutReportAnchorsInput,
  ReportDeadlineList,
  StageCode,
  Uuid,
} from '@cipx/contracts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginCallback, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { authorize, requireViewer } from '../identity/index.js';
import type { DeadlinesService, RequestOrigin } from './deadlines.service.js';

const security: { [scheme: string]: string[] }[] = [{ session: [] }, { token: [] }];

function originOf(request: FastifyRequest): RequestOrigin {
  return { requestId: request.id, ip: request.ip };
}

const StageParams = Type.Object({ id: Uuid, code: StageCode });
const StageMetInput = Type.Object({ timelineEntryId: Uuid }, { additionalProperties: false });

/** Reporting deadlines per report and the regimes they come from (DOMAIN.md §5). */
export function deadlinesRoutes(service: DeadlinesService): FastifyPluginCallback {
  return (instance, _options, done) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/deadline-regimes',
      {
        schema: {
          tags: ['deadlines'],
          summary: 'Deadline regimes (every version), with their stages and sources',
          security,
          response: { 200: DeadlineRegimeList, 401: Problem },
        },
      },
      async (request) => {
        requireViewer(request);
        return { items: await service.listRegimes() };
      },
    );

    app.post(
      '/deadline-regimes',
      {
        schema: {
          tags: ['deadlines'],
          summary: 'Add a regime, or a new version of one (coordinator administrators)',
          description:
            'For domestic regimes such as the statutory deadline under the Active Cyber Defense law, set by ministerial order.',
          security,
          body: CreateDeadlineRegimeInput,
          response: { 201: DeadlineRegime, 400: Problem, 401: Problem, 403: Problem },
        },
      },
      async (request, reply) => {
        const viewer = requireViewer(request);
        authorize(viewer, { role: 'admin', organizationKinds: ['coordinator'], scope: 'deadlines:write' });
        return reply.code(201).send(await service.createRegime(viewer, request.body, originOf(request)));
      },
    );

    app.get(
      '/reports/:id/deadlines',
      {
        schema: {
          tags: ['deadlines'],
          summary: 'A report’s deadlines: anchors, due times, reminders, escalations, status',
          security,
          params: DeadlineReportParams,
          response: { 200: ReportDeadlineList, 401: Problem, 403: Problem, 404: Problem },
        },
      },
      async (request) => {
        const viewer = requireViewer(request);
        authorize(viewer, { scope: 'reports:read' });
        return service.listForReport(viewer, request.params.id, originOf(request));
      },
    );

    app.post(
      '/reports/:id/deadlines',
      {
        schema: {
          tags: ['deadlines'],
          summary: 'Put a report under a regime',
          description: 'The reporting organization (reporter role and above) or the coordinator’s analysts.',
          security,
          params: DeadlineReportParams,
          body: ApplyRegimeInput,
          response: {
            201: ReportDeadlineList,
            400: Problem,
            401: Problem,
            403: Problem,
            404: Problem,
            409: Problem,
          },
        },
      },
      async (request, reply) => {
        const viewer = requireViewer(request);
        authorize(viewer, { role: 'reporter', scope: 'reports:write' });
        const list = await service.applyRegimeAs(
          viewer,
          request.params.id,
          request.body.regimeId,
          originOf(request),
        );
        return reply.code(201).send(list);
      },
    );

    app.put(
      '/reports/:id/deadlines/anchors',
      {
        schema: {
          tags: ['deadlines'],
          summary: 'Set the awareness or ransom payment time of a report; its deadlines are rescheduled',
          security,
          params: DeadlineReportParams,
          body: PutReportAnchorsInput,
          response: { 200: ReportDeadlineList, 400: Problem, 401: Problem, 403: Problem, 404: Problem },
        },
      },
      async (request) => {
        const viewer = requireViewer(request);
        authorize(viewer, { role: 'reporter', scope: 'reports:write' });
        return service.putAnchorsAs(viewer, request.params.id, request.body, originOf(request));
      },
    );

    app.post(
      '/reports/:id/deadlines/stages/:code/met',
      {
        schema: {
          tags: ['deadlines'],
          summary: 'Record that a timeline entry of the report fulfilled a stage',
          description:
            'For stages no timeline flag names (e.g. a ransom payment report filed elsewhere); entries flagged with a stage meet it by themselves.',
          security,
          params: StageParams,
          body: StageMetInput,
          response: { 200: ReportDeadlineList, 400: Problem, 401: Problem, 403: Problem, 404: Problem },
        },
      },
      async (request) => {
        const viewer = requireViewer(request);
        authorize(viewer, { role: 'reporter', scope: 'reports:write' });
        return service.recordStageMetAs(
          viewer,
          request.params.id,
          request.params.code,
          request.body.timelineEntryId,
          originOf(request),
        );
      },
    );
    done();
  };
}
