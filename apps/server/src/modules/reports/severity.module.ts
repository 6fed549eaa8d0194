import type { FastifyPluginAsync } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/tables.js';
import type { Clock } from '../../shared/clock.js';
import { createSeverityRepository } from './severity.repository.js';
import { severityRoutes } from './severity.routes.js';
import { createSeverityService, type SeverityAudit, type SeverityService } from './severity.service.js';

// The severity part of the reports area (DOMAIN.md §4), assembled on its own so it can be
// wired beside the reports core: ratings, the helper rubric and the CISS mapping.

export type { SeverityService } from './severity.service.js';
export { DEFAULT_RUBRIC_THRESHOLDS, SUGGESTION_LABEL, suggestSeverity } from './rubric.js';
export { DEFAULT_SEVERITY_MAPPING, currentRating, overallOf } from './severity.js';

export interface SeverityModule {
  routes: FastifyPluginAsync;
  service: SeverityService;
}

export interface SeverityModuleDeps {
  db: Kysely<Database>;
  clock: Clock;
  audit?: SeverityAudit | undefined;
}

export function createSeverityModule(deps: SeverityModuleDeps): SeverityModule {
  const repository = createSeverityRepository(deps.db);
  const service = createSeverityService({ repository, clock: deps.clock, audit: deps.audit });
  const routes: FastifyPluginAsync = async (app) => {
    await app.register(severityRoutes(service));
  };
  return { routes, service };
}
