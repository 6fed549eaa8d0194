import type { FastifyPluginAsync } from 'fastify';
import type { Kysely } from 'kysely';
import type { Config } from '../../config.js';
import type { Database } from '../../platform/db/tables.js';
import { createIdempotency } from '../../platform/http/idempotency.js';
import type { JobHandlers } from '../../platform/jobs/outbox.js';
import type { Mailer } from '../../platform/mail/mailer.js';
import type { Clock } from '../../shared/clock.js';
import { createReportsReadService, type ReportsReadService } from './reports-read.service.js';
import { createReportsJobs } from './reports.jobs.js';
import { createReportsRepository } from './reports.repository.js';
import { reportsRoutes } from './reports.routes.js';
import { createReportsService, type ReportsAudit, type ReportsService } from './reports.service.js';

export { REPORT_JOBS, type ReportsAudit, type ReportsService } from './reports.service.js';
export type { ReportsReadService } from './reports-read.service.js';
export { contactOrder, DUTY_FIRST_SEVERITY } from './reports.jobs.js';

export interface ReportsModule {
  routes: FastifyPluginAsync;
  service: ReportsService;
  reads: ReportsReadService;
  jobs: JobHandlers;
}

export interface ReportsModuleDeps {
  db: Kysely<Database>;
  clock: Clock;
  mailer: Mailer;
  config: Pick<Config, 'publicUrl'>;
  /** The audit module's recorder; every read and write of a report is reported to it. */
  audit?: ReportsAudit | undefined;
}

export function createReportsModule(deps: ReportsModuleDeps): ReportsModule {
  const repository = createReportsRepository(deps.db);
  const service = createReportsService({ repository, clock: deps.clock, audit: deps.audit });
  const reads = createReportsReadService({ repository, clock: deps.clock, writes: service });
  const idempotency = createIdempotency({ db: deps.db, clock: deps.clock });
  const routes: FastifyPluginAsync = async (app) => {
    await app.register(reportsRoutes({ service, reads, idempotency }));
  };
  return {
    routes,
    service,
    reads,
    jobs: createReportsJobs({ repository, mailer: deps.mailer, config: deps.config }),
  };
}
