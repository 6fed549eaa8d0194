import {
  ConsentBody,
  OrganizationParams,
  RelayOptionList,
  RelayOptionsQuery,
  ReportDetail,
  ReportParams,
  RoutingSetting,
  RoutingSettingBody,
} from '@cipx/contracts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginCallback } from 'fastify';
import { authorize, requireViewer } from '../identity/index.js';
import { toDetail } from './report-view.js';
import { errors, originOf, security, sendDetail } from './reports.routes.js';
import type { ReportsService } from './reports.service.js';

/** The routes' choices around reports: relays, consent to forward, and each organization's routing setting. */
export function reportsRoutingRoutes(service: ReportsService): FastifyPluginCallback {
  return (instance, _options, done) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/reports/relay-options',
      {
        schema: {
          tags: ['reports'],
          summary:
            'Relays the caller’s organization may file anonymized reports through, with their community sizes',
          description:
            'Each relay’s members counts the organizations that could have filed through it (within `sector`, ' +
            'default the caller’s sector); fewer than minimumMembers is flagged smallCommunity, because a small ' +
            'community may give the reporter away.',
          security,
          querystring: RelayOptionsQuery,
          response: { 200: RelayOptionList, ...errors },
        },
      },
      async (request) => {
        const viewer = requireViewer(request);
        authorize(viewer, { role: 'reporter', scope: 'reports:read' });
        return service.relayOptions(viewer, request.query.sector);
      },
    );

    app.post(
      '/reports/:id/consent',
      {
        schema: {
          tags: ['reports'],
          summary:
            'Record the reporter’s consent (consent route): granted forwards the report from the receiving office to the coordinator',
          security,
          params: ReportParams,
          body: ConsentBody,
          response: { 200: ReportDetail, ...errors },
        },
      },
      async (request, reply) => {
        const viewer = requireViewer(request);
        authorize(viewer, { role: 'reporter', scope: 'reports:write' });
        const { report, hops } = await service.recordConsent(
          viewer,
          request.params.id,
          request.body.granted,
          request.body.note,
          originOf(request),
        );
        return sendDetail(reply, toDetail(report, hops));
      },
    );

    app.get(
      '/organizations/:id/routing',
      {
        schema: {
          tags: ['reports'],
          summary: 'How the organization passes on the reports it receives (its administrators)',
          security,
          params: OrganizationParams,
          response: { 200: RoutingSetting, ...errors },
        },
      },
      async (request) => {
        const viewer = requireViewer(request);
        authorize(viewer, { role: 'admin', scope: 'reports:read' });
        return service.getRoutingSetting(viewer, request.params.id);
      },
    );

    app.put(
      '/organizations/:id/routing',
      {
        schema: {
          tags: ['reports'],
          summary:
            'Set how the organization passes on reports: automatic, or reviewed within N minutes (its administrators)',
          description: 'Applies to reports routed from now on; hops already planned keep their mode.',
          security,
          params: OrganizationParams,
          body: RoutingSettingBody,
          response: { 200: RoutingSetting, ...errors },
        },
      },
      async (request) => {
        const viewer = requireViewer(request);
        authorize(viewer, { role: 'admin', scope: 'reports:write' });
        return service.changeRoutingSetting(viewer, request.params.id, request.body, originOf(request));
      },
    );
    done();
  };
}
