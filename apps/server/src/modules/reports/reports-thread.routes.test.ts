import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type {
  CreateReportBody,
  DeadlineRegimeList,
  FollowUp,
  FollowUpList,
  Problem,
  ReportDeadlineList,
  ReportDetail,
  StageReportResult,
  Timeline,
  TimelineEntry,
} from '@cipx/contracts';
import { buildTestApp, type TestApp } from '../../../test/app.js';
import { createTestOrganization, signInAs, type SignedIn } from '../../../test/auth.js';
import { startTestSmtp, type TestSmtp } from '../../../test/smtp.js';
import { drainJobs } from '../../platform/jobs/outbox.js';
import { orgIdForSlug, seedReference } from '../reference/index.js';

// Follow-up questions and answers on the normal route, comments and stage reports, over HTTP
// against a real database and SMTP server; the anonymized route is in reports.anonymity.test.ts.

const FACTS = {
  kind: 'outage',
  title: '決済システムの遅延',
  description: '08:00 から決済処理が遅延している。',
  cause: 'system_failure',
  systems: ['it'],
  occurredAt: '2026-03-31T22:00:00Z',
  detectedAt: '2026-03-31T23:00:00Z',
  serviceImpact: 'degraded',
} satisfies CreateReportBody;

describe('follow-ups, comments and stage reports (http)', () => {
  let t: TestApp;
  let smtp: TestSmtp;
  const fsa = orgIdForSlug('fsa');
  let bankId: string;
  let reporter: SignedIn;
  let bankViewer: SignedIn;
  let otherBank: SignedIn;
  let fsaAnalyst: SignedIn;
  let ncoAnalyst: SignedIn;
  let ncoViewer: SignedIn;
  let report: ReportDetail;
  let green: ReportDetail;
  let question: FollowUp;

  const inject = (who: SignedIn | null, method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown) =>
    t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: who?.headers ?? {},
      ...(body !== undefined ? { payload: body as Record<string, unknown> } : {}),
    });

  async function submitted(body: CreateReportBody): Promise<ReportDetail> {
    t.clock.advance(60_000);
    const created = await inject(reporter, 'POST', '/reports', body);
    assert.equal(created.statusCode, 201, created.body);
    const res = await inject(reporter, 'POST', `/reports/${created.json<ReportDetail>().id}/submit`);
    assert.equal(res.statusCode, 200, res.body);
    return res.json<ReportDetail>();
  }

  const drain = () =>
    drainJobs({ db: t.database.db, handlers: t.modules.jobs, clock: t.clock, workerId: 'test' });

  before(async () => {
    smtp = await startTestSmtp();
    t = await buildTestApp({ env: { CIPX_SMTP_URL: smtp.url } });
    const db = t.database.db;
    await seedReference(db);
    bankId = await createTestOrganization(db, { slug: 'th-bank', kind: 'operator', sectorCode: 'finance' });
    await createTestOrganization(db, { slug: 'th-bank-2', kind: 'operator', sectorCode: 'finance' });
    await db
      .insertInto('contacts')
      .values(
        [
          { organization_id: bankId, email: 'desk@th-bank.test' },
          { organization_id: fsa, email: 'desk@fsa.test' },
        ].map((c) => ({ id: randomUUID(), role: 'primary', name_ja: '担当', name_en: 'Desk', ...c })),
      )
      .execute();
    reporter = await signInAs(t, { organizationSlug: 'th-bank', role: 'reporter' });
    bankViewer = await signInAs(t, { organizationSlug: 'th-bank', role: 'viewer' });
    otherBank = await signInAs(t, { organizationSlug: 'th-bank-2', role: 'admin' });
    fsaAnalyst = await signInAs(t, { organizationSlug: 'fsa', role: 'analyst' });
    ncoAnalyst = await signInAs(t, { organizationSlug: 'nco', role: 'analyst' });
    ncoViewer = await signInAs(t, { organizationSlug: 'nco', role: 'viewer' });
    report = await submitted(FACTS);
    green = await submitted({ ...FACTS, tlp: 'green', title: '公開可能な遅延情報' });
    await drain();
  });
  after(async () => {
    await t.close();
    await smtp.close();
  });

  it('lets a ministry analyst ask the originator directly and mails the originator without the text (AMBER)', async () => {
    const res = await inject(fsaAnalyst, 'POST', `/reports/${report.id}/follow-ups`, {
      question: '影響を受けた決済件数を教えてください。',
    });
    assert.equal(res.statusCode, 201, res.body);
    question = res.json<FollowUp>();
    assert.equal(question.viaRelay, false);
    assert.equal(question.addressedToOrgId, bankId);
    assert.deepEqual(question.askedBy, { userId: fsaAnalyst.userId, organizationId: fsa, label: null });
    assert.equal(question.answer, null);

    await drain();
    const mail = await smtp.waitFor(
      (m) => m.envelopeTo.includes('desk@th-bank.test') && (m.parsed.subject ?? '').includes('追加質問'),
    );
    assert.equal(
      mail.parsed.subject,
      `[TLP:AMBER] [CIPX] 追加質問 / Follow-up question ${report.number}`,
      'the subject starts with the TLP',
    );
    const body = mail.parsed.text ?? '';
    assert.ok(!body.includes('決済件数'), 'an AMBER notice carries no question text');
    assert.ok(body.includes(`http://cipx.test/reports/${report.id}`), 'links to the report');
  });

  it('refuses questions from the originator, viewers and organizations that cannot see the report', async () => {
    const body = { question: 'もう一度教えてください。' };
    assert.equal((await inject(reporter, 'POST', `/reports/${report.id}/follow-ups`, body)).statusCode, 403);
    assert.equal((await inject(ncoViewer, 'POST', `/reports/${report.id}/follow-ups`, body)).statusCode, 403);
    assert.equal((await inject(otherBank, 'POST', `/reports/${report.id}/follow-ups`, body)).statusCode, 404);
    assert.equal((await inject(null, 'POST', `/reports/${report.id}/follow-ups`, body)).statusCode, 401);
    const empty = await inject(fsaAnalyst, 'POST', `/reports/${report.id}/follow-ups`, { question: '' });
    assert.equal(empty.statusCode, 400);
  });

  it('takes one answer from the originator and mails it to the asking ministry', async () => {
    const url = `/reports/${report.id}/follow-ups/${question.id}/answer`;
    assert.equal((await inject(fsaAnalyst, 'POST', url, { answer: 'x' })).statusCode, 403, 'not the asker');
    assert.equal(
      (await inject(otherBank, 'POST', url, { answer: 'x' })).statusCode,
      404,
      'not another operator',
    );
    assert.equal((await inject(bankViewer, 'POST', url, { answer: 'x' })).statusCode, 403, 'not a viewer');
    const unknown = await inject(
      reporter,
      'POST',
      `/reports/${report.id}/follow-ups/${randomUUID()}/answer`,
      {
        answer: 'x',
      },
    );
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json<Problem>().code, 'FOLLOW_UP_NOT_FOUND');

    const res = await inject(reporter, 'POST', url, { answer: '約1,200件です。' });
    assert.equal(res.statusCode, 200, res.body);
    const answered = res.json<FollowUp>();
    assert.equal(answered.answer?.text, '約1,200件です。');
    assert.deepEqual(answered.answer?.by, { userId: reporter.userId, organizationId: bankId, label: null });
    const again = await inject(reporter, 'POST', url, { answer: '訂正します。' });
    assert.equal(again.statusCode, 409, 'a question is answered once');

    await drain();
    const mail = await smtp.waitFor(
      (m) => m.envelopeTo.includes('desk@fsa.test') && (m.parsed.subject ?? '').includes('回答'),
    );
    assert.ok((mail.parsed.text ?? '').includes(report.number), 'names the report');
    assert.ok(!(mail.parsed.text ?? '').includes('1,200'), 'an AMBER notice carries no answer text');
  });

  it('lists the questions and answers to every party that sees the report, and to no one else', async () => {
    const list = await inject(ncoAnalyst, 'GET', `/reports/${report.id}/follow-ups`);
    assert.equal(list.statusCode, 200, list.body);
    const items = list.json<FollowUpList>().items;
    assert.deepEqual(
      items.map((f) => [f.question, f.answer?.text ?? null]),
      [['影響を受けた決済件数を教えてください。', '約1,200件です。']],
    );
    assert.equal((await inject(otherBank, 'GET', `/reports/${report.id}/follow-ups`)).statusCode, 404);
    const timeline = await inject(reporter, 'GET', `/reports/${report.id}/timeline`);
    assert.deepEqual(
      timeline
        .json<Timeline>()
        .items.filter((e) => e.kind.startsWith('follow_up'))
        .map((e) => e.kind),
      ['follow_up_question', 'follow_up_answer'],
      'each question and answer is a timeline entry',
    );
  });

  it('carries the question text in the mail of a TLP:GREEN report', async () => {
    const res = await inject(ncoAnalyst, 'POST', `/reports/${green.id}/follow-ups`, {
      question: '復旧見込みはいつですか。',
    });
    assert.equal(res.statusCode, 201, res.body);
    await drain();
    const mail = await smtp.waitFor(
      (m) => m.envelopeTo.includes('desk@th-bank.test') && (m.parsed.subject ?? '').includes(green.number),
    );
    assert.match(mail.parsed.subject ?? '', /^\[TLP:GREEN\]/);
    assert.ok(
      (mail.parsed.text ?? '').includes('復旧見込みはいつですか。'),
      'GREEN: the text is in the mail',
    );
  });

  it('takes comments from the originator and recipients’ analysts, kept in the timeline', async () => {
    const mine = await inject(reporter, 'POST', `/reports/${report.id}/comments`, {
      text: '続報を準備中です。',
    });
    assert.equal(mine.statusCode, 201, mine.body);
    const entry = mine.json<TimelineEntry>();
    assert.equal(entry.kind, 'comment');
    assert.deepEqual(entry.detail, { text: '続報を準備中です。' });
    assert.equal(entry.actor.userId, reporter.userId);
    const theirs = await inject(ncoAnalyst, 'POST', `/reports/${report.id}/comments`, {
      text: '承知しました。',
    });
    assert.equal(theirs.statusCode, 201, theirs.body);

    assert.equal(
      (await inject(otherBank, 'POST', `/reports/${report.id}/comments`, { text: 'x' })).statusCode,
      404,
    );
    assert.equal(
      (await inject(ncoViewer, 'POST', `/reports/${report.id}/comments`, { text: 'x' })).statusCode,
      403,
    );
    assert.equal(
      (await inject(bankViewer, 'POST', `/reports/${report.id}/comments`, { text: 'x' })).statusCode,
      403,
    );
    const timeline = (await inject(fsaAnalyst, 'GET', `/reports/${report.id}/timeline`)).json<Timeline>();
    assert.deepEqual(
      timeline.items.filter((e) => e.kind === 'comment').map((e) => e.detail['text']),
      ['続報を準備中です。', '承知しました。'],
    );
  });

  it('meets a deadline stage with a stage report, and moves the clocks when the detection time is corrected', async () => {
    const regimes = (await inject(reporter, 'GET', '/deadline-regimes')).json<DeadlineRegimeList>().items;
    const nis2 = regimes.find((r) => r.code === 'nis2-style');
    assert.ok(nis2, 'the NIS2-style regime ships');
    const applied = await inject(reporter, 'POST', `/reports/${report.id}/deadlines`, { regimeId: nis2.id });
    assert.equal(applied.statusCode, 201, applied.body);

    const res = await inject(reporter, 'POST', `/reports/${report.id}/stage-reports`, {
      stage: 'early_warning',
      text: '早期警報: 決済遅延が継続中。',
    });
    assert.equal(res.statusCode, 201, res.body);
    const result = res.json<StageReportResult>();
    assert.equal(result.deadlinesMet, 1);
    assert.equal(result.entry.kind, 'stage_report');
    assert.equal(result.entry.stage, 'early_warning');

    const deadlines = async () =>
      (await inject(reporter, 'GET', `/reports/${report.id}/deadlines`)).json<ReportDeadlineList>().items;
    const early = (await deadlines()).find((d) => d.stageCode === 'early_warning');
    assert.equal(early?.metByTimelineEntry, result.entry.id);
    assert.ok(early?.metAt !== null, 'the early warning is met');

    assert.equal(
      (
        await inject(fsaAnalyst, 'POST', `/reports/${report.id}/stage-reports`, {
          stage: 'notification',
          text: 'x',
        })
      ).statusCode,
      403,
      'only the originator files stage reports',
    );
    assert.equal(
      (await inject(reporter, 'POST', `/reports/${report.id}/stage-reports`, { stage: 'weekly', text: 'x' }))
        .statusCode,
      400,
      'an unknown stage is refused',
    );

    const before = (await deadlines()).find((d) => d.stageCode === 'notification');
    const current = (await inject(reporter, 'GET', `/reports/${report.id}`)).json<ReportDetail>();
    const corrected = await inject(reporter, 'PATCH', `/reports/${report.id}`, {
      detectedAt: '2026-03-31T23:30:00Z',
      version: current.version,
    });
    assert.equal(corrected.statusCode, 200, corrected.body);
    const stored = await t.database.db
      .selectFrom('report_deadlines')
      .select(['stage_code', 'due_at'])
      .where('report_id', '=', report.id)
      .where('stage_code', '=', 'notification')
      .executeTakeFirstOrThrow();
    assert.equal(
      stored.due_at?.toISOString(),
      new Date(Date.parse('2026-03-31T23:30:00Z') + 72 * 3_600_000).toISOString(),
      'the notification is due 72 h after the corrected detection, recomputed in the edit',
    );
    assert.notEqual(before?.dueAt, stored.due_at?.toISOString());
  });
});
