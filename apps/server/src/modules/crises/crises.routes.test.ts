import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type {
  ActiveCrises,
  CreateReportBody,
  CrisisDetail,
  CrisisPage,
  CrisisReport,
  CrisisUpdate,
  CrisisUpdatePage,
  Problem,
  ReportDetail,
} from '@cipx/contracts';
import { sql, type SqlBool } from 'kysely';
import { buildTestApp, type TestApp } from '../../../test/app.js';
import { createTestOrganization, tokenFor, type AsWho, type WithToken } from '../../../test/auth.js';
import { startTestSmtp, type TestSmtp } from '../../../test/smtp.js';
import { drainJobs } from '../../platform/jobs/outbox.js';
import { orgIdForSlug, seedReference } from '../reference/index.js';

// Large-scale outage mode over HTTP against a real database and SMTP server, on a fake clock:
// declaring, linking, the situation thread, reminders at the interval, ending, and denials.

const MIN = 60_000;

const FACTS = {
  kind: 'outage',
  title: '広域停電に伴う勘定系の停止',
  description: '停電により勘定系システムが停止。',
  cause: 'natural_disaster',
  systems: ['it'],
  occurredAt: '2026-03-31T23:00:00Z',
  detectedAt: '2026-03-31T23:05:00Z',
  serviceImpact: 'full_outage',
} satisfies CreateReportBody;

const DECLARATION = {
  title: { ja: '首都圏広域停電', en: 'Greater Tokyo blackout' },
  description: '首都圏で広域停電が発生。金融分野への影響を集約する。',
  sectors: ['finance'],
  updateIntervalMinutes: 60,
};

describe('crises routes (http)', () => {
  let t: TestApp;
  let smtp: TestSmtp;
  const nco = orgIdForSlug('nco');
  const fsa = orgIdForSlug('fsa');
  const relay = orgIdForSlug('ceptoar-banking');
  let bankId: string;
  let coordinator: WithToken;
  let coordinatorViewer: WithToken;
  let ministry: WithToken;
  let bankReporter: WithToken;
  let bankViewer: WithToken;
  let railAdmin: WithToken;
  let relayAnalyst: WithToken;

  // API tokens, not sessions: the clock moves hours, past a session's idle limit.
  const as = (who: AsWho) =>
    tokenFor(t, { ...who, scopes: ['crises:read', 'crises:write', 'reports:read', 'reports:write'] });

  const inject = (who: WithToken, method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown) =>
    t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: who.headers,
      ...(body !== undefined ? { payload: body as Record<string, unknown> } : {}),
    });

  const drain = () =>
    drainJobs({ db: t.database.db, handlers: t.modules.jobs, clock: t.clock, workerId: 'test' });

  async function advance(minutes: number): Promise<void> {
    t.clock.advance(minutes * MIN);
    await drain();
  }

  async function declare(body: Record<string, unknown> = DECLARATION): Promise<CrisisDetail> {
    const res = await inject(coordinator, 'POST', '/crises', body);
    assert.equal(res.statusCode, 201, res.body);
    return res.json<CrisisDetail>();
  }

  async function submitted(who: WithToken, body: CreateReportBody = FACTS): Promise<ReportDetail> {
    const draft = await inject(who, 'POST', '/reports', body);
    assert.equal(draft.statusCode, 201, draft.body);
    const res = await inject(who, 'POST', `/reports/${draft.json<ReportDetail>().id}/submit`);
    assert.equal(res.statusCode, 200, res.body);
    return res.json<ReportDetail>();
  }

  async function link(who: WithToken, crisis: CrisisDetail, report: { id: string }) {
    return inject(who, 'POST', `/crises/${crisis.id}/reports`, { reportId: report.id });
  }

  /** Reminder mails about one report, as their recipients. */
  function reminded(report: ReportDetail): string[] {
    return smtp.received
      .filter((m) => (m.parsed.subject ?? '').includes(`Update requested ${report.number}`))
      .flatMap((m) => m.envelopeTo);
  }

  before(async () => {
    smtp = await startTestSmtp();
    t = await buildTestApp({ env: { CIPX_SMTP_URL: smtp.url } });
    const db = t.database.db;
    await seedReference(db);
    bankId = await createTestOrganization(db, {
      slug: 'crisis-bank',
      kind: 'operator',
      sectorCode: 'finance',
      nameJa: '危機試験銀行',
      nameEn: 'Crisis Test Bank',
    });
    await createTestOrganization(db, { slug: 'crisis-rail', kind: 'operator', sectorCode: 'railway' });
    await db
      .insertInto('memberships')
      .values({ organization_id: bankId, group_id: relay, relation: 'member' })
      .execute();
    await db
      .insertInto('contacts')
      .values({
        id: randomUUID(),
        organization_id: bankId,
        role: 'primary',
        name_ja: '危機試験銀行 担当',
        name_en: 'Crisis Test Bank desk',
        email: 'desk@crisis-bank.test',
      })
      .execute();
    coordinator = await as({ organizationId: nco, role: 'analyst' });
    coordinatorViewer = await as({ organizationId: nco, role: 'viewer' });
    ministry = await as({ organizationId: fsa, role: 'admin' });
    bankReporter = await as({ organizationId: bankId, role: 'reporter', email: 'reporter@crisis-bank.test' });
    bankViewer = await as({ organizationId: bankId, role: 'viewer' });
    railAdmin = await as({ organizationSlug: 'crisis-rail', role: 'admin' });
    relayAnalyst = await as({ organizationId: relay, role: 'analyst' });
  });
  after(async () => {
    await t.close();
    await smtp.close();
  });

  it('lets only the coordinator’s analysts and above declare a crisis', async () => {
    for (const who of [ministry, bankReporter, railAdmin, coordinatorViewer]) {
      const res = await inject(who, 'POST', '/crises', DECLARATION);
      assert.equal(res.statusCode, 403, res.body);
      assert.equal(res.json<Problem>().code, 'FORBIDDEN');
    }
    const crisis = await declare();
    assert.equal(crisis.status, 'active');
    assert.equal(crisis.tlp, 'green');
    assert.equal(crisis.declaredBy.organizationId, nco);
    assert.equal(crisis.declaredBy.userId, coordinator.userId);
    assert.equal(crisis.updateIntervalMinutes, 60);
    assert.deepEqual(crisis.audience, [
      { kind: 'sector', sectorCode: 'finance' },
      { kind: 'organization', organizationId: fsa },
    ]);
    const unknown = await inject(coordinator, 'POST', '/crises', {
      ...DECLARATION,
      sectors: ['no_such_sector'],
    });
    assert.equal(unknown.statusCode, 400, unknown.body);
    assert.equal(unknown.json<Problem>().errors?.[0]?.code, 'UNKNOWN_SECTOR');
  });

  it('shows a crisis to its audience only: an operator outside it gets 404 everywhere', async () => {
    const crisis = await declare();
    const report = await submitted(bankReporter);
    for (const who of [bankViewer, ministry, coordinatorViewer]) {
      assert.equal((await inject(who, 'GET', `/crises/${crisis.id}`)).statusCode, 200);
      const active = (await inject(who, 'GET', '/crises/active')).json<ActiveCrises>();
      assert.ok(
        active.items.some((c) => c.id === crisis.id),
        'the banner shows the crisis to its audience',
      );
    }
    for (const [method, url, body] of [
      ['GET', `/crises/${crisis.id}`, undefined],
      ['GET', `/crises/${crisis.id}/updates`, undefined],
      ['POST', `/crises/${crisis.id}/updates`, { text: '鉄道への影響なし' }],
      ['POST', `/crises/${crisis.id}/reports`, { reportId: report.id }],
    ] as const) {
      const res = await inject(railAdmin, method, url, body);
      assert.equal(res.statusCode, 404, `${method} ${url}: ${res.body}`);
      assert.equal(res.json<Problem>().code, 'CRISIS_NOT_FOUND');
    }
    const list = (await inject(railAdmin, 'GET', '/crises')).json<CrisisPage>();
    assert.ok(!list.items.some((c) => c.id === crisis.id), 'not listed outside the audience');
    const banner = (await inject(railAdmin, 'GET', '/crises/active')).json<ActiveCrises>();
    assert.ok(!banner.items.some((c) => c.id === crisis.id), 'no banner outside the audience');
    const end = await inject(ministry, 'POST', `/crises/${crisis.id}/end`);
    assert.equal(end.statusCode, 403, 'the ministry sees the crisis but may not end it');
  });

  it('links only reports the linker can see, once each', async () => {
    const crisis = await declare();
    const report = await submitted(bankReporter);
    const draft = await inject(bankReporter, 'POST', '/reports', FACTS);
    const hidden = await link(coordinator, crisis, draft.json<ReportDetail>());
    assert.equal(hidden.statusCode, 404, 'a draft is not the coordinator’s to see');
    assert.equal(hidden.json<Problem>().code, 'REPORT_NOT_FOUND');
    assert.equal((await link(bankViewer, crisis, report)).statusCode, 403, 'a viewer links nothing');

    const linked = await link(coordinator, crisis, report);
    assert.equal(linked.statusCode, 201, linked.body);
    const body = linked.json<CrisisReport>();
    assert.equal(body.reportId, report.id);
    assert.equal(body.originator?.id, bankId);
    assert.equal(body.linkedBy.organizationId, nco);
    const again = await link(bankReporter, crisis, report);
    assert.equal(again.statusCode, 409);
    assert.equal(again.json<Problem>().code, 'CRISIS_REPORT_ALREADY_LINKED');

    const own = await submitted(bankReporter);
    assert.equal((await link(bankReporter, crisis, own)).statusCode, 201, 'a reporter links its own report');
    const detail = (await inject(ministry, 'GET', `/crises/${crisis.id}`)).json<CrisisDetail>();
    assert.deepEqual(
      detail.reports.map((r) => r.reportId),
      [report.id, own.id],
    );
    assert.equal(detail.reportCount, 2);
  });

  it('never names the hidden reporter of an anonymized report it links itself', async () => {
    const crisis = await declare();
    const report = await submitted(bankReporter, { ...FACTS, route: 'anonymized', tlp: 'green' });
    assert.equal((await link(bankReporter, crisis, report)).statusCode, 201);
    const forwarded = await inject(relayAnalyst, 'POST', `/reports/${report.id}/forward`, {});
    assert.equal(forwarded.statusCode, 200, forwarded.body);
    const res = await inject(coordinator, 'GET', `/crises/${crisis.id}`);
    assert.equal(res.statusCode, 200);
    const [shown] = res.json<CrisisDetail>().reports;
    assert.ok(shown, 'the coordinator sees the relayed report in the crisis');
    assert.equal(shown.originator?.id, relay);
    assert.deepEqual([shown.linkedBy.userId, shown.linkedBy.organizationId], [null, relay]);
    for (const secret of [bankId, bankReporter.userId, 'Crisis Test Bank', '危機試験銀行']) {
      assert.ok(!res.body.includes(secret), `the crisis reveals the reporter (${secret})`);
    }
    const events = await t.database.db
      .selectFrom('audit_pending')
      .select(['actor_user_id', 'actor_org_id', 'actor_label'])
      .where('action', '=', 'crises.link')
      .where(sql<SqlBool>`${report.id} = ANY(target_ids)`)
      .unionAll(
        t.database.db
          .selectFrom('audit_log')
          .select(['actor_user_id', 'actor_org_id', 'actor_label'])
          .where('action', '=', 'crises.link')
          .where(sql<SqlBool>`${report.id} = ANY(target_ids)`),
      )
      .execute();
    assert.equal(events.length, 1, 'the link is audited once');
    assert.deepEqual(
      [events[0]?.actor_user_id, events[0]?.actor_org_id],
      [null, relay],
      'under the report’s pseudonym',
    );
  });

  it('keeps a shared situation thread; situation statements are the coordinator’s', async () => {
    const crisis = await declare();
    const situation = await inject(coordinator, 'POST', `/crises/${crisis.id}/updates`, {
      kind: 'situation',
      text: '18時現在、首都圏の約200万戸が停電。',
    });
    assert.equal(situation.statusCode, 201, situation.body);
    t.clock.advance(MIN);
    const update = await inject(bankReporter, 'POST', `/crises/${crisis.id}/updates`, {
      text: 'ATM の半数が停止中。',
    });
    assert.equal(update.statusCode, 201, update.body);
    assert.equal(update.json<CrisisUpdate>().kind, 'update');
    assert.equal(update.json<CrisisUpdate>().author.organizationId, bankId);
    const denied = await inject(bankReporter, 'POST', `/crises/${crisis.id}/updates`, {
      kind: 'situation',
      text: '全体状況',
    });
    assert.equal(denied.statusCode, 403);
    assert.equal(
      (await inject(bankViewer, 'POST', `/crises/${crisis.id}/updates`, { text: 'x' })).statusCode,
      403,
    );

    const thread = await inject(ministry, 'GET', `/crises/${crisis.id}/updates?limit=1`);
    assert.equal(thread.statusCode, 200, thread.body);
    const first = thread.json<CrisisUpdatePage>();
    assert.deepEqual(
      first.items.map((u) => u.text),
      ['ATM の半数が停止中。'],
      'newest first',
    );
    assert.ok(first.next, 'a cursor to the next page');
    const second = (
      await inject(ministry, 'GET', `/crises/${crisis.id}/updates?limit=1&cursor=${first.next}`)
    ).json<CrisisUpdatePage>();
    assert.deepEqual(
      second.items.map((u) => [u.kind, u.author.organizationId]),
      [['situation', nco]],
    );
  });

  it('reminds the originator at the interval unless it sent an update, and stops when the crisis ends', async () => {
    const crisis = await declare();
    const report = await submitted(bankReporter);
    assert.equal((await link(coordinator, crisis, report)).statusCode, 201);
    await advance(59);
    assert.deepEqual(reminded(report), []);
    await advance(1);
    assert.deepEqual(reminded(report).sort(), ['desk@crisis-bank.test', 'reporter@crisis-bank.test']);
    const mail = smtp.received.find((m) =>
      (m.parsed.subject ?? '').includes(`Update requested ${report.number}`),
    );
    assert.ok(mail, 'a reminder mail');
    assert.equal(mail.parsed.subject, `[TLP:AMBER] [CIPX] 続報のお願い / Update requested ${report.number}`);
    assert.ok((mail.parsed.text ?? '').includes('首都圏広域停電'), 'names the GREEN crisis');
    assert.ok(!(mail.parsed.text ?? '').includes(FACTS.title), 'an AMBER report’s title stays in CIPX');

    // An update 30 minutes into the next interval moves the next reminder to an hour after it.
    await advance(30);
    const current = (await inject(bankReporter, 'GET', `/reports/${report.id}`)).json<ReportDetail>();
    const patched = await inject(bankReporter, 'PATCH', `/reports/${report.id}`, {
      description: `${FACTS.description} 一部の ATM が復旧。`,
      version: current.version,
    });
    assert.equal(patched.statusCode, 200, patched.body);
    await advance(30);
    assert.equal(reminded(report).length, 2, 'no reminder at 120 minutes: an update came in');
    await advance(29);
    assert.equal(reminded(report).length, 2);
    await advance(1);
    assert.equal(reminded(report).length, 4, 'reminded an hour after the update');

    const detail = (await inject(coordinator, 'GET', `/crises/${crisis.id}`)).json<CrisisDetail>();
    assert.equal(detail.reports[0]?.lastRemindedAt, t.clock.now().toISOString());

    const ended = await inject(coordinator, 'POST', `/crises/${crisis.id}/end`, { note: '全域で復旧。' });
    assert.equal(ended.statusCode, 200, ended.body);
    assert.equal(ended.json<CrisisDetail>().status, 'ended');
    await advance(600);
    assert.equal(reminded(report).length, 4, 'no reminder after the crisis ended');
    const banner = (await inject(bankViewer, 'GET', '/crises/active')).json<ActiveCrises>();
    assert.ok(!banner.items.some((c) => c.id === crisis.id), 'the banner drops an ended crisis');
    const late = await link(coordinator, crisis, await submitted(bankReporter));
    assert.equal(late.statusCode, 409);
    assert.equal(late.json<Problem>().code, 'CRISIS_ENDED');
    const post = await inject(coordinator, 'POST', `/crises/${crisis.id}/updates`, { text: '追記' });
    assert.equal(post.statusCode, 409);
    const thread = (await inject(bankViewer, 'GET', `/crises/${crisis.id}/updates`)).json<CrisisUpdatePage>();
    assert.equal(thread.items[0]?.text, '全域で復旧。', 'the closing note is the last situation statement');
  });

  it('re-times reminders when the coordinator shortens the interval; others may not change it', async () => {
    const crisis = await declare();
    const report = await submitted(bankReporter);
    assert.equal((await link(coordinator, crisis, report)).statusCode, 201);
    await advance(10);
    const denied = await inject(ministry, 'PATCH', `/crises/${crisis.id}`, { updateIntervalMinutes: 15 });
    assert.equal(denied.statusCode, 403);
    const changed = await inject(coordinator, 'PATCH', `/crises/${crisis.id}`, { updateIntervalMinutes: 15 });
    assert.equal(changed.statusCode, 200, changed.body);
    assert.equal(changed.json<CrisisDetail>().updateIntervalMinutes, 15);
    await drain();
    await advance(4);
    assert.deepEqual(reminded(report), [], 'the interval still counts from the link');
    await advance(1);
    assert.equal(reminded(report).length, 2, 'reminded 15 minutes after the link');
    await advance(15);
    assert.equal(reminded(report).length, 4, 'and every 15 minutes after');
    for (let i = 0; i < 3; i++) await advance(15);
    assert.equal(reminded(report).length, 10, 'the old hourly chain (due at 60) merged into the new one');
  });

  it('stops reminding about a report once it is resolved', async () => {
    const crisis = await declare();
    const report = await submitted(bankReporter);
    assert.equal((await link(coordinator, crisis, report)).statusCode, 201);
    for (const to of ['under_analysis', 'resolved'] as const) {
      const res = await inject(coordinator, 'POST', `/reports/${report.id}/status`, { status: to });
      assert.equal(res.statusCode, 200, res.body);
    }
    await advance(180);
    assert.deepEqual(reminded(report), []);
  });

  it('audits declarations, reads and ends', async () => {
    const crisis = await declare();
    await inject(ministry, 'GET', `/crises/${crisis.id}`);
    await inject(coordinator, 'POST', `/crises/${crisis.id}/end`);
    await t.modules.audit.service.flush();
    const actions = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'actor_org_id'])
      .where(sql<SqlBool>`${crisis.id} = ANY(target_ids)`)
      .orderBy('seq')
      .execute();
    assert.deepEqual(
      actions.map((a) => [a.action, a.actor_org_id]),
      [
        ['crises.declare', nco],
        ['crises.read', fsa],
        ['crises.end', nco],
      ],
    );
  });
});
