import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AuditEventList } from '@cipx/contracts';
import { buildTestApp, type TestApp } from '../../../test/app.js';
import { createTestOrganization, signInAs, tokenFor, type SignedIn } from '../../../test/auth.js';

describe('GET /api/v1/audit', () => {
  let t: TestApp;
  let coordinatorAdmin: SignedIn;
  let bankAdmin: SignedIn;
  let bankAnalyst: SignedIn;
  let bankId: string;
  let railwayId: string;

  async function read(who: { headers: Record<string, string> }, query = ''): Promise<AuditEventList> {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/audit${query}`, headers: who.headers });
    assert.equal(res.statusCode, 200, res.body);
    return res.json<AuditEventList>();
  }

  before(async () => {
    t = await buildTestApp();
    const db = t.database.db;
    const coordinatorId = await createTestOrganization(db, { slug: 'audit-nco', kind: 'coordinator' });
    bankId = await createTestOrganization(db, {
      slug: 'audit-bank',
      kind: 'operator',
      sectorCode: 'finance',
    });
    railwayId = await createTestOrganization(db, {
      slug: 'audit-rail',
      kind: 'operator',
      sectorCode: 'railway',
    });
    coordinatorAdmin = await signInAs(t, { organizationId: coordinatorId, role: 'admin' });
    bankAdmin = await signInAs(t, { organizationId: bankId, role: 'admin' });
    bankAnalyst = await signInAs(t, { organizationId: bankId, role: 'analyst' });

    const audit = t.modules.audit.service;
    for (let i = 0; i < 5; i += 1) {
      await audit.record({
        action: 'directory.import',
        actor: { userId: bankAdmin.userId, organizationId: bankId },
        targetType: 'organization',
        targetIds: [`bank-${i}`],
      });
      t.clock.advance(60_000);
    }
    await audit.record({
      action: 'organization.read',
      actor: { organizationId: railwayId },
      targetIds: ['r'],
    });
    await audit.record({ action: 'auth.sign_in', actor: { organizationId: bankId } });
    await audit.flush();
  });
  after(async () => {
    await t.close();
  });

  it('refuses anonymous callers with 401', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/audit' });
    assert.equal(res.statusCode, 401);
    assert.equal(res.json<{ code: string }>().code, 'UNAUTHENTICATED');
  });

  it('refuses an operator who is not an administrator with 403', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/audit', headers: bankAnalyst.headers });
    assert.equal(res.statusCode, 403);
    assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
  });

  it('refuses an API token without the audit:read scope', async () => {
    const token = await tokenFor(t, { organizationId: bankId, role: 'admin', scopes: ['reports:read'] });
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/audit', headers: token.headers });
    assert.equal(res.statusCode, 403);
  });

  it('shows an organization administrator only the events of their organization', async () => {
    const page = await read(bankAdmin, '?limit=100');
    assert.ok(page.items.length >= 6);
    assert.ok(page.items.every((e) => e.actor.organizationId === bankId));
    assert.ok(!page.items.some((e) => e.targetIds.includes('r')));
  });

  it('shows the coordinator every event, and audits each read', async () => {
    const first = await read(coordinatorAdmin, '?action=organization.read');
    assert.deepEqual(
      first.items.map((e) => e.actor.organizationId),
      [railwayId],
    );
    const reads = await read(coordinatorAdmin, '?action=audit.read');
    const mine = reads.items.find((e) => e.actor.userId === coordinatorAdmin.userId);
    assert.ok(mine, 'the earlier read is in the log');
    assert.equal(mine.actor.organizationId, coordinatorAdmin.organizationId);
    assert.deepEqual(
      mine.targetIds,
      first.items.map((e) => String(e.seq)),
    );
    assert.deepEqual(mine.detail, { filter: { action: 'organization.read', limit: 50 } });
    assert.ok(mine.requestId);
  });

  it('filters by action prefix and period', async () => {
    const imports = await read(coordinatorAdmin, '?action=directory.*');
    assert.equal(imports.items.length, 5);
    const from = encodeURIComponent('2026-04-01T00:01:00Z');
    const to = encodeURIComponent('2026-04-01T00:03:00Z');
    const middle = await read(coordinatorAdmin, `?action=directory.*&from=${from}&to=${to}`);
    assert.deepEqual(
      middle.items.map((e) => e.targetIds[0]),
      ['bank-2', 'bank-1'],
    );
  });

  it('pages newest first with a cursor, without repeats', async () => {
    const seen: number[] = [];
    let query = '?action=directory.*&limit=2';
    for (let pages = 0; pages < 10; pages += 1) {
      const page = await read(coordinatorAdmin, query);
      seen.push(...page.items.map((e) => e.seq));
      if (!page.next) break;
      query = `?action=directory.*&limit=2&cursor=${page.next}`;
    }
    assert.equal(seen.length, 5);
    assert.deepEqual(
      seen,
      [...seen].sort((a, b) => b - a),
    );
  });

  it('rejects a cursor it did not issue', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/audit?cursor=bm9wZQ',
      headers: coordinatorAdmin.headers,
    });
    assert.equal(res.statusCode, 400);
  });

  it('keeps the chain valid after the reads it audited', async () => {
    const result = await t.modules.audit.service.verify();
    assert.equal(result.ok, true);
  });
});
