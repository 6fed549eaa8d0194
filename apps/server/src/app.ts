import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import { Health } from '@cipx/contracts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Platform } from './container.js';
import './platform/http/augment.js';
import { installErrorHandling, sendProblem } from './platform/http/errors.js';
import { createMetricsRegistry, installMetrics } from './platform/http/metrics.js';
import { installOpenApi } from './platform/http/openapi.js';
import { installSecurity } from './platform/http/security.js';
import { createModules, type Modules } from './modules.js';
import { VERSION } from './version.js';

export interface BuiltApp {
  app: FastifyInstance;
  modules: Modules;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Where the built web app lives; absent in API-only checkouts and in most tests. */
export function defaultWebRoot(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '../../web/dist');
}

export async function buildApp(
  platform: Platform,
  options: { webRoot?: string | null; modules?: Modules } = {},
): Promise<BuiltApp> {
  const { config } = platform;
  const app = Fastify({
    loggerInstance: platform.logger,
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    requestIdHeader: false,
    ajv: { customOptions: { allErrors: true, removeAdditional: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorateRequest('viewer', undefined);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  installErrorHandling(app);

  const modules = options.modules ?? createModules(platform);
  // Authentication runs before rate limiting so limits apply per user, not per NAT address.
  await app.register(modules.identity.authentication);
  await installSecurity(app, { rateLimitPerMinute: config.rateLimitPerMinute });
  await installOpenApi(app);
  installMetrics(app, createMetricsRegistry());

  app.get(
    '/api/v1/health',
    { schema: { tags: ['platform'], response: { 200: Health } }, config: { rateLimit: false } },
    () => ({
      status: 'ok' as const,
      version: VERSION,
      database: platform.database.kind,
      role: config.role,
    }),
  );

  await app.register(
    async (api) => {
      for (const routes of modules.routes) await api.register(routes);
    },
    { prefix: '/api/v1' },
  );

  const webRoot = options.webRoot === undefined ? defaultWebRoot() : options.webRoot;
  const serveWeb = webRoot !== null && existsSync(resolve(webRoot, 'index.html'));
  if (serveWeb) {
    await app.register(fastifyStatic, { root: webRoot, wildcard: false, index: ['index.html'] });
  }
  // The SPA owns every other GET path; unknown API paths stay problem+json 404s.
  app.setNotFoundHandler((request, reply) => {
    const api =
      request.url.startsWith('/api/') || request.url.startsWith('/taxii2/') || request.url === '/metrics';
    if (serveWeb && request.method === 'GET' && !api) return reply.type('text/html').sendFile('index.html');
    return sendProblem(request, reply, 'NOT_FOUND');
  });
  return { app, modules };
}
