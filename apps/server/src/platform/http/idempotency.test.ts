import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase } from '../../../test/database.js';
import { FakeClock } from '../../shared/clock.js';
import type { Db } from '../db/database.js';
import { createIdempotency, hashRequest, parseIdempotencyKey, type Remember } from './idempotency.js';

// The business write here is an outbox row: counting rows tells how often the work committed.

describe('idempotency (db)', () => {
  let database: Db;
  const clock = new FakeClock('2026-04-01T00:00:00Z');

  before(async () => {
    database = await createTestDatabase();
  });
  after(async () => {
    await database.close();
  });

  function work(marker: string) {
    return async (remember: Remember) =>
      database.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('outbox')
          .values({ kind: 'test.idem', payload: JSON.stringify({ marker }), run_at: clock.now() })
          .execute();
        const response = { status: 201, body: { marker } };
        await remember(trx, response);
        return response;
      });
  }

  async function writes(marker: string): Promise<number> {
    const rows = await database.db
      .selectFrom('outbox')
      .select('payload')
      .where('kind', '=', 'test.idem')
      .execute();
    return rows.filter((r) => (r.payload as unknown as { marker: string }).marker === marker).length;
  }

  it('runs the work once and replays the first response', async () => {
    const idempotency = createIdempotency({ db: database.db, clock });
    const request = {
      caller: 'user:a',
      key: 'k1',
      requestHash: hashRequest('POST', '/x', { a: 1, b: [1, 2] }),
    };
    const first = await idempotency.execute(request, work('once'));
    const second = await idempotency.execute(request, work('once'));
    assert.deepEqual(first, { status: 201, body: { marker: 'once' }, replayed: false });
    assert.deepEqual(second, { status: 201, body: { marker: 'once' }, replayed: true });
    assert.equal(await writes('once'), 1);
  });

  it('hashes bodies canonically, so key order does not matter but content does', () => {
    assert.equal(
      hashRequest('POST', '/x', { a: 1, b: { c: 2, d: 3 } }),
      hashRequest('post', '/x', { b: { d: 3, c: 2 }, a: 1 }),
    );
    assert.notEqual(hashRequest('POST', '/x', { a: 1 }), hashRequest('POST', '/x', { a: 2 }));
    assert.notEqual(hashRequest('POST', '/x', { a: 1 }), hashRequest('POST', '/y', { a: 1 }));
  });

  it('refuses the same key with a different request, and keeps keys of different callers apart', async () => {
    const idempotency = createIdempotency({ db: database.db, clock });
    await idempotency.execute({ caller: 'user:a', key: 'k2', requestHash: 'h1' }, work('k2-a'));
    await assert.rejects(
      idempotency.execute({ caller: 'user:a', key: 'k2', requestHash: 'h2' }, work('k2-b')),
      (error: Error & { code?: string }) => error.code === 'IDEMPOTENCY_KEY_REUSED',
    );
    const other = await idempotency.execute({ caller: 'user:b', key: 'k2', requestHash: 'h2' }, work('k2-c'));
    assert.equal(other.replayed, false);
    assert.equal(await writes('k2-b'), 0);
    assert.equal(await writes('k2-c'), 1);
  });

  it('forgets a key after 24 hours', async () => {
    const idempotency = createIdempotency({ db: database.db, clock });
    const request = { caller: 'user:a', key: 'k3', requestHash: 'h' };
    await idempotency.execute(request, work('k3'));
    clock.advance(24 * 3600_000 + 1);
    const later = await idempotency.execute(request, work('k3'));
    assert.equal(later.replayed, false);
    assert.equal(await writes('k3'), 2);
    assert.ok((await idempotency.purgeExpired()) >= 1, 'expired keys are purged');
  });

  it('lets only one of two concurrent requests with one key commit; the other replays it', async () => {
    const idempotency = createIdempotency({ db: database.db, clock });
    const request = { caller: 'user:a', key: 'k4', requestHash: 'h' };
    const results = await Promise.all([
      idempotency.execute(request, work('k4')),
      idempotency.execute(request, work('k4')),
    ]);
    assert.equal(await writes('k4'), 1);
    assert.deepEqual(results.map((r) => r.replayed).sort(), [false, true]);
    assert.deepEqual(results[0]?.body, results[1]?.body);
  });

  it('rolls the key back with a failed request, so a retry runs again', async () => {
    const idempotency = createIdempotency({ db: database.db, clock });
    const request = { caller: 'user:a', key: 'k5', requestHash: 'h' };
    await assert.rejects(
      idempotency.execute(request, async (remember) =>
        database.db.transaction().execute(async (trx) => {
          await remember(trx, { status: 201, body: {} });
          throw new Error('business rule failed');
        }),
      ),
      /business rule failed/,
    );
    const retry = await idempotency.execute(request, work('k5'));
    assert.equal(retry.replayed, false);
  });

  it('accepts printable keys and refuses others', () => {
    assert.equal(parseIdempotencyKey(undefined), undefined);
    assert.equal(parseIdempotencyKey('abc-123'), 'abc-123');
    assert.throws(() => parseIdempotencyKey('with space'), /VALIDATION_FAILED/);
    assert.throws(() => parseIdempotencyKey('x'.repeat(256)), /VALIDATION_FAILED/);
  });
});
