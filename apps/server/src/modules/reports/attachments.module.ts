import type { FastifyPluginAsync } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/tables.js';
import type { Clock } from '../../shared/clock.js';
import { DEFAULT_ATTACHMENT_MAX_BYTES } from './attachments.js';
import { createAttachmentsRepository } from './attachments.repository.js';
import { attachmentsRoutes } from './attachments.routes.js';
import {
  createAttachmentsService,
  type AttachmentsAudit,
  type AttachmentsService,
} from './attachments.service.js';
import type { ReportsService } from './reports.service.js';

// Attachments of reports (DESIGN.md §5), assembled beside the reports core: they are read
// through the report's visibility and audited with the reports service's read events.

export type { AttachmentsService } from './attachments.service.js';
export { DEFAULT_ATTACHMENT_MAX_BYTES } from './attachments.js';

export interface AttachmentsModule {
  routes: FastifyPluginAsync;
  service: AttachmentsService;
}

export interface AttachmentsModuleDeps {
  db: Kysely<Database>;
  clock: Clock;
  reports: Pick<ReportsService, 'recordReads'>;
  audit?: AttachmentsAudit | undefined;
  /** The largest file accepted, in bytes (CIPX_ATTACHMENT_MAX_BYTES). */
  maxBytes?: number | undefined;
}

export function createAttachmentsModule(deps: AttachmentsModuleDeps): AttachmentsModule {
  const service = createAttachmentsService({
    repository: createAttachmentsRepository(deps.db),
    clock: deps.clock,
    reads: deps.reports,
    audit: deps.audit,
    maxBytes: deps.maxBytes ?? DEFAULT_ATTACHMENT_MAX_BYTES,
  });
  return { routes: attachmentsRoutes(service), service };
}
