import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { DirectoryImportResult, OrganizationDetail, OrganizationPage, Problem } from '@cipx/contracts';
import { buildTestApp, type TestApp } from '../../../test/app.js';
import { signInAs, tokenFor, type SignedIn } from '../../../test/auth.js';
import { createDirectoryFixture, type Fixture } from '../../../test/directory-fixtures.js';

const ORG_HEADER = 'slug,kind,name_ja,name_en,sector_code,member_kind,prefecture_code';

describe('directory routes (http)', () => {
  let t: TestApp;
  let fx: Fixture;
  let coordinator: SignedIn;
  let bank1: SignedIn;
  let water1: SignedIn;
  let bankCeptoar: SignedIn;

  before(async () => {
    t = await buildTestApp();
    fx = await createDirectoryFixture(t.database.db);
    coordinator = await signInAs(t, { organizationSlug: 'fx-nco', role: 'admin', locale: 'en' });
    bank1 = await signInAs(t, { organizationSlug: 'fx-bank-1', role: 'admin', locale: 'en' });
    water1 = await signInAs(t, { organizationSlug: 'fx-water-1', role: 'admin', locale: 'en' });
    bankCeptoar = await signInAs(t, { organizationSlug: 'fx-ceptoar-bank', role: 'manager', locale: 'ja' });
  });
  after(async () => {
    await t.close();
  });

  const id = (slug: string) => fx.ids[slug] as string;

  it('requires sign-in', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/organizations' });
    assert.equal(res.statusCode, 401);
  });

  it('searches Japanese and English names', async () => {
    for (const q of ['デモ銀行', 'demo bank']) {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/v1/organizations?q=${encodeURIComponent(q)}&limit=10`,
        headers: coordinator.headers,
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(
        res.json<OrganizationPage>().items.map((o) => o.slug),
        ['fx-bank-1', 'fx-bank-2'],
      );
    }
  });

  it('answers 404 ORGANIZATION_NOT_FOUND alike for an invisible and a missing organization', async () => {
    const hidden = await t.app.inject({
      method: 'GET',
      url: `/api/v1/organizations/${id('fx-bank-2')}`,
      headers: bank1.headers,
    });
    const missing = await t.app.inject({
      method: 'GET',
      url: `/api/v1/organizations/${randomUUID()}`,
      headers: bank1.headers,
    });
    for (const res of [hidden, missing]) {
      assert.equal(res.statusCode, 404);
      assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
      assert.equal(res.json<Problem>().code, 'ORGANIZATION_NOT_FOUND');
    }
    assert.equal(hidden.json<Problem>().detail, missing.json<Problem>().detail);
    const foreignContacts = await t.app.inject({
      method: 'GET',
      url: `/api/v1/organizations/${id('fx-bank-1')}/contacts`,
      headers: water1.headers,
    });
    assert.equal(foreignContacts.statusCode, 404);
  });

  it("shows an organization's contact points to itself and records the read in the audit log", async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/organizations/${id('fx-bank-1')}`,
      headers: bank1.headers,
    });
    assert.equal(res.statusCode, 200, res.body);
    const detail = res.json<OrganizationDetail>();
    assert.equal(detail.contacts?.[0]?.email, 'fx-bank-1@example.jp');
    assert.deepEqual(
      detail.groups.map((g) => g.organization.slug),
      ['fx-ceptoar-bank'],
    );
    await t.modules.audit.service.flush();
    const events = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'actor_user_id', 'target_ids', 'request_id'])
      .where('action', '=', 'directory.contacts.read')
      .execute();
    const mine = events.find((e) => e.actor_user_id === bank1.userId);
    assert.ok(mine, 'contact read audited');
    assert.equal(mine.target_ids.length, 1);
    assert.ok(mine.request_id);
  });

  it('validates a contact point written through the API', async () => {
    const url = `/api/v1/organizations/${id('fx-bank-1')}/contacts/backup`;
    const bad = await t.app.inject({
      method: 'PUT',
      url,
      headers: bank1.headers,
      payload: { nameJa: '副担当', nameEn: 'Deputy', email: 'deputy@', phone: '03-1234-5678' },
    });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(
      bad.json<Problem>().errors?.map((e) => e.field),
      ['/body/email'],
    );
    const good = await t.app.inject({
      method: 'PUT',
      url,
      headers: bank1.headers,
      payload: {
        nameJa: '副担当',
        nameEn: 'Deputy',
        email: 'deputy@bank1.example.jp',
        phone: '03-1234-5678',
      },
    });
    assert.equal(good.statusCode, 200, good.body);
    const bogusRole = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/organizations/${id('fx-bank-1')}/contacts/boss`,
      headers: bank1.headers,
      payload: { nameJa: 'x', nameEn: 'x' },
    });
    assert.equal(bogusRole.statusCode, 400);
  });

  it('refuses imports from an operator with 403', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/directory/import?kind=organizations&dryRun=true',
      headers: { ...bank1.headers, 'content-type': 'text/csv' },
      payload: `${ORG_HEADER}\nx-bank,operator,銀行,Bank,,,\n`,
    });
    assert.equal(res.statusCode, 403);
  });

  it('tells the user to save as UTF-8 when the file is Shift_JIS', async () => {
    const sjis = Buffer.concat([
      Buffer.from(`${ORG_HEADER}\r\nsj-bank,operator,`),
      Buffer.from([0x83, 0x66, 0x83, 0x82]),
      Buffer.from(',Bank,,,\r\n'),
    ]);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/directory/import?kind=organizations',
      headers: { ...bankCeptoar.headers, 'content-type': 'text/csv' },
      payload: sjis,
    });
    assert.equal(res.statusCode, 422);
    const problem = res.json<Problem>();
    assert.equal(problem.code, 'CSV_NOT_UTF8');
    assert.match(problem.detail ?? '', /2行目.*UTF-8/);
    assert.equal(problem.errors?.[0]?.row, 2);
  });

  it('dry-runs by default, and answers 422 CSV_INVALID with the rows when asked to write a bad file', async () => {
    const body = `\ufeff${ORG_HEADER}\r\nhttp-bank,operator,銀行,HTTP Bank,finance,,13\r\nhttp-bad,operator,銀行,Bank,,,99\r\n`;
    const headers = { ...bankCeptoar.headers, 'content-type': 'text/csv; charset=utf-8' };
    const dry = await t.app.inject({
      method: 'POST',
      url: '/api/v1/directory/import?kind=organizations',
      headers,
      payload: body,
    });
    assert.equal(dry.statusCode, 200, dry.body);
    const result = dry.json<DirectoryImportResult>();
    assert.equal(result.dryRun, true);
    assert.equal(result.created, 1);
    assert.deepEqual(
      result.errors.map((e) => [e.row, e.column, e.code]),
      [[3, 'prefecture_code', 'INVALID_PREFECTURE']],
    );
    const wet = await t.app.inject({
      method: 'POST',
      url: '/api/v1/directory/import?kind=organizations&dryRun=false',
      headers,
      payload: body,
    });
    assert.equal(wet.statusCode, 422);
    const problem = wet.json<Problem>();
    assert.equal(problem.code, 'CSV_INVALID');
    assert.deepEqual(
      problem.errors?.map((e) => [e.field, e.row, e.column]),
      [['row 3: prefecture_code', 3, 'prefecture_code']],
    );
    assert.match(problem.errors?.[0]?.message ?? '', /都道府県/);
    const written = await t.database.db
      .selectFrom('organizations')
      .select('id')
      .where('slug', '=', 'http-bank')
      .execute();
    assert.equal(written.length, 0);
  });

  it('refuses a file over 5 MiB with 413 CSV_TOO_LARGE', async () => {
    const big = `${ORG_HEADER}\n${'x'.repeat(5 * 1024 * 1024)}\n`;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/directory/import?kind=organizations',
      headers: { ...coordinator.headers, 'content-type': 'text/csv' },
      payload: big,
    });
    assert.equal(res.statusCode, 413);
    assert.equal(res.json<Problem>().code, 'CSV_TOO_LARGE');
  });

  it('exports an attachment with a UTF-8 BOM, limited to what the caller may see', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/directory/export?kind=organizations',
      headers: bank1.headers,
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'text/csv; charset=utf-8');
    assert.match(
      String(res.headers['content-disposition']),
      /^attachment; filename="cipx-organizations-\d{8}\.csv"$/,
    );
    assert.deepEqual([...res.rawPayload.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const text = res.rawPayload.toString('utf8');
    assert.ok(text.includes('fx-bank-1,operator,デモ銀行 一号'));
    assert.ok(!text.includes('fx-bank-2'));
  });

  it('accepts API tokens with the directory scopes only', async () => {
    const reader = await tokenFor(t, {
      organizationSlug: 'fx-nco',
      role: 'admin',
      scopes: ['directory:read'],
    });
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/v1/organizations?limit=1',
      headers: reader.headers,
    });
    assert.equal(list.statusCode, 200, list.body);
    const write = await t.app.inject({
      method: 'POST',
      url: '/api/v1/directory/import?kind=organizations',
      headers: { ...reader.headers, 'content-type': 'text/csv' },
      payload: `${ORG_HEADER}\n`,
    });
    assert.equal(write.statusCode, 403);
  });

  it('documents its routes in the OpenAPI document', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    assert.equal(res.statusCode, 200);
    const doc = res.json<{ paths: Record<string, Record<string, { tags?: string[] }>> }>();
    for (const path of [
      '/api/v1/organizations',
      '/api/v1/organizations/{id}',
      '/api/v1/organizations/{id}/contacts',
      '/api/v1/organizations/{id}/contacts/{role}',
      '/api/v1/directory/import',
      '/api/v1/directory/export',
    ]) {
      const operations = Object.values(doc.paths[path] ?? {});
      assert.ok(operations.length > 0, path);
      assert.ok(
        operations.every((op) => op.tags?.includes('directory')),
        path,
      );
    }
  });
});
