import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { CreateReportBody, Problem, ReportDetail, ReportPage, Timeline } from '@cipx/contracts';
import { buildTestApp, type TestApp } from '../../../test/app.js';
import {
  createTestOrganization,
  signInAs,
  tokenFor,
  type SignedIn,
  type WithToken,
} from '../../../test/auth.js';
import { startTestSmtp, type TestSmtp } from '../../../test/smtp.js';
import { drainJobs } from '../../platform/jobs/outbox.js';
import { orgIdForSlug, seedReference } from '../reference/index.js';

// The reporting flow over HTTP against a real database: drafts, submit, routes, inboxes,
// the access policy's denials, idempotent creation, search, timeline, export and mail.

const FACTS = {
  kind: 'outage',
  title: '勘定系システムの停止',
  description: '09:00 から勘定系システムが停止し、ATM と窓口が利用できない。',
  cause: 'system_failure',
  systems: ['it'],
  occurredAt: '2026-03-31T23:30:00Z',
  detectedAt: '2026-03-31T23:40:00Z',
  serviceImpact: 'full_outage',
  affectedPrefectures: ['13', '14'],
  affectedUsersEstimate: 120000,
} satisfies CreateReportBody;

describe('reports routes (http)', () => {
  let t: TestApp;
  let smtp: TestSmtp;
  const ids = { nco: orgIdForSlug('nco'), fsa: orgIdForSlug('fsa'), mlit: orgIdForSlug('mlit') } as Record<
    string,
    string
  >;
  let bankReporter: SignedIn;
  let bankReporterEn: SignedIn;
  let bankViewer: SignedIn;
  let otherBank: SignedIn;
  let fsaAnalyst: SignedIn;
  let mlitAnalyst: SignedIn;
  let ncoAnalyst: SignedIn;
  let ncoAnalyst2: SignedIn;
  let bankToken: WithToken;
  let readOnlyToken: WithToken;

  const inject = (
    who: { headers: Record<string, string> } | null,
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) =>
    t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { ...(who?.headers ?? {}), ...headers },
      ...(body !== undefined ? { payload: body as Record<string, unknown> } : {}),
    });

  async function create(
    who: { headers: Record<string, string> },
    body: CreateReportBody = FACTS,
  ): Promise<ReportDetail> {
    // Reports are filed a minute apart, so "newest first" has one answer on both databases.
    t.clock.advance(60_000);
    const res = await inject(who, 'POST', '/reports', body);
    assert.equal(res.statusCode, 201, res.body);
    return res.json<ReportDetail>();
  }

  async function submitted(
    who: { headers: Record<string, string> },
    body: CreateReportBody = FACTS,
  ): Promise<ReportDetail> {
    const draft = await create(who, body);
    const res = await inject(who, 'POST', `/reports/${draft.id}/submit`);
    assert.equal(res.statusCode, 200, res.body);
    return res.json<ReportDetail>();
  }

  const canRead = async (who: { headers: Record<string, string> }, id: string) =>
    (await inject(who, 'GET', `/reports/${id}`)).statusCode === 200;

  before(async () => {
    smtp = await startTestSmtp();
    t = await buildTestApp({ env: { CIPX_SMTP_URL: smtp.url } });
    const db = t.database.db;
    await seedReference(db);
    ids['bank'] = await createTestOrganization(db, {
      slug: 'rp-bank',
      kind: 'operator',
      sectorCode: 'finance',
    });
    ids['bank2'] = await createTestOrganization(db, {
      slug: 'rp-bank-2',
      kind: 'operator',
      sectorCode: 'finance',
    });
    await db
      .insertInto('contacts')
      .values([
        {
          id: randomUUID(),
          organization_id: ids['fsa'] as string,
          role: 'primary',
          name_ja: '金融庁 担当',
          name_en: 'FSA desk',
          email: 'desk@fsa.test',
        },
        {
          id: randomUUID(),
          organization_id: ids['fsa'] as string,
          role: 'duty_24x7',
          name_ja: '金融庁 当直',
          name_en: 'FSA duty',
          email: 'duty@fsa.test',
        },
        {
          id: randomUUID(),
          organization_id: ids['nco'] as string,
          role: 'primary',
          name_ja: 'NCO 担当',
          name_en: 'NCO desk',
          email: 'desk@nco.test',
        },
      ])
      .execute();
    bankReporter = await signInAs(t, { organizationSlug: 'rp-bank', role: 'reporter', locale: 'ja' });
    bankReporterEn = await signInAs(t, { organizationSlug: 'rp-bank', role: 'reporter', locale: 'en' });
    bankViewer = await signInAs(t, { organizationSlug: 'rp-bank', role: 'viewer' });
    otherBank = await signInAs(t, { organizationSlug: 'rp-bank-2', role: 'admin' });
    fsaAnalyst = await signInAs(t, { organizationSlug: 'fsa', role: 'analyst' });
    mlitAnalyst = await signInAs(t, { organizationSlug: 'mlit', role: 'admin' });
    ncoAnalyst = await signInAs(t, { organizationSlug: 'nco', role: 'analyst' });
    ncoAnalyst2 = await signInAs(t, { organizationSlug: 'nco', role: 'analyst' });
    bankToken = await tokenFor(t, {
      organizationSlug: 'rp-bank',
      role: 'reporter',
      scopes: ['reports:read', 'reports:write'],
    });
    readOnlyToken = await tokenFor(t, {
      organizationSlug: 'rp-bank',
      role: 'reporter',
      scopes: ['reports:read'],
    });
  });
  after(async () => {
    await t.close();
    await smtp.close();
  });

  it('requires sign-in, and a reporter role and reports:write to create', async () => {
    assert.equal((await inject(null, 'GET', '/reports')).statusCode, 401);
    assert.equal((await inject(null, 'POST', '/reports', FACTS)).statusCode, 401);
    assert.equal((await inject(bankViewer, 'POST', '/reports', FACTS)).statusCode, 403);
    assert.equal((await inject(readOnlyToken, 'POST', '/reports', FACTS)).statusCode, 403);
    const byToken = await inject(bankToken, 'POST', '/reports', FACTS);
    assert.equal(byToken.statusCode, 201, byToken.body);
  });

  it('routes a normal report to the ministry’s inbox and on to the coordinator, and mails the ministry (AMBER: no text)', async () => {
    const report = await submitted(bankReporter);
    assert.equal(report.status, 'submitted');
    assert.match(report.number, /^R-2026-\d{6}$/);
    assert.deepEqual(
      report.hops.map((h) => [h.fromOrgId, h.toOrgId, h.status]),
      [
        [ids['bank'], ids['fsa'], 'forwarded'],
        [ids['fsa'], ids['nco'], 'forwarded'],
      ],
    );
    const inbox = await inject(fsaAnalyst, 'GET', '/reports/inbox');
    assert.ok(
      inbox.json<ReportPage>().items.some((r) => r.id === report.id),
      'in the ministry’s inbox',
    );
    assert.ok(await canRead(ncoAnalyst, report.id), 'the coordinator sees it');
    const ownInbox = await inject(bankReporter, 'GET', '/reports/inbox');
    assert.ok(
      !ownInbox.json<ReportPage>().items.some((r) => r.id === report.id),
      'not in the originator’s own inbox',
    );

    await drainJobs({ db: t.database.db, handlers: t.modules.jobs, clock: t.clock, workerId: 'test' });
    const mail = await smtp.waitFor(
      (m) => m.envelopeTo.includes('desk@fsa.test') && (m.parsed.subject ?? '').includes(report.number),
    );
    assert.equal(mail.parsed.subject, `[TLP:AMBER] [CIPX] 新しい報告 / New report ${report.number}`);
    const body = mail.parsed.text ?? '';
    assert.ok(body.includes(`http://cipx.test/reports/${report.id}`), 'links to the report');
    assert.ok(
      !body.includes('ATM') && !body.includes(FACTS.title),
      'an AMBER notice carries no title or description',
    );
    await smtp.waitFor(
      (m) => m.envelopeTo.includes('desk@nco.test') && (m.parsed.subject ?? '').includes(report.number),
    );
  });

  it('wakes the 24/7 duty contact first for a severe report, and filters the list by severity', async () => {
    const report = await submitted(bankReporter, { ...FACTS, title: '重大障害' });
    await t.database.db
      .updateTable('reports')
      .set({ severity_overall: 3, severity_basis: 'provisional' })
      .where('id', '=', report.id)
      .execute();
    await drainJobs({ db: t.database.db, handlers: t.modules.jobs, clock: t.clock, workerId: 'test' });
    await smtp.waitFor(
      (m) => m.envelopeTo.includes('desk@fsa.test') && (m.parsed.subject ?? '').includes(report.number),
    );
    const order = smtp.received
      .filter(
        (m) =>
          (m.parsed.subject ?? '').includes(report.number) &&
          m.envelopeTo.some((a) => a.endsWith('@fsa.test')),
      )
      .map((m) => m.envelopeTo[0]);
    assert.deepEqual(order, ['duty@fsa.test', 'desk@fsa.test']);

    const severe = await inject(ncoAnalyst, 'GET', '/reports?severity=3');
    assert.deepEqual(
      severe.json<ReportPage>().items.map((r) => [r.id, r.severityOverall]),
      [[report.id, 3]],
    );
  });

  it('hides a report from another operator, another sector’s ministry and anonymous callers (404/401)', async () => {
    const report = await submitted(bankReporter);
    for (const who of [otherBank, mlitAnalyst]) {
      const res = await inject(who, 'GET', `/reports/${report.id}`);
      assert.equal(res.statusCode, 404);
      assert.equal(res.json<Problem>().code, 'REPORT_NOT_FOUND');
      assert.equal((await inject(who, 'GET', `/reports/${report.id}/timeline`)).statusCode, 404);
      const list = await inject(who, 'GET', '/reports?limit=200');
      assert.ok(!list.json<ReportPage>().items.some((r) => r.id === report.id), 'not listed');
      assert.equal((await inject(who, 'POST', `/reports/${report.id}/acknowledge`, {})).statusCode, 404);
    }
    const missing = await inject(otherBank, 'GET', `/reports/${randomUUID()}`);
    assert.equal(missing.statusCode, 404);
    assert.equal((await inject(null, 'GET', `/reports/${report.id}`)).statusCode, 401);
  });

  it('keeps a draft with its originator until it is submitted', async () => {
    const draft = await create(bankReporter);
    assert.ok(await canRead(bankViewer, draft.id), 'a colleague sees the draft');
    assert.ok(!(await canRead(fsaAnalyst, draft.id)), 'the ministry does not');
    assert.ok(!(await canRead(ncoAnalyst, draft.id)), 'the coordinator does not');
  });

  it('holds a report at a reviewing ministry: the coordinator sees it only after the ministry forwards', async () => {
    await t.modules.reports.service.setRoutingSetting(ids['fsa'] as string, 'reviewed', 30);
    try {
      const report = await submitted(bankReporter);
      assert.deepEqual(
        report.hops.map((h) => h.status),
        ['forwarded', 'pending'],
      );
      assert.equal(report.hops[1]?.dueAt, new Date(t.clock.now().getTime() + 30 * 60_000).toISOString());
      assert.ok(!(await canRead(ncoAnalyst, report.id)), 'the coordinator does not see it yet');
      const inbox = await inject(fsaAnalyst, 'GET', '/reports/inbox');
      assert.ok(
        inbox.json<ReportPage>().items.some((r) => r.id === report.id),
        'waiting in the ministry’s inbox',
      );
      assert.equal((await inject(ncoAnalyst, 'POST', `/reports/${report.id}/forward`, {})).statusCode, 404);
      assert.equal((await inject(bankReporter, 'POST', `/reports/${report.id}/forward`, {})).statusCode, 403);

      const forwarded = await inject(fsaAnalyst, 'POST', `/reports/${report.id}/forward`, {
        note: '確認済み',
      });
      assert.equal(forwarded.statusCode, 200, forwarded.body);
      assert.deepEqual(
        forwarded.json<ReportDetail>().hops.map((h) => h.status),
        ['forwarded', 'forwarded'],
      );
      assert.ok(await canRead(ncoAnalyst, report.id), 'the coordinator sees it after the forward');
      assert.equal((await inject(fsaAnalyst, 'POST', `/reports/${report.id}/forward`, {})).statusCode, 403);
    } finally {
      await t.modules.reports.service.setRoutingSetting(ids['fsa'] as string, 'automatic', 60);
    }
  });

  it('sends a hotline report to the coordinator with a copy to the ministry', async () => {
    const report = await submitted(bankReporter, { ...FACTS, route: 'hotline' });
    assert.deepEqual(
      report.hops.map((h) => [h.toOrgId, h.copy, h.status]),
      [
        [ids['nco'], false, 'forwarded'],
        [ids['fsa'], true, 'forwarded'],
      ],
    );
    assert.ok(await canRead(ncoAnalyst, report.id), 'coordinator');
    assert.ok(await canRead(fsaAnalyst, report.id), 'ministry copy');
    assert.ok(!(await canRead(mlitAnalyst, report.id)), 'not another ministry');
  });

  it('forwards a consent-route report from the receiving office to the coordinator only with consent', async () => {
    const npa = orgIdForSlug('npa');
    const held = await submitted(bankReporter, { ...FACTS, route: 'consent', consentOfficeOrgId: npa });
    assert.deepEqual(
      held.hops.map((h) => [h.toOrgId, h.status]),
      [
        [npa, 'forwarded'],
        [ids['nco'], 'held_for_consent'],
      ],
    );
    assert.ok(!(await canRead(ncoAnalyst, held.id)), 'without consent the coordinator does not see it');
    const consented = await submitted(bankReporter, {
      ...FACTS,
      route: 'consent',
      consentOfficeOrgId: npa,
      consentToForward: true,
    });
    assert.deepEqual(
      consented.hops.map((h) => h.status),
      ['forwarded', 'forwarded'],
    );
    assert.ok(await canRead(ncoAnalyst, consented.id), 'with consent it reaches the coordinator');
    const notAnOffice = await inject(bankReporter, 'POST', '/reports', {
      ...FACTS,
      route: 'consent',
      consentOfficeOrgId: ids['bank2'],
    });
    assert.equal(notAnOffice.statusCode, 400);
  });

  it('shows a TLP:RED report only to the named people', async () => {
    const refused = await inject(bankReporter, 'POST', '/reports', { ...FACTS, tlp: 'red' });
    assert.equal(refused.statusCode, 400);
    assert.deepEqual(
      refused.json<Problem>().errors?.map((e) => e.field),
      ['/namedRecipients'],
    );

    const report = await submitted(bankReporter, {
      ...FACTS,
      tlp: 'red',
      namedRecipients: [ncoAnalyst.userId],
    });
    assert.ok(await canRead(ncoAnalyst, report.id), 'the named person sees it');
    assert.ok(!(await canRead(ncoAnalyst2, report.id)), 'a colleague of the named person does not');
    assert.ok(!(await canRead(fsaAnalyst, report.id)), 'the ministry on the route does not');
    assert.ok(await canRead(bankViewer, report.id), 'the originator’s organization does');
    const inbox = await inject(fsaAnalyst, 'GET', '/reports/inbox');
    assert.ok(!inbox.json<ReportPage>().items.some((r) => r.id === report.id), 'not in the ministry inbox');
  });

  it('creates once per Idempotency-Key: a replay returns the first response, another body is 422', async () => {
    const key = `key-${randomUUID()}`;
    const first = await inject(bankReporter, 'POST', '/reports', FACTS, { 'idempotency-key': key });
    assert.equal(first.statusCode, 201, first.body);
    const replay = await inject(bankReporter, 'POST', '/reports', FACTS, { 'idempotency-key': key });
    assert.equal(replay.statusCode, 201);
    assert.equal(replay.headers['idempotent-replayed'], 'true');
    assert.deepEqual(replay.json(), first.json());
    const reused = await inject(
      bankReporter,
      'POST',
      '/reports',
      { ...FACTS, title: '別の報告' },
      { 'idempotency-key': key },
    );
    assert.equal(reused.statusCode, 422);
    assert.equal(reused.json<Problem>().code, 'IDEMPOTENCY_KEY_REUSED');
    // Keys are per caller: a colleague's same key is a new report.
    const colleague = await inject(bankReporterEn, 'POST', '/reports', FACTS, { 'idempotency-key': key });
    assert.equal(colleague.statusCode, 201);
    assert.notEqual(colleague.json<ReportDetail>().id, first.json<ReportDetail>().id);
    const count = await t.database.db
      .selectFrom('reports')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('id', '=', first.json<ReportDetail>().id)
      .executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 1);
  });

  it('keeps the draft when submit fails and names the missing fields in Japanese and English', async () => {
    for (const [who, message] of [
      [bankReporter, '入力してください'],
      [bankReporterEn, 'A value is required'],
    ] as const) {
      const draft = await create(who, { kind: 'outage', title: '途中まで', sectorCode: 'finance' });
      const res = await inject(who, 'POST', `/reports/${draft.id}/submit`);
      assert.equal(res.statusCode, 422);
      const problem = res.json<Problem>();
      assert.equal(problem.code, 'REPORT_INCOMPLETE');
      assert.deepEqual(
        problem.errors?.map((e) => e.field),
        ['/description', '/cause', '/detectedAt', '/systems', '/serviceImpact'],
      );
      assert.equal(problem.errors?.find((e) => e.field === '/cause')?.message, message);
      const kept = (await inject(who, 'GET', `/reports/${draft.id}`)).json<ReportDetail>();
      assert.equal(kept.status, 'draft');
      assert.equal(kept.title, '途中まで');
      assert.equal(kept.version, draft.version);
    }
  });

  it('refuses contradictory facts with field errors', async () => {
    const res = await inject(bankReporterEn, 'POST', '/reports', {
      ...FACTS,
      detectedAt: '2026-03-31T23:00:00Z',
      sectorCode: 'no-such-sector',
    });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(
      res.json<Problem>().errors?.map((e) => [e.field, e.code]),
      [
        ['/detectedAt', 'DETECTED_BEFORE_OCCURRED'],
        ['/sectorCode', 'UNKNOWN_SECTOR'],
      ],
    );
  });

  it('finds Japanese text with q=, only among visible reports', async () => {
    const report = await submitted(bankReporter, {
      ...FACTS,
      kind: 'outage',
      cause: 'cyberattack',
      title: 'ランサムウェア感染による業務停止',
      forms: { ransomware: { family: 'LockBit', fileExtension: '.lockbit' } },
    });
    for (const who of [bankReporter, ncoAnalyst]) {
      const res = await inject(who, 'GET', `/reports?q=${encodeURIComponent('ランサムウェア')}`);
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(
        res.json<ReportPage>().items.map((r) => r.id),
        [report.id],
      );
    }
    const byNumber = await inject(ncoAnalyst, 'GET', `/reports?q=${report.number}`);
    assert.deepEqual(
      byNumber.json<ReportPage>().items.map((r) => r.id),
      [report.id],
    );
    const outsider = await inject(otherBank, 'GET', `/reports?q=${encodeURIComponent('ランサムウェア')}`);
    assert.deepEqual(outsider.json<ReportPage>().items, []);
  });

  it('keeps every edit in the timeline and refuses a stale version', async () => {
    const report = await submitted(bankReporter);
    const etag = `"${report.version}"`;
    const first = await inject(
      bankReporter,
      'PATCH',
      `/reports/${report.id}`,
      { serviceImpact: 'partial_outage' },
      { 'if-match': etag },
    );
    assert.equal(first.statusCode, 200, first.body);
    const stale = await inject(
      bankReporter,
      'PATCH',
      `/reports/${report.id}`,
      { serviceImpact: 'degraded' },
      { 'if-match': etag },
    );
    assert.equal(stale.statusCode, 409);
    assert.equal(stale.json<Problem>().code, 'REPORT_VERSION_CONFLICT');
    const second = await inject(bankReporter, 'PATCH', `/reports/${report.id}`, {
      serviceImpact: 'degraded',
      version: first.json<ReportDetail>().version,
    });
    assert.equal(second.statusCode, 200, second.body);
    const routingChange = await inject(bankReporter, 'PATCH', `/reports/${report.id}`, {
      tlp: 'green',
      version: second.json<ReportDetail>().version,
    });
    assert.equal(routingChange.statusCode, 400, 'routing cannot change after submit');

    const timeline = (await inject(ncoAnalyst, 'GET', `/reports/${report.id}/timeline`)).json<Timeline>();
    assert.deepEqual(
      timeline.items.map((e) => e.kind),
      ['created', 'submitted', 'forwarded', 'forwarded', 'facts_updated', 'facts_updated'],
    );
    const updates = timeline.items.filter((e) => e.kind === 'facts_updated').map((e) => e.detail['changes']);
    assert.deepEqual(updates, [
      { serviceImpact: { before: 'full_outage', after: 'partial_outage' } },
      { serviceImpact: { before: 'partial_outage', after: 'degraded' } },
    ]);
    assert.deepEqual(
      timeline.items.map((e) => e.seq),
      [1, 2, 3, 4, 5, 6],
    );
    assert.equal(
      (await inject(fsaAnalyst, 'PATCH', `/reports/${report.id}`, { title: 'x', version: 9 })).statusCode,
      403,
    );
  });

  it('lets recipients acknowledge once and the coordinator close a resolved report', async () => {
    const report = await submitted(bankReporter);
    assert.equal(
      (await inject(bankReporter, 'POST', `/reports/${report.id}/acknowledge`, {})).statusCode,
      403,
    );
    const ack = await inject(fsaAnalyst, 'POST', `/reports/${report.id}/acknowledge`, {});
    assert.equal(ack.statusCode, 200, ack.body);
    assert.equal(ack.json<ReportDetail>().status, 'acknowledged');
    assert.ok(
      ack.json<ReportDetail>().hops[0]?.acknowledgedAt !== null,
      'the hop records the acknowledgement',
    );
    assert.equal((await inject(fsaAnalyst, 'POST', `/reports/${report.id}/acknowledge`, {})).statusCode, 409);
    // A body is optional: the coordinator acknowledges with none.
    assert.equal((await inject(ncoAnalyst, 'POST', `/reports/${report.id}/acknowledge`)).statusCode, 200);

    const status = (who: SignedIn, to: string) =>
      inject(who, 'POST', `/reports/${report.id}/status`, { status: to });
    assert.equal((await status(bankReporter, 'under_analysis')).statusCode, 403);
    assert.equal((await status(fsaAnalyst, 'under_analysis')).statusCode, 200);
    assert.equal((await status(fsaAnalyst, 'resolved')).statusCode, 200);
    assert.equal((await status(fsaAnalyst, 'closed')).statusCode, 403);
    const closed = await status(ncoAnalyst, 'closed');
    assert.equal(closed.statusCode, 200);
    assert.equal(closed.json<ReportDetail>().status, 'closed');
    const again = await status(ncoAnalyst, 'under_analysis');
    assert.equal(again.statusCode, 409);
    assert.equal(again.json<Problem>().code, 'REPORT_TRANSITION_NOT_ALLOWED');
  });

  it('exports visible reports as CSV with a BOM and formula-guarded cells, and audits the export', async () => {
    const report = await submitted(bankReporter, { ...FACTS, title: '=HYPERLINK("http://evil.test")' });
    const draft = await create(bankReporter, { kind: 'sign', title: '下書きの予兆' });
    const res = await inject(ncoAnalyst, 'GET', '/reports/export.csv');
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/csv; charset=utf-8/);
    const raw = res.rawPayload;
    assert.deepEqual([...raw.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
    const text = raw.subarray(3).toString('utf8');
    assert.ok(text.startsWith('number,kind,status'), 'header row');
    assert.ok(text.includes(report.number), 'a visible report is exported');
    assert.ok(text.includes(`"'=HYPERLINK(""http://evil.test"")"`), 'formula guarded');
    assert.ok(!text.includes(draft.number), 'another organization’s draft is not');
    const outsider = (await inject(otherBank, 'GET', '/reports/export.csv')).rawPayload
      .subarray(3)
      .toString('utf8');
    assert.ok(!outsider.includes(report.number), 'invisible to another operator');

    await t.modules.audit.service.flush();
    const events = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'target_ids', 'actor_user_id'])
      .where('action', '=', 'reports.export')
      .where('actor_user_id', '=', ncoAnalyst.userId)
      .execute();
    assert.ok(
      events.some((e) => e.target_ids.includes(report.id)),
      'the export lists the report ids',
    );
  });

  it('audits each read with the ids it returned', async () => {
    const report = await submitted(bankReporter);
    await inject(ncoAnalyst2, 'GET', `/reports/${report.id}`);
    await inject(ncoAnalyst2, 'GET', `/reports?limit=5`);
    await t.modules.audit.service.flush();
    const events = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'target_ids'])
      .where('actor_user_id', '=', ncoAnalyst2.userId)
      .orderBy('seq')
      .execute();
    assert.deepEqual(
      events.map((e) => e.action),
      ['reports.read', 'reports.list'],
    );
    assert.deepEqual(events[0]?.target_ids, [report.id]);
    assert.ok(events[1]?.target_ids.includes(report.id), 'the list event names the listed report');
  });

  it('pages the list with a cursor', async () => {
    const seen = new Set<string>();
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await inject(bankReporter, 'GET', `/reports?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(res.statusCode, 200, res.body);
      const page = res.json<ReportPage>();
      for (const r of page.items) {
        assert.ok(!seen.has(r.id), 'no report twice');
        seen.add(r.id);
      }
      cursor = page.next;
      pages++;
    } while (cursor && pages < 50);
    const all = (await inject(bankReporter, 'GET', '/reports?limit=200')).json<ReportPage>().items;
    assert.equal(seen.size, all.length);
    assert.ok(pages > 1, 'more than one page');
  });
});
