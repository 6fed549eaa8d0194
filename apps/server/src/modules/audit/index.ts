import type { FastifyBaseLogger, FastifyPluginAsync } from 'fastify';
import type { Db } from '../../platform/db/database.js';
import type { Clock } from '../../shared/clock.js';
import type { AuditActorInput } from './audit-event.js';
import { auditRoutes, createRecordRequest, type RecordRequest } from './audit.routes.js';
import { createAuditService, type AuditService } from './audit.service.js';

export {
  GENESIS_HASH,
  hashEvent,
  type AuditActorInput,
  type AuditEventInput,
  type ChainBreak,
  type VerifyResult,
} from './audit-event.js';
export type { AuditService } from './audit.service.js';
export type { RecordRequest, RequestAuditInput } from './audit.routes.js';

export interface AuditModule {
  service: AuditService;
  routes: FastifyPluginAsync;
  /** `await audit.recordRequest(request, { action, targetType, targetIds })` in any route. */
  recordRequest: RecordRequest;
}

export interface AuditModuleDeps {
  database: Pick<Db, 'db'>;
  clock: Clock;
  logger: FastifyBaseLogger;
}

export function createAuditModule(deps: AuditModuleDeps): AuditModule {
  const service = createAuditService(deps);
  const recordRequest = createRecordRequest(service);
  return { service, routes: auditRoutes(service, recordRequest), recordRequest };
}

/**
 * The actor to record for acts on an anonymized item by anyone but the relay: the relay
 * organization and a pseudonym, never the person or their organization.
 */
export function pseudonymousActor(relayOrgId: string, pseudonym: string): AuditActorInput {
  return { userId: null, organizationId: relayOrgId, label: pseudonym };
}

export interface AuditChainer {
  stop(): Promise<void>;
}

/**
 * Chains pending events on a timer (the worker role's safety net for events recorded inside
 * business transactions and for events left pending by a crash). Chains once at start.
 */
export function startAuditChainer(
  service: AuditService,
  options: { intervalMs?: number } = {},
): AuditChainer {
  service.flushSoon();
  const timer = setInterval(() => service.flushSoon(), options.intervalMs ?? 5000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await service.idle();
    },
  };
}
