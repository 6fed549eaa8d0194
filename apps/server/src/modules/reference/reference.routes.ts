import { EditionList, EditionParams, EditionStructure, Problem } from '@cipx/contracts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { requireViewer } from '../identity/guards.js';
import type { ReferenceService } from './reference.service.js';

const security: { [scheme: string]: string[] }[] = [{ session: [] }, { token: [] }];

/** Read-only reference data for any signed-in person, whatever the role. */
export function referenceRoutes(service: ReferenceService): FastifyPluginAsync {
  return (instance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/editions',
      {
        schema: {
          tags: ['reference'],
          summary: 'Reference data editions',
          security,
          response: { 200: EditionList, 401: Problem },
        },
      },
      async (request) => {
        requireViewer(request);
        return { items: await service.listEditions() };
      },
    );

    app.get(
      '/editions/:id/structure',
      {
        schema: {
          tags: ['reference'],
          summary: "An edition's sectors, ministries, CEPTOARs and councils",
          security,
          params: EditionParams,
          response: { 200: EditionStructure, 401: Problem, 404: Problem },
        },
      },
      async (request) => {
        requireViewer(request);
        return service.getStructure(request.params.id);
      },
    );
    return Promise.resolve();
  };
}
