import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { CreateReportBody, Problem, ReportDetail, ReportPage } from '@cipx/contracts';
import { sql, type SqlBool } from 'kysely';
import { buildTestApp, type TestApp } from '../../../test/app.js';
import { createTestOrganization, signInAs, type SignedIn } from '../../../test/auth.js';
import { startTestSmtp, type TestSmtp } from '../../../test/smtp.js';
import { drainJobs } from '../../platform/jobs/outbox.js';
import { orgIdForSlug, seedReference } from '../reference/index.js';

// The anonymized route (DESIGN.md §4.1): the coordinator must not learn the reporter through
// the detail, list, search, export, timeline, notifications or the audit log.

const FACTS = {
  kind: 'sign',
  title: '不審な管理者ログインの予兆',
  description: '深夜に海外から管理者アカウントへのログイン試行が続いた。',
  cause: 'cyberattack',
  systems: ['it'],
  detectedAt: '2026-03-31T15:00:00Z',
  serviceImpact: 'none',
  route: 'anonymized',
} satisfies CreateReportBody;

describe('anonymized reports (http)', () => {
  let t: TestApp;
  let smtp: TestSmtp;
  const bankSlug = 'anon-bank-7';
  let bankId: string;
  const relayId = orgIdForSlug('ceptoar-banking');
  let reporter: SignedIn;
  let relayAnalyst: SignedIn;
  let coordinator: SignedIn;
  let report: ReportDetail;

  const inject = (who: SignedIn | null, method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown) =>
    t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: who?.headers ?? {},
      ...(body !== undefined ? { payload: body as Record<string, unknown> } : {}),
    });

  /** Fails if the reporter's organization, person or name appears anywhere in `text`. */
  function assertNoReporter(text: string, where: string) {
    for (const secret of [bankId, reporter.userId, bankSlug, 'Anonymous Test Bank', '匿名テスト銀行']) {
      assert.ok(!text.includes(secret), `${where} reveals the reporter (${secret})`);
    }
  }

  before(async () => {
    smtp = await startTestSmtp();
    t = await buildTestApp({ env: { CIPX_SMTP_URL: smtp.url } });
    const db = t.database.db;
    await seedReference(db);
    bankId = await createTestOrganization(db, {
      slug: bankSlug,
      kind: 'operator',
      sectorCode: 'finance',
      nameJa: '匿名テスト銀行',
      nameEn: 'Anonymous Test Bank',
    });
    await db
      .insertInto('memberships')
      .values({ organization_id: bankId, group_id: relayId, relation: 'member' })
      .execute();
    await db
      .insertInto('contacts')
      .values({
        id: randomUUID(),
        organization_id: orgIdForSlug('nco'),
        role: 'primary',
        name_ja: 'NCO 担当',
        name_en: 'NCO desk',
        email: 'desk@nco.test',
      })
      .execute();
    reporter = await signInAs(t, { organizationSlug: bankSlug, role: 'reporter' });
    relayAnalyst = await signInAs(t, { organizationSlug: 'ceptoar-banking', role: 'analyst' });
    coordinator = await signInAs(t, { organizationSlug: 'nco', role: 'admin' });

    const created = await inject(reporter, 'POST', '/reports', FACTS);
    assert.equal(created.statusCode, 201, created.body);
    const submitted = await inject(reporter, 'POST', `/reports/${created.json<ReportDetail>().id}/submit`);
    assert.equal(submitted.statusCode, 200, submitted.body);
    report = submitted.json<ReportDetail>();
  });
  after(async () => {
    await t.close();
    await smtp.close();
  });

  it('goes to the reporter’s CEPTOAR first, which reviews before the coordinator sees it', async () => {
    assert.equal(report.anonymized, true);
    assert.equal(report.relayOrgId, relayId);
    assert.deepEqual(
      report.hops.map((h) => [h.toOrgId, h.mode, h.status]),
      [
        [relayId, 'automatic', 'forwarded'],
        [orgIdForSlug('nco'), 'reviewed', 'pending'],
      ],
    );
    assert.equal((await inject(coordinator, 'GET', `/reports/${report.id}`)).statusCode, 404);
    const atRelay = await inject(relayAnalyst, 'GET', `/reports/${report.id}`);
    assert.equal(atRelay.statusCode, 200);
    assert.equal(atRelay.json<ReportDetail>().originator?.id, bankId, 'the relay keeps the sealed link');
    const forwarded = await inject(relayAnalyst, 'POST', `/reports/${report.id}/forward`, {});
    assert.equal(forwarded.statusCode, 200, forwarded.body);
  });

  it('shows the coordinator the relay as originator in the detail, list, search, timeline and export', async () => {
    const detail = await inject(coordinator, 'GET', `/reports/${report.id}`);
    assert.equal(detail.statusCode, 200, detail.body);
    const shown = detail.json<ReportDetail>();
    assert.equal(shown.originator?.id, relayId);
    assert.equal(shown.authorUserId, null);
    assert.equal(shown.routing, null);
    assertNoReporter(detail.body, 'detail');

    const list = await inject(coordinator, 'GET', '/reports');
    assert.ok(
      list.json<ReportPage>().items.some((r) => r.id === report.id),
      'listed',
    );
    assertNoReporter(list.body, 'list');
    const search = await inject(coordinator, 'GET', `/reports?q=${encodeURIComponent('管理者ログイン')}`);
    assert.deepEqual(
      search.json<ReportPage>().items.map((r) => r.id),
      [report.id],
    );
    assertNoReporter(search.body, 'search');
    assertNoReporter((await inject(coordinator, 'GET', '/reports/inbox')).body, 'inbox');

    const timeline = await inject(coordinator, 'GET', `/reports/${report.id}/timeline`);
    assert.equal(timeline.statusCode, 200);
    assertNoReporter(timeline.body, 'timeline');
    assert.ok(timeline.body.includes('Anonymous reporter'), 'the reporter appears under a pseudonym');

    const csv = await inject(coordinator, 'GET', '/reports/export.csv');
    assert.ok(csv.body.includes(report.number), 'exported');
    assertNoReporter(csv.body, 'export');
  });

  it('names the relay, not the reporter, in the coordinator’s notification', async () => {
    await drainJobs({ db: t.database.db, handlers: t.modules.jobs, clock: t.clock, workerId: 'test' });
    const mail = await smtp.waitFor((m) => m.envelopeTo.includes('desk@nco.test'));
    assert.ok((mail.parsed.text ?? '').includes('銀行等CEPTOAR'), 'the relay is named');
    assertNoReporter(mail.raw.toString('utf8'), 'notification');
  });

  it('never names the reporter in the audit log', async () => {
    await t.modules.audit.service.flush();
    const events = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'actor_user_id', 'actor_org_id', 'actor_label', 'detail'])
      .where(sql<SqlBool>`${report.id} = ANY(target_ids)`)
      .execute();
    assert.ok(
      events.some((e) => e.action === 'reports.submit'),
      'the submit is audited',
    );
    assertNoReporter(JSON.stringify(events), 'audit log');
    const submit = events.find((e) => e.action === 'reports.submit');
    assert.equal(submit?.actor_org_id, relayId);
    assert.match(submit?.actor_label ?? '', /Anonymous reporter/);
  });

  it('refuses to switch a draft to the anonymized route after creation', async () => {
    const draft = await inject(reporter, 'POST', '/reports', { ...FACTS, route: 'normal' });
    const res = await inject(reporter, 'PATCH', `/reports/${draft.json<ReportDetail>().id}`, {
      route: 'anonymized',
      version: 1,
    });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(
      res.json<Problem>().errors?.map((e) => e.field),
      ['/route'],
    );
  });

  it('refuses a relay the reporter does not belong to', async () => {
    const res = await inject(reporter, 'POST', '/reports', {
      ...FACTS,
      relayOrgId: orgIdForSlug('ceptoar-railway'),
    });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(
      res.json<Problem>().errors?.map((e) => e.code),
      ['RELAY_NOT_ALLOWED'],
    );
  });
});
