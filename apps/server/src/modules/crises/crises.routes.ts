import {
  ActiveCrises,
  ChangeCrisisBody,
  CrisisDetail,
  CrisisListQuery,
  CrisisPage,
  CrisisParams,
  CrisisReport,
  CrisisUpdate,
  CrisisUpdateListQuery,
  CrisisUpdatePage,
  DeclareCrisisBody,
  EndCrisisBody,
  LinkCrisisReportBody,
  PostCrisisUpdateBody,
  Problem,
} from '@cipx/contracts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginCallback, FastifyReply, FastifyRequest } from 'fastify';
import { authorize, requireViewer } from '../identity/index.js';
import type { CrisesService, RequestOrigin } from './crises.service.js';

const security: { [scheme: string]: string[] }[] = [{ session: [] }, { token: [] }];
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem };
const tags = ['crises'];

function originOf(request: FastifyRequest): RequestOrigin {
  return { requestId: request.id, ip: request.ip };
}

/** `POST …/end` may come without a body. */
function emptyBodyAsObject(request: FastifyRequest, _reply: FastifyReply, done: () => void): void {
  request.body ??= {};
  done();
}

/** `/crises`: large-scale outage mode. What the viewer may not see answers 404. */
export function crisesRoutes(service: CrisesService): FastifyPluginCallback {
  return (instance, _options, done) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.post(
      '/crises',
      {
        schema: {
          tags,
          summary: 'Declare a large-scale outage (the coordinator’s analysts and above)',
          description:
            'Default TLP is GREEN; the default audience is the affected sectors, or all CI when none is named.',
          security,
          body: DeclareCrisisBody,
          response: { 201: CrisisDetail, ...errors },
        },
      },
      async (request, reply) => {
        const viewer = requireViewer(request);
        authorize(viewer, { role: 'analyst', organizationKinds: ['coordinator'], scope: 'crises:write' });
        return reply.code(201).send(await service.declareCrisis(viewer, request.body, originOf(request)));
      },
    );

    app.get(
      '/crises',
      {
        schema: {
          tags,
          summary: 'Crises the caller may see, newest first',
          security,
          querystring: CrisisListQuery,
          response: { 200: CrisisPage, ...errors },
        },
      },
      async (request) => {
        const viewer = requireViewer(request);
        authorize(viewer, { scope: 'crises:read' });
        return service.listCrises(viewer, request.query, originOf(request));
      },
    );

    app.get(
      '/crises/active',
      {
        schema: {
          tags,
          summary: 'Active crises the caller may see (for the banner)',
          security,
          response: { 200: ActiveCrises, ...errors },
        },
      },
      async (request) => {
        const viewer = requireViewer(request);
        authorize(viewer, { scope: 'crises:read' });
        return service.activeCrises(viewer, originOf(request));
      },
    );

    app.get(
      '/crises/:id',
      {
        schema: {
          tags,
          summary: 'A crisis with the linked reports the caller may see',
          security,
          params: CrisisParams,
          response: { 200: CrisisDetail, ...errors },
        },
      },
      async (request) => {
        const viewer = requireViewer(request);
        authorize(viewer, { scope: 'crises:read' });
        return service.getCrisis(viewer, request.params.id, originOf(request));
      },
    );

    app.patch(
      '/crises/:id',
      {
        schema: {
          tags,
          summary: 'Change the update interval (the declaring coordinator)',
          security,
          params: CrisisParams,
          body: ChangeCrisisBody,
          response: { 200: CrisisDetail, ...errors },
        },
      },
      async (request) => {
        const viewer = requireViewer(request);
        authorize(viewer, { role: 'analyst', scope: 'crises:write' });
        return service.changeCrisis(viewer, request.params.id, request.body, originOf(request));
      },
    );

    app.post(
      '/crises/:id/end',
      {
        preValidation: emptyBodyAsObject,
        schema: {
          tags,
          summary: 'End the crisis (the declaring coordinator); reminders stop',
          security,
          params: CrisisParams,
          body: EndCrisisBody,
          response: { 200: CrisisDetail, ...errors },
        },
      },
      async (request) => {
        const viewer = requireViewer(request);
        authorize(viewer, { role: 'analyst', scope: 'crises:write' });
        return service.endCrisis(viewer, request.params.id, request.body, originOf(request));
      },
    );

    app.post(
      '/crises/:id/reports',
      {
        schema: {
          tags,
          summary:
            'Link a report the caller may see; its originator is then asked for updates at the interval',
          description:
            'Analysts and above may link any report they see; reporters may link their own organization’s reports.',
          security,
          params: CrisisParams,
          body: LinkCrisisReportBody,
          response: { 201: CrisisReport, ...errors },
        },
      },
      async (request, reply) => {
        const viewer = requireViewer(request);
        authorize(viewer, { role: 'reporter', scope: 'crises:write' });
        return reply
          .code(201)
          .send(
            await service.linkReport(viewer, request.params.id, request.body.reportId, originOf(request)),
          );
      },
    );

    app.post(
      '/crises/:id/updates',
      {
        schema: {
          tags,
          summary: 'Post to the crisis’s situation thread (situation statements: the coordinator)',
          security,
          params: CrisisParams,
          body: PostCrisisUpdateBody,
          response: { 201: CrisisUpdate, ...errors },
        },
      },
      async (request, reply) => {
        const viewer = requireViewer(request);
        authorize(viewer, { role: 'reporter', scope: 'crises:write' });
        return reply
          .code(201)
          .send(await service.postUpdate(viewer, request.params.id, request.body, originOf(request)));
      },
    );

    app.get(
      '/crises/:id/updates',
      {
        schema: {
          tags,
          summary: 'The crisis’s situation thread, newest first',
          security,
          params: CrisisParams,
          querystring: CrisisUpdateListQuery,
          response: { 200: CrisisUpdatePage, ...errors },
        },
      },
      async (request) => {
        const viewer = requireViewer(request);
        authorize(viewer, { scope: 'crises:read' });
        return service.listUpdates(viewer, request.params.id, request.query, originOf(request));
      },
    );

    done();
  };
}
