import {
  ApiTokenList,
  ApiTokenParams,
  CreateApiTokenBody,
  CreatedApiToken,
  Problem,
  type ApiToken,
} from '@cipx/contracts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginCallback } from 'fastify';
import { Type } from 'typebox';
import type { ApiTokenRecord } from './api-tokens.repository.js';
import type { ApiTokenService } from './api-tokens.service.js';
import { requireViewer } from './guards.js';

const security: { [scheme: string]: string[] }[] = [{ session: [] }, { token: [] }];

function toApiToken(t: ApiTokenRecord): ApiToken {
  return {
    id: t.id,
    name: t.name,
    organizationId: t.organizationId,
    scopes: t.scopes,
    createdAt: t.createdAt.toISOString(),
    expiresAt: t.expiresAt.toISOString(),
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
  };
}

export function tokenRoutes(tokens: ApiTokenService): FastifyPluginCallback {
  return (instance, _options, done) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/tokens',
      {
        schema: {
          tags: ['identity'],
          summary: "The signed-in person's API tokens (never their secrets)",
          security,
          response: { 200: ApiTokenList, 401: Problem },
        },
      },
      async (request) => ({ items: (await tokens.list(requireViewer(request))).map(toApiToken) }),
    );

    app.post(
      '/tokens',
      {
        schema: {
          tags: ['identity'],
          summary: 'Create an API token for the current organization; the secret is shown once',
          security: [{ session: [] }],
          body: CreateApiTokenBody,
          response: { 201: CreatedApiToken, 400: Problem, 401: Problem, 403: Problem },
        },
      },
      async (request, reply) => {
        const { token, secret } = await tokens.issue(requireViewer(request), {
          ...request.body,
          expiresAt: new Date(request.body.expiresAt),
        });
        return reply.code(201).send({ token: toApiToken(token), secret });
      },
    );

    app.delete(
      '/tokens/:id',
      {
        schema: {
          tags: ['identity'],
          summary: 'Revoke an API token',
          security,
          params: ApiTokenParams,
          response: { 204: Type.Null(), 401: Problem, 404: Problem },
        },
      },
      async (request, reply) => {
        await tokens.revoke(requireViewer(request), request.params.id);
        return reply.code(204).send(null);
      },
    );
    done();
  };
}
