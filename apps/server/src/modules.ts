import type { FastifyPluginAsync } from 'fastify';
import type { Platform } from './container.js';
import type { JobHandlers } from './platform/jobs/outbox.js';
import { createAuditModule, type AuditModule } from './modules/audit/index.js';
import { createIdentityModule, type IdentityModule } from './modules/identity/index.js';
import { createReferenceModule, type ReferenceModule } from './modules/reference/index.js';
import { createDirectoryModule, type DirectoryModule } from './modules/directory/index.js';
import { createReportsModule, type ReportsModule } from './modules/reports/index.js';
import { createSeverityModule, type SeverityModule } from './modules/reports/severity.module.js';
import { createDeadlinesModule, type DeadlinesModule } from './modules/deadlines/index.js';
import { createCrisesModule, type CrisesModule } from './modules/crises/index.js';
import { createAttachmentsModule, type AttachmentsModule } from './modules/reports/attachments.module.js';

/**
 * Assembles the domain modules from the platform. Each module's index.ts exposes
 * create<Area>Module(deps) → { routes, service, … }; cross-module wiring happens here only.
 */
export interface Modules {
  audit: AuditModule;
  identity: IdentityModule;
  reference: ReferenceModule;
  directory: DirectoryModule;
  reports: ReportsModule;
  severity: SeverityModule;
  deadlines: DeadlinesModule;
  attachments: AttachmentsModule;
  crises: CrisesModule;
  routes: FastifyPluginAsync[];
  /** Outbox job handlers by kind, run by the worker role. */
  jobs: JobHandlers;
}

export function createModules(platform: Platform): Modules {
  const audit = createAuditModule({
    database: platform.database,
    clock: platform.clock,
    logger: platform.logger,
  });
  const identity = createIdentityModule({
    db: platform.database.db,
    clock: platform.clock,
    config: platform.config,
    mailer: platform.mailer,
    audit: audit.recordRequest,
  });
  const reference = createReferenceModule({ db: platform.database.db });
  const directory = createDirectoryModule({
    db: platform.database.db,
    clock: platform.clock,
    audit: audit.service,
  });
  // Before reports: stage reports and edited report times call into the deadline engine.
  const deadlines = createDeadlinesModule({
    db: platform.database.db,
    clock: platform.clock,
    mailer: platform.mailer,
    config: platform.config,
    audit: audit.service,
  });
  const reports = createReportsModule({
    db: platform.database.db,
    clock: platform.clock,
    mailer: platform.mailer,
    config: platform.config,
    audit: audit.service,
    deadlines: deadlines.service,
  });
  const severity = createSeverityModule({
    db: platform.database.db,
    clock: platform.clock,
    audit: audit.service,
  });
  const attachments = createAttachmentsModule({
    db: platform.database.db,
    clock: platform.clock,
    reports: reports.service,
    audit: audit.service,
    maxBytes: platform.config.attachmentMaxBytes,
  });
  const crises = createCrisesModule({
    db: platform.database.db,
    clock: platform.clock,
    mailer: platform.mailer,
    config: platform.config,
    audit: audit.service,
  });
  return {
    audit,
    identity,
    reference,
    directory,
    reports,
    severity,
    deadlines,
    attachments,
    crises,
    routes: [
      identity.routes,
      reference.routes,
      audit.routes,
      directory.routes,
      reports.routes,
      severity.routes,
      deadlines.routes,
      attachments.routes,
      crises.routes,
    ],
    jobs: { ...identity.jobs, ...reports.jobs, ...deadlines.jobs, ...crises.jobs },
  };
}
