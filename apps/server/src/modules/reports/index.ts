import type { FastifyPluginAsync } from 'fastify';
import type { Kysely } from 'kysely';
import type { Config } from '../../config.js';
import type { Database } from '../../platform/db/tables.js';
import { createIdempotency } from '../../platform/http/idempotency.js';
import type { JobHandlers } from '../../platform/jobs/outbox.js';
import type { Mailer } from '../../platform/mail/mailer.js';
import type { Clock } from '../../shared/clock.js';
import { createReportsReadService, type ReportsReadService } from './reports-read.service.js';
import { createReportsPdfService, type ReportsPdfService } from './reports-pdf.service.js';
import { reportsPdfRoutes } from './reports-pdf.routes.js';
import { reportsRoutingRoutes } from './reports-routing.routes.js';
import { createReportsThreadJobs } from './reports-thread.jobs.js';
import { reportsThreadRoutes } from './reports-thread.routes.js';
import { createReportsThreadService, type ReportsThreadService } from './reports-thread.service.js';
import { createEscalation, type Escalation } from './reports.escalation.js';
import { createReportsJobs } from './reports.jobs.js';
import { createReportsRepository } from './reports.repository.js';
import { reportsRoutes } from './reports.routes.js';
import {
  createReportsService,
  type ReportsAudit,
  type ReportsDeadlines,
  type ReportsService,
} from './reports.service.js';
import { createSeverityRepository } from './severity.repository.js';
import { createSeverityService } from './severity.service.js';
import { DEFAULT_PDF_FONT } from '../../config.js';

export { REPORT_JOBS, type ReportsAudit, type ReportsService } from './reports.service.js';
export type { ReportsReadService } from './reports-read.service.js';
export type { ReportsPdfService } from './reports-pdf.service.js';
export type { ReportsThreadService } from './reports-thread.service.js';
export { contactOrder, DUTY_FIRST_SEVERITY } from './reports.jobs.js';
export { ESCALATION_JOBS, type Escalation } from './reports.escalation.js';
export { reporterPseudonym } from './report.js';
export { mayCarryContent, tlpLabel } from './reports.mail.js';

export interface ReportsModule {
  routes: FastifyPluginAsync;
  service: ReportsService;
  reads: ReportsReadService;
  /** Follow-up questions and answers, comments and stage reports. */
  thread: ReportsThreadService;
  /** Per-organization acknowledgement intervals of the escalation of unacknowledged reports. */
  escalation: Pick<Escalation, 'setSetting'>;
  /** The per-report PDF (common-form layout) as the viewer may see the report. */
  pdf: ReportsPdfService;
  jobs: JobHandlers;
}

export interface ReportsModuleDeps {
  db: Kysely<Database>;
  clock: Clock;
  mailer: Mailer;
  config: Pick<Config, 'publicUrl'> & Partial<Pick<Config, 'pdfFont'>>;
  /** The audit module's recorder; every read and write of a report is reported to it. */
  audit?: ReportsAudit | undefined;
  /** The deadline engine: stage reports meet its stages, edited report times move its clocks. */
  deadlines?: ReportsDeadlines | undefined;
}

export function createReportsModule(deps: ReportsModuleDeps): ReportsModule {
  const repository = createReportsRepository(deps.db);
  // Ratings sent with a new report and the PDF's severity; the service holds no state worth sharing.
  const severity = createSeverityService({
    repository: createSeverityRepository(deps.db),
    clock: deps.clock,
    audit: deps.audit,
  });
  const service = createReportsService({
    repository,
    clock: deps.clock,
    audit: deps.audit,
    deadlines: deps.deadlines,
    severity,
  });
  const reads = createReportsReadService({ repository, clock: deps.clock, writes: service });
  const thread = createReportsThreadService({
    repository,
    clock: deps.clock,
    audit: deps.audit,
    deadlines: deps.deadlines,
    writes: service,
  });
  const idempotency = createIdempotency({ db: deps.db, clock: deps.clock });
  const pdf = createReportsPdfService({
    reads,
    severity,
    repository,
    clock: deps.clock,
    fontPath: deps.config.pdfFont ?? DEFAULT_PDF_FONT,
  });
  const routes: FastifyPluginAsync = async (app) => {
    await app.register(reportsRoutes({ service, reads, idempotency }));
    await app.register(reportsThreadRoutes(thread));
    await app.register(reportsRoutingRoutes(service));
    await app.register(reportsPdfRoutes(pdf));
  };
  const escalation = createEscalation(deps);
  return {
    routes,
    service,
    reads,
    thread,
    escalation,
    pdf,
    jobs: {
      ...createReportsJobs({
        repository,
        mailer: deps.mailer,
        config: deps.config,
        onArrival: escalation.scheduleForArrival,
      }),
      ...escalation.jobs,
      ...createReportsThreadJobs({ repository, mailer: deps.mailer, config: deps.config }),
    },
  };
}
