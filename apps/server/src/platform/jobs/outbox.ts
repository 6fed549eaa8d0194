import { sql, type Kysely, type Transaction } from 'kysely';
import type { Clock } from '../../shared/clock.js';
import type { Database } from '../db/tables.js';

/**
 * The durable outbox (DESIGN.md §4.2): work that must happen is a row written in the
 * same transaction as the business change. Workers claim due rows with a lease
 * (FOR UPDATE SKIP LOCKED), so two workers never run one job at once, and a worker
 * killed mid-job leaves a row that another claims when the lease runs out.
 */
export const OUTBOX_CHANNEL = 'cipx_outbox';

export interface NewJob {
  kind: string;
  payload: Record<string, unknown>;
  runAt?: Date;
  /** A second job with the same key is ignored: enqueueing is idempotent. */
  dedupeKey?: string;
  maxAttempts?: number;
}

export interface JobContext {
  id: string;
  attempt: number;
  clock: Clock;
}

export type JobHandler = (payload: Record<string, unknown>, context: JobContext) => Promise<void>;
export type JobHandlers = Record<string, JobHandler>;

/** A job whose handler wants it retried later without counting as a failure. */
export class RetryLater extends Error {
  constructor(readonly delayMs: number) {
    super(`retry in ${delayMs} ms`);
  }
}

type Executor = Kysely<Database> | Transaction<Database>;

export async function enqueueJobs(db: Executor, jobs: NewJob[], clock: Clock): Promise<void> {
  if (jobs.length === 0) return;
  const now = clock.now();
  await db
    .insertInto('outbox')
    .values(
      jobs.map((job) => ({
        kind: job.kind,
        payload: JSON.stringify(job.payload),
        dedupe_key: job.dedupeKey ?? null,
        run_at: job.runAt ?? now,
        max_attempts: job.maxAttempts ?? 8,
      })),
    )
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .execute();
  // Wake idle workers after commit (NOTIFY is transactional).
  await sql`SELECT pg_notify(${OUTBOX_CHANNEL}, '')`.execute(db);
}

export function enqueueJob(db: Executor, job: NewJob, clock: Clock): Promise<void> {
  return enqueueJobs(db, [job], clock);
}

/** Exponential backoff with full jitter, capped at one hour. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(60 * 60 * 1000, 1000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base / 2 + random() * (base / 2));
}

interface ClaimedJob {
  id: string;
  kind: string;
  payload: Record<string, unknown>;
  attempts: number;
  max_attempts: number;
}

export interface RunOptions {
  db: Kysely<Database>;
  handlers: JobHandlers;
  clock: Clock;
  workerId: string;
  batchSize?: number;
  leaseMs?: number;
  onError?: (error: unknown, job: { id: string; kind: string; attempt: number }) => void;
}

/** Claims up to `batchSize` due jobs, runs them, and returns how many were claimed. */
export async function runDueJobs(options: RunOptions): Promise<number> {
  const { db, handlers, clock, workerId } = options;
  const batchSize = options.batchSize ?? 50;
  const leaseMs = options.leaseMs ?? 60_000;
  const now = clock.now();
  const kinds = Object.keys(handlers);
  if (kinds.length === 0) return 0;
  const claimed = await db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom('outbox')
      .select(['id'])
      .where('done_at', 'is', null)
      .where('failed_at', 'is', null)
      .where('run_at', '<=', now)
      .where('kind', 'in', kinds)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
      .orderBy('run_at')
      .limit(batchSize)
      .forUpdate()
      .skipLocked()
      .execute();
    if (due.length === 0) return [];
    const rows = await trx
      .updateTable('outbox')
      .set((eb) => ({
        locked_until: new Date(now.getTime() + leaseMs),
        locked_by: workerId,
        attempts: eb('attempts', '+', 1),
      }))
      .where(
        'id',
        'in',
        due.map((d) => d.id),
      )
      .returning(['id', 'kind', 'payload', 'attempts', 'max_attempts'])
      .execute();
    return rows satisfies ClaimedJob[];
  });
  for (const job of claimed) {
    const handler = handlers[job.kind];
    try {
      if (!handler) throw new Error(`no handler for ${job.kind}`);
      await handler(job.payload, { id: job.id, attempt: job.attempts, clock });
      await db
        .updateTable('outbox')
        .set({ done_at: clock.now(), locked_until: null, last_error: null })
        .where('id', '=', job.id)
        .execute();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const later = error instanceof RetryLater;
      const exhausted = !later && job.attempts >= job.max_attempts;
      options.onError?.(error, { id: job.id, kind: job.kind, attempt: job.attempts });
      await db
        .updateTable('outbox')
        .set({
          locked_until: null,
          last_error: message.slice(0, 2000),
          ...(exhausted
            ? { failed_at: clock.now() }
            : {
                run_at: new Date(clock.now().getTime() + (later ? error.delayMs : backoffMs(job.attempts))),
              }),
        })
        .where('id', '=', job.id)
        .execute();
    }
  }
  return claimed.length;
}

/** Runs due jobs until none are left; for tests and the CLI (bounded by `maxRounds`). */
export async function drainJobs(options: RunOptions & { maxRounds?: number }): Promise<number> {
  let total = 0;
  for (let round = 0; round < (options.maxRounds ?? 1000); round++) {
    const n = await runDueJobs(options);
    total += n;
    if (n === 0) break;
  }
  return total;
}
