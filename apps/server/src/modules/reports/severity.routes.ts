import {
  Problem,
  PutSeverityMappingInput,
  PutSeverityRubricInput,
  RateSeverityInput,
  ReportSeverity,
  SeverityMapping,
  SeverityRating,
  SeverityReportParams,
  SeverityRubric,
  SeveritySuggestion,
  SuggestSeverityInput,
} from '@cipx/contracts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginCallback, FastifyRequest } from 'fastify';
import { authorize, requireViewer } from '../identity/index.js';
import type { RequestOrigin, SeverityService } from './severity.service.js';

const security: { [scheme: string]: string[] }[] = [{ session: [] }, { token: [] }];

function originOf(request: FastifyRequest): RequestOrigin {
  return { requestId: request.id, ip: request.ip };
}

/** Severity ratings of reports, CIPX's helper rubric and the NISC → CISS mapping (DOMAIN.md §4). */
export function severityRoutes(service: SeverityService): FastifyPluginCallback {
  return (instance, _options, done) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.post(
      '/reports/:id/severity',
      {
        schema: {
          tags: ['severity'],
          summary: 'Rate a report’s severity (provisional, or final by the coordinator)',
          description:
            'Provisional ratings: the reporting organization (reporter role or above), ministries, CEPTOARs and the coordinator (analyst or above). Final: the coordinator’s analysts and above.',
          security,
          params: SeverityReportParams,
          body: RateSeverityInput,
          response: { 201: SeverityRating, 400: Problem, 401: Problem, 403: Problem, 404: Problem },
        },
      },
      async (request, reply) => {
        const viewer = requireViewer(request);
        authorize(viewer, { role: 'reporter', scope: 'reports:write' });
        const rating = await service.rate(viewer, request.params.id, request.body, originOf(request));
        return reply.code(201).send(rating);
      },
    );

    app.get(
      '/reports/:id/severity',
      {
        schema: {
          tags: ['severity'],
          summary: 'A report’s rating history, its current rating and CIPX’s suggestion',
          security,
          params: SeverityReportParams,
          response: { 200: ReportSeverity, 401: Problem, 403: Problem, 404: Problem },
        },
      },
      async (request) => {
        const viewer = requireViewer(request);
        authorize(viewer, { scope: 'reports:read' });
        return service.getReportSeverity(viewer, request.params.id, originOf(request));
      },
    );

    app.post(
      '/severity/suggest',
      {
        schema: {
          tags: ['severity'],
          summary: 'CIPX’s suggested levels for a set of facts, with the thresholds that fired',
          security,
          body: SuggestSeverityInput,
          response: { 200: SeveritySuggestion, 400: Problem, 401: Problem, 403: Problem },
        },
      },
      async (request) => {
        const viewer = requireViewer(request);
        authorize(viewer, { scope: 'reports:read' });
        return service.suggest(request.body.facts);
      },
    );

    app.get(
      '/severity/rubric',
      {
        schema: {
          tags: ['severity'],
          summary: 'The active helper rubric (CIPX’s suggestion, not NISC’s criteria)',
          security,
          response: { 200: SeverityRubric, 401: Problem },
        },
      },
      async (request) => {
        requireViewer(request);
        return service.getRubric();
      },
    );

    app.put(
      '/severity/rubric',
      {
        schema: {
          tags: ['severity'],
          summary: 'Replace the rubric’s thresholds (a new version; coordinator administrators)',
          security,
          body: PutSeverityRubricInput,
          response: { 200: SeverityRubric, 400: Problem, 401: Problem, 403: Problem },
        },
      },
      async (request) => {
        const viewer = requireViewer(request);
        authorize(viewer, { role: 'admin', organizationKinds: ['coordinator'], scope: 'severity:write' });
        return service.putRubric(viewer, request.body, originOf(request));
      },
    );

    app.get(
      '/severity/mapping',
      {
        schema: {
          tags: ['severity'],
          summary: 'The active NISC → CISS mapping with its source',
          security,
          response: { 200: SeverityMapping, 401: Problem },
        },
      },
      async (request) => {
        requireViewer(request);
        return service.getMapping();
      },
    );

    app.put(
      '/severity/mapping',
      {
        schema: {
          tags: ['severity'],
          summary: 'Replace the NISC → CISS mapping (a new version; coordinator administrators)',
          security,
          body: PutSeverityMappingInput,
          response: { 200: SeverityMapping, 400: Problem, 401: Problem, 403: Problem },
        },
      },
      async (request) => {
        const viewer = requireViewer(request);
        authorize(viewer, { role: 'admin', organizationKinds: ['coordinator'], scope: 'severity:write' });
        return service.putMapping(viewer, request.body, originOf(request));
      },
    );
    done();
  };
}
