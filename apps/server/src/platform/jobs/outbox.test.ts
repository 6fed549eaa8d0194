import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createTestDatabase } from '../../../test/database.js';
import { FakeClock } from '../../shared/clock.js';
import type { Db } from '../db/database.js';
import { backoffMs, drainJobs, enqueueJob, enqueueJobs, RetryLater, runDueJobs } from './outbox.js';

describe('outbox', () => {
  let database: Db;
  const clock = new FakeClock('2026-04-01T00:00:00Z');
  before(async () => {
    database = await createTestDatabase();
  });
  after(async () => {
    await database.close();
  });
  beforeEach(async () => {
    await database.db.deleteFrom('outbox').execute();
  });

  it('runs a due job once and marks it done', async () => {
    const seen: unknown[] = [];
    await enqueueJob(database.db, { kind: 'probe', payload: { n: 1 } }, clock);
    const handlers = { probe: (p: Record<string, unknown>) => Promise.resolve(void seen.push(p['n'])) };
    assert.equal(await drainJobs({ db: database.db, handlers, clock, workerId: 'w' }), 1);
    assert.deepEqual(seen, [1]);
    assert.equal(await runDueJobs({ db: database.db, handlers, clock, workerId: 'w' }), 0);
    const row = await database.db.selectFrom('outbox').selectAll().executeTakeFirstOrThrow();
    assert.ok(row.done_at);
  });

  it('ignores a second job with the same dedupe key', async () => {
    await enqueueJobs(
      database.db,
      [
        { kind: 'probe', payload: {}, dedupeKey: 'k1' },
        { kind: 'probe', payload: {}, dedupeKey: 'k2' },
      ],
      clock,
    );
    await enqueueJob(database.db, { kind: 'probe', payload: {}, dedupeKey: 'k1' }, clock);
    const { count } = await database.db
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(count), 2);
  });

  it('does not run a job before its time', async () => {
    await enqueueJob(
      database.db,
      { kind: 'probe', payload: {}, runAt: new Date(clock.now().getTime() + 60_000) },
      clock,
    );
    let runs = 0;
    const handlers = { probe: () => Promise.resolve(void runs++) };
    await drainJobs({ db: database.db, handlers, clock, workerId: 'w' });
    assert.equal(runs, 0);
    clock.advance(60_000);
    await drainJobs({ db: database.db, handlers, clock, workerId: 'w' });
    assert.equal(runs, 1);
  });

  it('retries a failing job with backoff and fails it after max attempts', async () => {
    await enqueueJob(database.db, { kind: 'flaky', payload: {}, maxAttempts: 3 }, clock);
    let runs = 0;
    const handlers = {
      flaky: () => {
        runs++;
        return Promise.reject(new Error('SMTP 451'));
      },
    };
    for (let i = 0; i < 5; i++) {
      await drainJobs({ db: database.db, handlers, clock, workerId: 'w' });
      clock.advance(60 * 60 * 1000);
    }
    assert.equal(runs, 3);
    const row = await database.db.selectFrom('outbox').selectAll().executeTakeFirstOrThrow();
    assert.ok(row.failed_at);
    assert.equal(row.last_error, 'SMTP 451');
  });

  it('reschedules a RetryLater job without counting it as exhausted', async () => {
    await enqueueJob(database.db, { kind: 'later', payload: {}, maxAttempts: 1 }, clock);
    let runs = 0;
    const handlers = {
      later: () => (++runs === 1 ? Promise.reject(new RetryLater(5_000)) : Promise.resolve()),
    };
    await drainJobs({ db: database.db, handlers, clock, workerId: 'w' });
    assert.equal(runs, 1);
    clock.advance(5_000);
    await drainJobs({ db: database.db, handlers, clock, workerId: 'w' });
    const row = await database.db.selectFrom('outbox').selectAll().executeTakeFirstOrThrow();
    assert.equal(runs, 2);
    assert.ok(row.done_at);
  });

  it('lets a job whose worker died be claimed again after its lease', async () => {
    await enqueueJob(database.db, { kind: 'probe', payload: {} }, clock);
    // A worker claims the job and dies: the lease is set, the job never finishes.
    await database.db
      .updateTable('outbox')
      .set({ locked_until: new Date(clock.now().getTime() + 60_000), locked_by: 'dead', attempts: 1 })
      .execute();
    let runs = 0;
    const handlers = { probe: () => Promise.resolve(void runs++) };
    await drainJobs({ db: database.db, handlers, clock, workerId: 'w2' });
    assert.equal(runs, 0);
    clock.advance(61_000);
    await drainJobs({ db: database.db, handlers, clock, workerId: 'w2' });
    assert.equal(runs, 1);
  });

  it('never runs one job twice when two workers poll at once', async () => {
    await enqueueJobs(
      database.db,
      Array.from({ length: 40 }, (_, i) => ({ kind: 'probe', payload: { i } })),
      clock,
    );
    const runs = new Map<number, number>();
    const handlers = {
      probe: (p: Record<string, unknown>) => {
        const i = Number(p['i']);
        runs.set(i, (runs.get(i) ?? 0) + 1);
        return Promise.resolve();
      },
    };
    await Promise.all([
      drainJobs({ db: database.db, handlers, clock, workerId: 'a', batchSize: 7 }),
      drainJobs({ db: database.db, handlers, clock, workerId: 'b', batchSize: 7 }),
    ]);
    assert.equal(runs.size, 40);
    assert.ok([...runs.values()].every((n) => n === 1));
  });

  it('spreads backoff with jitter and caps it', () => {
    assert.equal(
      backoffMs(1, () => 0),
      500,
    );
    assert.equal(
      backoffMs(1, () => 1),
      1000,
    );
    assert.equal(
      backoffMs(30, () => 1),
      60 * 60 * 1000,
    );
  });
});
