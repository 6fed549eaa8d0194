import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { AppError } from '../../shared/app-error.js';
import type { Clock } from '../../shared/clock.js';
import type { Database } from '../db/tables.js';

/**
 * Idempotency-Key for create endpoints (DESIGN.md §5): keys are scoped per caller and kept
 * 24 h; a replay returns the first response; the same key with a different request is 422
 * IDEMPOTENCY_KEY_REUSED.
 *
 * The first response is stored by the business transaction itself (`remember(trx, …)`), so
 * a request either committed its change and its key together or neither. Two concurrent
 * requests with one key meet at the key's primary key: the second waits for the first to
 * commit, finds the key taken, rolls its own change back and replays the first response.
 */

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/** Keys as clients send them: printable ASCII, at most 255 characters. */
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

export interface StoredResponse {
  status: number;
  body: unknown;
}

export interface IdempotentOutcome<T> {
  status: number;
  body: T;
  /** True when this is a replay of the first response. */
  replayed: boolean;
}

export interface IdempotencyRequest {
  /** Who asks (a person or a machine client); keys of different callers never meet. */
  caller: string;
  key: string;
  /** `hashRequest(…)` of what was asked. */
  requestHash: string;
}

/** Stores the response inside the business transaction; call it last, just before commit. */
export type Remember = (trx: Kysely<Database>, response: StoredResponse) => Promise<void>;

/** Canonical JSON: keys sorted at every depth, so the same body always hashes alike. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** SHA-256 of the method, the route and the canonical body. */
export function hashRequest(method: string, route: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method.toUpperCase()} ${route}\n${canonical(body ?? null)}`, 'utf8')
    .digest('hex');
}

/** Validates a header value; undefined when the client sent none. */
export function parseIdempotencyKey(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || !KEY_PATTERN.test(value)) {
    throw new AppError('VALIDATION_FAILED', {}, [
      {
        field: 'headers/idempotency-key',
        code: 'INVALID_IDEMPOTENCY_KEY',
        message: 'Idempotency-Key is 1–255 printable ASCII characters',
      },
    ]);
  }
  return value;
}

class KeyTaken extends Error {
  constructor() {
    super('idempotency key taken by a concurrent request');
  }
}

export interface IdempotencyDeps {
  db: Kysely<Database>;
  clock: Clock;
  ttlMs?: number;
}

export function createIdempotency(deps: IdempotencyDeps) {
  const { db, clock } = deps;
  const ttlMs = deps.ttlMs ?? IDEMPOTENCY_TTL_MS;
  const cutoff = () => new Date(clock.now().getTime() - ttlMs);

  async function find(request: IdempotencyRequest): Promise<StoredResponse | undefined> {
    const row = await db
      .selectFrom('idempotency_keys')
      .select(['request_hash', 'status_code', 'response_body'])
      .where('caller', '=', request.caller)
      .where('key', '=', request.key)
      .where('created_at', '>', cutoff())
      .executeTakeFirst();
    if (!row) return undefined;
    if (row.request_hash !== request.requestHash) throw new AppError('IDEMPOTENCY_KEY_REUSED');
    const body: unknown =
      typeof row.response_body === 'string' ? JSON.parse(row.response_body) : row.response_body;
    return { status: row.status_code, body };
  }

  return {
    /**
     * Runs `work` once per (caller, key) within the TTL. Without a request (no header) it
     * just runs `work`. `work` must call `remember` inside its transaction.
     */
    async execute<T>(
      request: IdempotencyRequest | undefined,
      work: (remember: Remember) => Promise<{ status: number; body: T }>,
    ): Promise<IdempotentOutcome<T>> {
      if (request === undefined) {
        const result = await work(async () => {});
        return { ...result, replayed: false };
      }
      const earlier = await find(request);
      if (earlier) return { status: earlier.status, body: earlier.body as T, replayed: true };
      const remember: Remember = async (trx, response) => {
        // A row past its TTL is replaced; a live one means another request got there first.
        const stored = await trx
          .insertInto('idempotency_keys')
          .values({
            caller: request.caller,
            key: request.key,
            request_hash: request.requestHash,
            status_code: response.status,
            response_body: JSON.stringify(response.body),
            created_at: clock.now(),
          })
          .onConflict((oc) =>
            oc
              .columns(['caller', 'key'])
              .doUpdateSet((eb) => ({
                request_hash: eb.ref('excluded.request_hash'),
                status_code: eb.ref('excluded.status_code'),
                response_body: eb.ref('excluded.response_body'),
                created_at: eb.ref('excluded.created_at'),
              }))
              .where('idempotency_keys.created_at', '<=', cutoff()),
          )
          .returning('caller')
          .executeTakeFirst();
        if (!stored) throw new KeyTaken();
      };
      try {
        const result = await work(remember);
        return { ...result, replayed: false };
      } catch (error) {
        if (!(error instanceof KeyTaken)) throw error;
        const first = await find(request);
        if (!first) throw error;
        return { status: first.status, body: first.body as T, replayed: true };
      }
    },

    /** Deletes keys past their TTL; returns how many. */
    async purgeExpired(): Promise<number> {
      const result = await db
        .deleteFrom('idempotency_keys')
        .where('created_at', '<=', cutoff())
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

export type Idempotency = ReturnType<typeof createIdempotency>;
