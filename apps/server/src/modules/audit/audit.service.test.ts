import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import pino from 'pino';
import type { Db } from '../../platform/db/database.js';
import { FakeClock } from '../../shared/clock.js';
import { createTestDatabase } from '../../../test/database.js';
import { hashEvent } from './audit-event.js';
import { chainPendingBatch, countPendingEvents, listChainAfter } from './audit.repository.js';
import { createAuditService, type AuditService } from './audit.service.js';
import { startAuditChainer } from './index.js';

const logger = pino({ level: 'silent' });
const ORG = randomUUID();
const USER = randomUUID();

describe('audit service', () => {
  let database: Db;
  let clock: FakeClock;
  let audit: AuditService;
  // A second chainer on the same database, as another app node would be.
  let otherNode: AuditService;

  async function chainLength(): Promise<{ count: number; min: number; max: number }> {
    const row = await database.db
      .selectFrom('audit_log')
      .select((eb) => [
        eb.fn.countAll<string>().as('count'),
        eb.fn.min('seq').as('min'),
        eb.fn.max('seq').as('max'),
      ])
      .executeTakeFirstOrThrow();
    return { count: Number(row.count), min: Number(row.min ?? 0), max: Number(row.max ?? 0) };
  }

  async function tamper(statement: string): Promise<void> {
    // An attacker with DDL rights can switch the append-only trigger off; the chain still tells.
    await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`.execute(database.db);
    try {
      await sql.raw(statement).execute(database.db);
    } finally {
      await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`.execute(database.db);
    }
  }

  before(async () => {
    database = await createTestDatabase();
    clock = new FakeClock('2026-11-23T09:00:00Z');
    audit = createAuditService({ database, clock, logger, batchSize: 64 });
    otherNode = createAuditService({ database, clock, logger, batchSize: 50 });
  });
  after(async () => {
    await audit.idle();
    await otherNode.idle();
    await database.close();
  });

  it('chains many concurrent records into a gap-free, valid chain', async () => {
    const writes: Promise<unknown>[] = [];
    for (let i = 0; i < 300; i += 1) {
      writes.push(
        audit.record({
          action: 'organization.read',
          actor: { userId: USER, organizationId: ORG },
          targetType: 'organization',
          targetIds: [randomUUID(), randomUUID()],
          detail: { i, note: `閲覧 ${i}`, nested: { b: 2, a: [1, 'x', null] } },
          requestId: `req-${i}`,
          ip: '127.0.0.1',
        }),
      );
      if (i % 61 === 0) writes.push(audit.flush(), otherNode.flush());
      if (i % 50 === 0) clock.advance(1000);
    }
    await Promise.all(writes);
    await Promise.all([audit.flush(), otherNode.flush()]);
    await audit.idle();
    assert.deepEqual(await chainLength(), { count: 300, min: 1, max: 300 });
    assert.equal(await countPendingEvents(database.db), 0);
    assert.deepEqual(await audit.verify({ batchSize: 33 }), { ok: true, count: 300 });
  });

  it('keeps audit_log append-only', async () => {
    await assert.rejects(
      sql`UPDATE audit_log SET action = 'x.y' WHERE seq = 1`.execute(database.db),
      /append-only/,
    );
    await assert.rejects(sql`DELETE FROM audit_log WHERE seq = 1`.execute(database.db), /append-only/);
    await assert.rejects(sql`TRUNCATE audit_log`.execute(database.db), /append-only/);
  });

  it('finds an edited detail and reports its seq', async () => {
    const original = await database.db
      .selectFrom('audit_log')
      .select('detail')
      .where('seq', '=', '123')
      .executeTakeFirstOrThrow();
    await tamper(`UPDATE audit_log SET detail = jsonb_set(detail, '{i}', '9999') WHERE seq = 123`);
    assert.deepEqual(await audit.verify({ batchSize: 50 }), {
      ok: false,
      firstBrokenSeq: 123,
      reason: 'HASH_MISMATCH',
    });
    await tamper(`UPDATE audit_log SET detail = '${JSON.stringify(original.detail)}'::jsonb WHERE seq = 123`);
    assert.deepEqual(await audit.verify(), { ok: true, count: 300 });
  });

  it('finds an edited row whose own hash was recomputed, at the next link', async () => {
    const [row] = await listChainAfter(database.db, 199, 1);
    assert.ok(row);
    const forged = { ...row, detail: { ...row.detail, i: -1 } };
    const forgedHash = hashEvent(forged);
    const restore = `UPDATE audit_log SET detail = '${JSON.stringify(row.detail)}'::jsonb, hash = '${row.hash}' WHERE seq = 200`;
    await tamper(
      `UPDATE audit_log SET detail = '${JSON.stringify(forged.detail)}'::jsonb, hash = '${forgedHash}' WHERE seq = 200`,
    );
    assert.deepEqual(await audit.verify(), { ok: false, firstBrokenSeq: 201, reason: 'PREV_HASH_MISMATCH' });
    await tamper(restore);
    assert.deepEqual(await audit.verify(), { ok: true, count: 300 });
  });

  it('finds a deleted row and reports the missing seq', async () => {
    await tamper(`DELETE FROM audit_log WHERE seq = 77`);
    assert.deepEqual(await audit.verify({ batchSize: 10 }), {
      ok: false,
      firstBrokenSeq: 77,
      reason: 'SEQ_GAP',
    });
  });

  it('chains events recorded in a business transaction only if it commits', async () => {
    await database.db.transaction().execute(async (trx) => {
      await audit.record({ action: 'directory.import', actor: { userId: USER, organizationId: ORG } }, trx);
    });
    await assert.rejects(
      database.db.transaction().execute(async (trx) => {
        await audit.record(
          { action: 'directory.import', actor: { userId: USER }, detail: { lost: true } },
          trx,
        );
        throw new Error('business rule failed');
      }),
      /business rule failed/,
    );
    assert.equal(await countPendingEvents(database.db), 1);
  });

  it('chains events left pending by a crash when a later chainer flushes', async () => {
    // A chaining transaction that dies half-way leaves its events pending.
    await assert.rejects(
      chainPendingBatch(database.db, 10, () => {
        throw new Error('killed');
      }),
      /killed/,
    );
    assert.equal(await countPendingEvents(database.db), 1);
    const restarted = createAuditService({ database, clock, logger });
    assert.equal(await restarted.flush(), 1);
    assert.equal(await countPendingEvents(database.db), 0);
    const last = await database.db
      .selectFrom('audit_log')
      .select(['seq', 'action'])
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    assert.deepEqual(last, { seq: '301', action: 'directory.import' });
  });

  it('chains pending events when the periodic chainer starts', async () => {
    await database.db.transaction().execute(async (trx) => {
      await audit.record({ action: 'report.relay', actor: { organizationId: ORG } }, trx);
    });
    assert.equal(await countPendingEvents(database.db), 1);
    const chainer = startAuditChainer(createAuditService({ database, clock, logger }), {
      intervalMs: 60_000,
    });
    await chainer.stop();
    assert.equal(await countPendingEvents(database.db), 0);
  });

  it('redacts secret-looking keys and stores what it hashed', async () => {
    await audit.record({
      action: 'auth.password_changed',
      actor: { userId: USER, organizationId: ORG },
      detail: { password: 'hunter2', apiToken: 'abc', reason: 'reset', at: new Date('2026-01-01T00:00:00Z') },
    });
    await audit.flush();
    const row = await database.db
      .selectFrom('audit_log')
      .select(['detail', 'seq', 'hash'])
      .where('action', '=', 'auth.password_changed')
      .executeTakeFirstOrThrow();
    assert.deepEqual(row.detail, {
      password: '[redacted]',
      apiToken: '[redacted]',
      reason: 'reset',
      at: '2026-01-01T00:00:00.000Z',
    });
  });

  it('refuses an action that is not dotted lower-case words', async () => {
    await assert.rejects(audit.record({ action: 'Sign In', actor: {} }), /invalid audit action/);
  });
});
