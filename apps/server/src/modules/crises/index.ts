import type { FastifyPluginAsync } from 'fastify';
import type { Kysely } from 'kysely';
import type { Config } from '../../config.js';
import type { Database } from '../../platform/db/tables.js';
import type { JobHandlers } from '../../platform/jobs/outbox.js';
import type { Mailer } from '../../platform/mail/mailer.js';
import type { Clock } from '../../shared/clock.js';
import { createCrisesJobs } from './crises.jobs.js';
import { createCrisesRepository } from './crises.repository.js';
import { crisesRoutes } from './crises.routes.js';
import { createCrisesService, type CrisesAudit, type CrisesService } from './crises.service.js';

export { CRISIS_JOBS, type CrisesService } from './crises.service.js';
export { nextReminderAt } from './crisis.js';

export interface CrisesModule {
  routes: FastifyPluginAsync;
  service: CrisesService;
  /** `crises.remind`. */
  jobs: JobHandlers;
}

export interface CrisesModuleDeps {
  db: Kysely<Database>;
  clock: Clock;
  mailer: Mailer;
  config: Pick<Config, 'publicUrl'>;
  audit?: CrisesAudit | undefined;
}

export function createCrisesModule(deps: CrisesModuleDeps): CrisesModule {
  const repository = createCrisesRepository(deps.db);
  const service = createCrisesService({ repository, clock: deps.clock, audit: deps.audit });
  const routes: FastifyPluginAsync = async (app) => {
    await app.register(crisesRoutes(service));
  };
  return {
    routes,
    service,
    jobs: createCrisesJobs({ repository, mailer: deps.mailer, config: deps.config, audit: deps.audit }),
  };
}
