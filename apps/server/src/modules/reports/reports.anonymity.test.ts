import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type {
  CreateReportBody,
  FollowUp,
  FollowUpList,
  Problem,
  ReportDetail,
  ReportPage,
  Timeline,
} from '@cipx/contracts';
import { sql, type SqlBool } from 'kysely';
import { buildTestApp, type TestApp } from '../../../test/app.js';
import { createTestOrganization, signInAs, type SignedIn } from '../../../test/auth.js';
import { startTestSmtp, type TestSmtp } from '../../../test/smtp.js';
import { drainJobs } from '../../platform/jobs/outbox.js';
import { orgIdForSlug, seedReference } from '../reference/index.js';

// The anonymized route (DESIGN.md §4.1): the coordinator must not learn the reporter through
// the detail, list, search, export, timeline, follow-ups, notifications or the audit log.

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
  let draft: ReportDetail;
  let report: ReportDetail;
  let followUp: FollowUp;

  const inject = (who: SignedIn | null, method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown) =>
    t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: who?.headers ?? {},
      ...(body !== undefined ? { payload: body as Record<string, unknown> } : {}),
    });

  const drain = () =>
    drainJobs({ db: t.database.db, handlers: t.modules.jobs, clock: t.clock, workerId: 'test' });

  /** Fails if the reporter's organization, person or name appears anywhere in `text`. */
  function assertNoReporter(text: string, where: string) {
    for (const secret of [
      bankId,
      reporter.userId,
      bankSlug,
      'Anonymous Test Bank',
      '匿名テスト銀行',
      'anon-bank.test',
    ]) {
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
      .values([
        {
          id: randomUUID(),
          organization_id: orgIdForSlug('nco'),
          role: 'primary',
          name_ja: 'NCO 担当',
          name_en: 'NCO desk',
          email: 'desk@nco.test',
        },
        {
          id: randomUUID(),
          organization_id: bankId,
          role: 'primary',
          name_ja: '銀行 担当',
          name_en: 'Bank desk',
          email: 'desk@anon-bank.test',
        },
        {
          id: randomUUID(),
          organization_id: relayId,
          role: 'primary',
          name_ja: 'セプター事務局',
          name_en: 'CEPTOAR secretariat',
          email: 'secretariat@ceptoar-banking.test',
        },
      ])
      .execute();
    reporter = await signInAs(t, { organizationSlug: bankSlug, role: 'reporter' });
    relayAnalyst = await signInAs(t, { organizationSlug: 'ceptoar-banking', role: 'analyst' });
    coordinator = await signInAs(t, { organizationSlug: 'nco', role: 'admin' });

    const created = await inject(reporter, 'POST', '/reports', FACTS);
    assert.equal(created.statusCode, 201, created.body);
    draft = created.json<ReportDetail>();
    const submitted = await inject(reporter, 'POST', `/reports/${draft.id}/submit`);
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

  it('warns the reporter at draft time that the relay community is small', () => {
    assert.deepEqual(
      draft.warnings?.map((w) => [w.code, w.relayOrgId, w.members]),
      [['RELAY_COMMUNITY_SMALL', relayId, 1]],
      'the bank is the relay’s only member',
    );
    assert.match(draft.warnings?.[0]?.message.ja ?? '', /1 組織/);
  });

  it('tells the reporter, in the timeline and by mail, that the relay forwarded the report', async () => {
    const timeline = (await inject(reporter, 'GET', `/reports/${report.id}/timeline`)).json<Timeline>();
    const relayed = timeline.items.find((e) => e.kind === 'forwarded' && e.detail['relayed'] === true);
    assert.equal(relayed?.detail['fromOrgId'], relayId, 'the relay’s hop is marked relayed');
    await drain();
    const mail = await smtp.waitFor(
      (m) => m.envelopeTo.includes('desk@anon-bank.test') && (m.parsed.subject ?? '').includes('中継'),
    );
    assert.equal(
      mail.parsed.subject,
      `[TLP:AMBER] [CIPX] 報告が中継されました / Your report was relayed ${report.number}`,
    );
    assert.ok((mail.parsed.text ?? '').includes('銀行等CEPTOAR'), 'names the relay');
  });

  it('passes the coordinator’s follow-up question to the reporter through the relay', async () => {
    const asked = await inject(coordinator, 'POST', `/reports/${report.id}/follow-ups`, {
      question: 'ログイン試行の送信元IPアドレスを共有できますか。',
    });
    assert.equal(asked.statusCode, 201, asked.body);
    followUp = asked.json<FollowUp>();
    assert.equal(followUp.viaRelay, true);
    assert.equal(followUp.addressedToOrgId, relayId, 'the question is addressed to the relay');
    assertNoReporter(asked.body, 'the asked question');

    await drain();
    const toRelay = await smtp.waitFor(
      (m) =>
        m.envelopeTo.includes('secretariat@ceptoar-banking.test') &&
        (m.parsed.subject ?? '').includes('追加質問'),
    );
    assert.ok(
      (toRelay.parsed.text ?? '').includes('sealed link'),
      'the relay is told it passed the question on',
    );
    const toReporter = await smtp.waitFor(
      (m) => m.envelopeTo.includes('desk@anon-bank.test') && (m.parsed.subject ?? '').includes('追加質問'),
    );
    assert.ok(
      (toReporter.parsed.text ?? '').includes('銀行等CEPTOAR'),
      'the reporter sees it came through its relay',
    );

    const mine = await inject(reporter, 'GET', `/reports/${report.id}/follow-ups`);
    assert.deepEqual(
      mine.json<FollowUpList>().items.map((f) => f.question),
      ['ログイン試行の送信元IPアドレスを共有できますか。'],
    );
  });

  it('returns the reporter’s answer through the relay: the coordinator sees the relay as the answerer', async () => {
    const answered = await inject(
      reporter,
      'POST',
      `/reports/${report.id}/follow-ups/${followUp.id}/answer`,
      {
        answer: '203.0.113.0/24 からの試行でした。',
      },
    );
    assert.equal(answered.statusCode, 200, answered.body);

    const list = await inject(coordinator, 'GET', `/reports/${report.id}/follow-ups`);
    assert.equal(list.statusCode, 200, list.body);
    const [seen] = list.json<FollowUpList>().items;
    assert.equal(seen?.answer?.text, '203.0.113.0/24 からの試行でした。');
    assert.equal(seen?.answer?.by.userId, null);
    assert.equal(seen?.answer?.by.organizationId, relayId, 'the relay is shown as the answerer');
    assert.match(seen?.answer?.by.label ?? '', /Anonymous reporter/);
    assertNoReporter(list.body, 'follow-ups');
    assertNoReporter((await inject(coordinator, 'GET', `/reports/${report.id}/timeline`)).body, 'timeline');
    assertNoReporter((await inject(coordinator, 'GET', `/reports/${report.id}`)).body, 'detail');

    // The relay keeps the sealed link: it sees who answered.
    const atRelay = await inject(relayAnalyst, 'GET', `/reports/${report.id}/follow-ups`);
    assert.equal(atRelay.json<FollowUpList>().items[0]?.answer?.by.organizationId, bankId);

    await drain();
    const toCoordinator = await smtp.waitFor(
      (m) => m.envelopeTo.includes('desk@nco.test') && (m.parsed.subject ?? '').includes('回答'),
    );
    assert.ok((toCoordinator.parsed.text ?? '').includes('銀行等CEPTOAR'), 'the relay answers');
    for (const mail of smtp.received.filter((m) => m.envelopeTo.includes('desk@nco.test'))) {
      assertNoReporter(mail.raw.toString('utf8'), `mail to the coordinator: ${mail.parsed.subject ?? ''}`);
    }
    await smtp.waitFor(
      (m) =>
        m.envelopeTo.includes('secretariat@ceptoar-banking.test') &&
        (m.parsed.subject ?? '').includes('回答'),
    );
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
    const answer = events.find((e) => e.action === 'reports.follow_up.answer');
    assert.equal(answer?.actor_org_id, relayId, 'the answer is audited under the relay');
    assert.equal(answer?.actor_user_id, null);
    assert.ok(
      events.some((e) => e.action === 'reports.follow_ups.read'),
      'reads of the follow-ups are audited',
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
