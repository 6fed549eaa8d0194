import type { FastifyPluginAsync } from 'fastify';
import type { Kysely } from 'kysely';
import type { Config } from '../../config.js';
import type { Database } from '../../platform/db/tables.js';
import type { JobHandlers } from '../../platform/jobs/outbox.js';
import type { Mailer } from '../../platform/mail/mailer.js';
import type { Clock } from '../../shared/clock.js';
import { createDeadlineJobs } from './deadlines.jobs.js';
import { createDeadlinesRepository } from './deadlines.repository.js';
import { deadlinesRoutes } from './deadlines.routes.js';
import { createDeadlinesService, type DeadlinesAudit, type DeadlinesService } from './deadlines.service.js';

export { DEADLINE_JOBS, type DeadlinesService } from './deadlines.service.js';
export { addMonths, deadlineStatus, scheduleStages } from './deadline.js';
export { DEFAULT_REGIMES } from './regimes.js';

export interface DeadlinesModule {
  routes: FastifyPluginAsync;
  /**
   * applyRegime, recordStageMet (call when a timeline entry fulfils a stage) and
   * recomputeForReport (call after a report's occurred/detected/reported time changes);
   * each accepts the caller's transaction.
   */
  service: DeadlinesService;
  /** `deadlines.remind` and `deadlines.escalate`. */
  jobs: JobHandlers;
}

export interface DeadlinesModuleDeps {
  db: Kysely<Database>;
  clock: Clock;
  mailer: Mailer;
  config: Pick<Config, 'publicUrl'>;
  audit?: DeadlinesAudit | undefined;
}

export function createDeadlinesModule(deps: DeadlinesModuleDeps): DeadlinesModule {
  const repository = createDeadlinesRepository(deps.db);
  const service = createDeadlinesService({ repository, clock: deps.clock, audit: deps.audit });
  const jobs = createDeadlineJobs({
    repository,
    service,
    mailer: deps.mailer,
    config: deps.config,
    audit: deps.audit,
  });
  const routes: FastifyPluginAsync = async (app) => {
    await app.register(deadlinesRoutes(service));
  };
  return { routes, service, jobs };
}
