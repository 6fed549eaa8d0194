import type { AuditEvent, AuditEventList, AuditQuery } from '@cipx/contracts';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import type { Database } from '../../platform/db/tables.js';
import { AppError } from '../../shared/app-error.js';
import type { Clock } from '../../shared/clock.js';
import { decodeCursor, encodeCursor } from '../../shared/cursor.js';
import type { Viewer } from '../../shared/viewer.js';
import {
  checkLink,
  sealEvents,
  toPendingEvent,
  type AuditEventInput,
  type ChainTail,
  type ChainedAuditEvent,
  type VerifyResult,
} from './audit-event.js';
import {
  chainPendingBatch,
  insertPendingEvent,
  listChainAfter,
  listEvents,
  type AuditFilter,
} from './audit.repository.js';

export interface AuditServiceDeps {
  database: Pick<Db, 'db'>;
  clock: Clock;
  logger: Pick<FastifyBaseLogger, 'error'>;
  /** Events chained per transaction. */
  batchSize?: number;
}

export interface AuditService {
  /**
   * Records an event. With `trx` it commits or rolls back with the business change; call
   * `flushSoon()` after that commit (or let the periodic chainer pick it up). Without `trx`
   * it is committed at once and chained shortly after.
   */
  record(event: AuditEventInput, trx?: Kysely<Database>): Promise<void>;
  /** Chains in the background; repeated calls while a run is under way coalesce into one more run. */
  flushSoon(): void;
  /** Chains every event committed so far; resolves with how many it chained. */
  flush(): Promise<number>;
  /** Resolves when no background chaining is under way. */
  idle(): Promise<void>;
  /** Walks the whole chain in batches (bounded memory) and reports the first broken link. */
  verify(options?: { batchSize?: number }): Promise<VerifyResult>;
  /** Chained events the viewer may read, newest first. */
  list(viewer: Viewer, query: AuditQuery): Promise<AuditEventList>;
}

function toContract(e: ChainedAuditEvent): AuditEvent {
  return {
    seq: e.seq,
    at: e.at.toISOString(),
    action: e.action,
    actor: { userId: e.actorUserId, organizationId: e.actorOrgId, label: e.actorLabel },
    targetType: e.targetType,
    targetIds: e.targetIds,
    detail: e.detail,
    requestId: e.requestId,
    ip: e.ip,
    hash: e.hash,
  };
}

function parseInstant(value: string | undefined, field: string): Date | undefined {
  if (value === undefined) return undefined;
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) {
    throw new AppError('VALIDATION_FAILED', {}, [
      { field: `/${field}`, code: 'FORMAT', message: 'not a date-time' },
    ]);
  }
  return at;
}

export function createAuditService(deps: AuditServiceDeps): AuditService {
  const { database, clock, logger } = deps;
  const batchSize = deps.batchSize ?? 500;
  let running: Promise<void> | undefined;
  let again = false;

  async function flush(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await chainPendingBatch(database.db, batchSize, sealEvents);
      total += n;
      if (n < batchSize) return total;
    }
  }

  function flushSoon(): void {
    again = true;
    if (running) return;
    running = (async () => {
      while (again) {
        again = false;
        try {
          await flush();
        } catch (error) {
          // The events stay pending and durable; the next run or the periodic chainer retries.
          logger.error({ err: error }, 'audit chaining failed');
        }
      }
    })().finally(() => {
      running = undefined;
    });
  }

  return {
    async record(event, trx) {
      await insertPendingEvent(trx ?? database.db, toPendingEvent(event, clock.now()));
      if (!trx) flushSoon();
    },

    flushSoon,
    flush,

    async idle() {
      while (running) await running;
    },

    async verify(options = {}) {
      const pageSize = options.batchSize ?? 1000;
      let previous: ChainTail | undefined;
      let count = 0;
      for (;;) {
        const page = await listChainAfter(database.db, previous?.seq ?? 0, pageSize);
        for (const event of page) {
          const link = checkLink(previous, event);
          if (!link.ok) return { ok: false, firstBrokenSeq: link.seq, reason: link.reason };
          previous = { seq: event.seq, hash: event.hash };
          count += 1;
        }
        if (page.length < pageSize) return { ok: true, count };
      }
    },

    async list(viewer, query) {
      const limit = query.limit ?? 50;
      const filter: AuditFilter = { limit: limit + 1 };
      // The coordinator's administrators read the whole log; others only their organization's events.
      if (viewer.organizationKind !== 'coordinator') filter.actorOrgId = viewer.organizationId;
      if (query.action?.endsWith('.*')) filter.actionPrefix = query.action.slice(0, -1);
      else if (query.action !== undefined) filter.action = query.action;
      const from = parseInstant(query.from, 'from');
      const to = parseInstant(query.to, 'to');
      if (from) filter.from = from;
      if (to) filter.to = to;
      if (query.cursor !== undefined) {
        const [seq] = decodeCursor(query.cursor, 1);
        if (typeof seq !== 'number' || !Number.isSafeInteger(seq)) {
          throw new AppError('BAD_REQUEST', { reason: 'cursor' }, [
            { field: '/cursor', code: 'INVALID_CURSOR', message: 'cursor is not one this server issued' },
          ]);
        }
        filter.beforeSeq = seq;
      }
      const events = await listEvents(database.db, filter);
      const page = events.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.map(toContract),
        ...(events.length > limit && last ? { next: encodeCursor([last.seq]) } : {}),
      };
    },
  };
}
