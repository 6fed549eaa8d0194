import {
  ContactInput,
  ContactList,
  ContactParams,
  Contact,
  OrganizationDetail,
  OrganizationListQuery,
  OrganizationPage,
  OrganizationParams,
  Problem,
} from '@cipx/contracts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginCallback, FastifyRequest } from 'fastify';
import { authorize, requireViewer } from '../identity/guards.js';
import type { DirectoryService, RequestOrigin } from './directory.service.js';

const security: { [scheme: string]: string[] }[] = [{ session: [] }, { token: [] }];

export function originOf(request: FastifyRequest): RequestOrigin {
  return { requestId: request.id, ip: request.ip };
}

/** Organizations and contact points, filtered by the directory's visibility rule (README.md). */
export function directoryRoutes(service: DirectoryService): FastifyPluginCallback {
  return (instance, _options, done) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/organizations',
      {
        schema: {
          tags: ['directory'],
          summary: 'Organizations the caller may see, by English name; q searches Japanese and English names',
          security,
          querystring: OrganizationListQuery,
          response: { 200: OrganizationPage, 400: Problem, 401: Problem, 403: Problem, 404: Problem },
        },
      },
      async (request) => {
        const viewer = requireViewer(request);
        authorize(viewer, { scope: 'directory:read' });
        return service.listOrganizations(viewer, request.query);
      },
    );

    app.get(
      '/organizations/:id',
      {
        schema: {
          tags: ['directory'],
          summary: 'One organization with its groups, member counts and (if visible) contact points',
          security,
          params: OrganizationParams,
          response: { 200: OrganizationDetail, 401: Problem, 403: Problem, 404: Problem },
        },
      },
      async (request) => {
        const viewer = requireViewer(request);
        authorize(viewer, { scope: 'directory:read' });
        return service.getOrganization(viewer, request.params.id, originOf(request));
      },
    );

    app.get(
      '/organizations/:id/contacts',
      {
        schema: {
          tags: ['directory'],
          summary: "An organization's contact points (personal data; every read is audited)",
          security,
          params: OrganizationParams,
          response: { 200: ContactList, 401: Problem, 403: Problem, 404: Problem },
        },
      },
      async (request) => {
        const viewer = requireViewer(request);
        authorize(viewer, { scope: 'directory:read' });
        return { items: await service.listContacts(viewer, request.params.id, originOf(request)) };
      },
    );

    app.put(
      '/organizations/:id/contacts/:role',
      {
        schema: {
          tags: ['directory'],
          summary: 'Set one contact point (primary, backup, 24/7 duty)',
          description:
            'Managers and admins of the organization itself, of the coordinator, or of a group it belongs to.',
          security,
          params: ContactParams,
          body: ContactInput,
          response: { 200: Contact, 400: Problem, 401: Problem, 403: Problem, 404: Problem },
        },
      },
      async (request) => {
        const viewer = requireViewer(request);
        authorize(viewer, { role: 'manager', scope: 'directory:write' });
        const { contact } = await service.putContact(
          viewer,
          request.params.id,
          request.params.role,
          request.body,
          originOf(request),
        );
        return contact;
      },
    );
    done();
  };
}
