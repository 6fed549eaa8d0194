import type { FastifyPluginAsync } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/tables.js';
import { referenceRoutes } from './reference.routes.js';
import { createReferenceService, type ReferenceService } from './reference.service.js';

export { EDITIONS } from './data/index.js';
export { DEMO_COUNTS_WHEN_UNKNOWN, planDemo, type DemoPlan } from './demo.js';
export {
  contactIdFor,
  orgIdForSlug,
  type CeptoarCounts,
  type EditionData,
  type MemberCounts,
} from './edition.js';
export type { ReferenceService } from './reference.service.js';
export {
  seedDemo,
  seedReference,
  type SeedDemoOptions,
  type SeedDemoResult,
  type SeedReferenceResult,
} from './seed.service.js';

export interface ReferenceModule {
  routes: FastifyPluginAsync;
  service: ReferenceService;
}

export function createReferenceModule(deps: { db: Kysely<Database> }): ReferenceModule {
  const service = createReferenceService(deps);
  return { routes: referenceRoutes(service), service };
}
