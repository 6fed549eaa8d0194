import { sql, type Kysely, type Selectable } from 'kysely';
import type { AuditLogTable, AuditPendingTable, Database } from '../../platform/db/tables.js';
import type { ChainTail, ChainedAuditEvent, PendingAuditEvent } from './audit-event.js';

// Any constant works as long as no other part of CIPX takes the same advisory lock.
const CHAIN_LOCK_KEY = 4_419_000_106;

function pendingFromRow(row: Selectable<AuditPendingTable>): PendingAuditEvent & { id: bigint } {
  return {
    id: BigInt(row.id),
    at: row.at,
    actorUserId: row.actor_user_id,
    actorOrgId: row.actor_org_id,
    actorLabel: row.actor_label,
    action: row.action,
    targetType: row.target_type,
    targetIds: row.target_ids,
    detail: row.detail,
    requestId: row.request_id,
    ip: row.ip,
  };
}

function chainedFromRow(row: Selectable<AuditLogTable>): ChainedAuditEvent {
  return {
    seq: Number(row.seq),
    at: row.at,
    actorUserId: row.actor_user_id,
    actorOrgId: row.actor_org_id,
    actorLabel: row.actor_label,
    action: row.action,
    targetType: row.target_type,
    targetIds: row.target_ids,
    detail: row.detail,
    requestId: row.request_id,
    ip: row.ip,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** Records an event; cheap and lock-free, so it can run inside any business transaction. */
export async function insertPendingEvent(db: Kysely<Database>, event: PendingAuditEvent): Promise<void> {
  await db
    .insertInto('audit_pending')
    .values({
      at: event.at,
      actor_user_id: event.actorUserId,
      actor_org_id: event.actorOrgId,
      actor_label: event.actorLabel,
      action: event.action,
      target_type: event.targetType,
      target_ids: event.targetIds,
      detail: JSON.stringify(event.detail),
      request_id: event.requestId,
      ip: event.ip,
    })
    .execute();
}

/**
 * Moves up to `limit` pending events (oldest first) into the chain in one transaction under
 * the chain's advisory lock, so concurrent chainers on any node queue up instead of forking
 * the chain. Returns how many were chained. Pending rows leave only when their chained rows
 * commit, so a crash at any point loses nothing.
 */
export async function chainPendingBatch(
  db: Kysely<Database>,
  limit: number,
  seal: (tail: ChainTail | undefined, pending: PendingAuditEvent[]) => ChainedAuditEvent[],
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${CHAIN_LOCK_KEY}::bigint)`.execute(trx);
    const taken = await trx
      .deleteFrom('audit_pending')
      .where('id', 'in', (eb) => eb.selectFrom('audit_pending').select('id').orderBy('id').limit(limit))
      .returningAll()
      .execute();
    if (taken.length === 0) return 0;
    const pending = taken.map(pendingFromRow).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const tailRow = await trx
      .selectFrom('audit_log')
      .select(['seq', 'hash'])
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    const tail = tailRow ? { seq: Number(tailRow.seq), hash: tailRow.hash } : undefined;
    const chained = seal(tail, pending);
    await trx
      .insertInto('audit_log')
      .values(
        chained.map((e) => ({
          seq: e.seq,
          at: e.at,
          actor_user_id: e.actorUserId,
          actor_org_id: e.actorOrgId,
          actor_label: e.actorLabel,
          action: e.action,
          target_type: e.targetType,
          target_ids: e.targetIds,
          detail: JSON.stringify(e.detail),
          request_id: e.requestId,
          ip: e.ip,
          prev_hash: e.prevHash,
          hash: e.hash,
        })),
      )
      .execute();
    return chained.length;
  });
}

/** Chained events after `afterSeq`, in chain order; for walking the whole chain page by page. */
export async function listChainAfter(
  db: Kysely<Database>,
  afterSeq: number,
  limit: number,
): Promise<ChainedAuditEvent[]> {
  const rows = await db
    .selectFrom('audit_log')
    .selectAll()
    .where('seq', '>', String(afterSeq))
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map(chainedFromRow);
}

export interface AuditFilter {
  /** Only events whose actor acted for this organization. */
  actorOrgId?: string;
  action?: string;
  /** Action prefix, e.g. `auth.` for `auth.*`. */
  actionPrefix?: string;
  from?: Date;
  to?: Date;
  /** Only events older than this seq (cursor). */
  beforeSeq?: number;
  limit: number;
}

/** Newest first, keyset-paged by seq so pages stay stable while events are appended. */
export async function listEvents(db: Kysely<Database>, filter: AuditFilter): Promise<ChainedAuditEvent[]> {
  let query = db.selectFrom('audit_log').selectAll();
  if (filter.actorOrgId !== undefined) query = query.where('actor_org_id', '=', filter.actorOrgId);
  if (filter.action !== undefined) query = query.where('action', '=', filter.action);
  if (filter.actionPrefix !== undefined) {
    const escaped = filter.actionPrefix.replace(/[\\%_]/g, (c) => `\\${c}`);
    query = query.where('action', 'like', `${escaped}%`);
  }
  if (filter.from !== undefined) query = query.where('at', '>=', filter.from);
  if (filter.to !== undefined) query = query.where('at', '<', filter.to);
  if (filter.beforeSeq !== undefined) query = query.where('seq', '<', String(filter.beforeSeq));
  const rows = await query.orderBy('seq', 'desc').limit(filter.limit).execute();
  return rows.map(chainedFromRow);
}

export async function countPendingEvents(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('audit_pending')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
