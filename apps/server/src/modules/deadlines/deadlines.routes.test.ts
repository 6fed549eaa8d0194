import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type {
  ContactRole,
  DeadlineRegime,
  DeadlineRegimeList,
  Problem,
  ReportDeadlineList,
} from '@cipx/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/tables.js';
import { drainJobs } from '../../platform/jobs/outbox.js';
import { createMailer, type Mailer } from '../../platform/mail/mailer.js';
import { FakeClock } from '../../shared/clock.js';
import { buildTestApp, type TestApp } from '../../../test/app.js';
import { signInAs, type SignedIn } from '../../../test/auth.js';
import { createDirectoryFixture, type Fixture } from '../../../test/directory-fixtures.js';
import { startTestSmtp, type TestSmtp } from '../../../test/smtp.js';

const T0 = new Date('2026-04-01T00:00:00Z');
const H = 3_600_000;
const at = (hours: number) => new Date(T0.getTime() + hours * H);

let counter = 0;
/** A submitted report written straight into the table: these tests exercise the deadline engine, not filing. */
async function insertReport(db: Kysely<Database>, originator: string, audience: unknown[], detectedAt: Date) {
  const id = randomUUID();
  const number = `R-2026-8${String(++counter).padStart(5, '0')}`;
  await db
    .insertInto('reports')
    .values({
      id,
      number,
      kind: 'outage',
      edition_id: 'fx-current',
      title: '制御系の障害',
      language: 'ja',
      detected_at: detectedAt,
      status: 'submitted',
      tlp: 'amber',
      originator_org_id: originator,
      audience: JSON.stringify(audience),
      created_at: detectedAt,
      updated_at: detectedAt,
      submitted_at: detectedAt,
    })
    .execute();
  return { id, number };
}

/** A timeline entry as the reports module writes one when a stage report is filed. */
async function insertStageEntry(
  db: Kysely<Database>,
  reportId: string,
  stage: 'notification' | 'final',
  when: Date,
) {
  const last = await db
    .selectFrom('report_timeline')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('report_id', '=', reportId)
    .executeTakeFirst();
  const id = randomUUID();
  await db
    .insertInto('report_timeline')
    .values({
      id,
      report_id: reportId,
      seq: Number(last?.seq ?? 0) + 1,
      at: when,
      kind: 'stage_report',
      actor_user_id: null,
      actor_org_id: null,
      actor_label: null,
      by_originator: true,
      detail: '{}',
      stage,
    })
    .execute();
  return id;
}

describe('deadlines (db, http, jobs)', () => {
  let t: TestApp;
  let smtp: TestSmtp;
  let mailer: Mailer;
  let fx: Fixture;
  let reporter: SignedIn;
  let bank2: SignedIn;
  let ministry: SignedIn;
  let coordinator: SignedIn;
  let coordinatorAdmin: SignedIn;
  let regimes: DeadlineRegime[];

  const id = (slug: string) => fx.ids[slug] as string;
  const regime = (code: string) => {
    const found = regimes.find((r) => r.code === code);
    if (!found) throw new Error(code);
    return found;
  };
  const audience = () => [
    { kind: 'organization', organizationId: id('fx-nco') },
    { kind: 'organization', organizationId: id('fx-fsa') },
  ];
  const drain = () =>
    drainJobs({ db: t.database.db, handlers: t.modules.deadlines.jobs, clock: t.clock, workerId: 'test' });
  const mailsAbout = (number: string) =>
    smtp.received.filter((m) => (m.parsed.subject ?? '').includes(number));
  // Sessions expire as the fake clock moves days ahead: sign in again at the current time.
  const freshReporter = () => signInAs(t, { organizationSlug: 'fx-bank-1', role: 'reporter', locale: 'ja' });
  const list = async (reportId: string, given?: SignedIn) => {
    const who = given ?? (await freshReporter());
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/reports/${reportId}/deadlines`,
      headers: who.headers,
    });
    assert.equal(res.statusCode, 200, res.body);
    return res.json<ReportDeadlineList>();
  };
  const apply = (reportId: string, regimeId: string, who: SignedIn = reporter) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/reports/${reportId}/deadlines`,
      headers: who.headers,
      payload: { regimeId },
    });

  before(async () => {
    smtp = await startTestSmtp();
    mailer = createMailer({ from: 'cipx@test.cipx.jp', smtpUrl: smtp.url, mailDir: '/tmp/cipx-test-mail' });
    t = await buildTestApp({ mailer, clock: new FakeClock(T0) });
    fx = await createDirectoryFixture(t.database.db);
    const extra: [ContactRole, string][] = [
      ['backup', 'backup@bank1.example.jp'],
      ['duty_24x7', 'soc@bank1.example.jp'],
    ];
    for (const [role, email] of extra) {
      await t.database.db
        .insertInto('contacts')
        .values({
          id: randomUUID(),
          organization_id: id('fx-bank-1'),
          role,
          name_ja: role,
          name_en: role,
          email,
          phone: null,
          mobile: null,
          fax: null,
          user_id: null,
        })
        .execute();
    }
    reporter = await signInAs(t, { organizationSlug: 'fx-bank-1', role: 'reporter', locale: 'ja' });
    bank2 = await signInAs(t, { organizationSlug: 'fx-bank-2', role: 'admin' });
    ministry = await signInAs(t, { organizationSlug: 'fx-fsa', role: 'admin' });
    coordinator = await signInAs(t, { organizationSlug: 'fx-nco', role: 'analyst' });
    coordinatorAdmin = await signInAs(t, { organizationSlug: 'fx-nco', role: 'admin' });
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/deadline-regimes',
      headers: reporter.headers,
    });
    assert.equal(res.statusCode, 200, res.body);
    regimes = res.json<DeadlineRegimeList>().items;
  });
  after(async () => {
    await t.close();
    mailer.close();
    await smtp.close();
  });

  it('ships the NIS2-style, CIRCIA and Singapore regimes with their sources', () => {
    assert.deepEqual(
      regimes.map((r) => [r.code, r.version, r.stages.map((s) => s.code)]),
      [
        ['nis2-style', 1, ['early_warning', 'notification', 'final']],
        ['sg-cii', 1, ['notification', 'final']],
        ['us-circia', 1, ['notification', 'ransom_payment']],
      ],
    );
    assert.match(regime('nis2-style').source, /2022\/2555/);
  });

  it('reminds before the due time, and a stage met by a flagged timeline entry is not escalated', async () => {
    t.clock.set(T0);
    const report = await insertReport(t.database.db, id('fx-bank-1'), audience(), T0);
    const res = await apply(report.id, regime('sg-cii').id);
    assert.equal(res.statusCode, 201, res.body);
    const applied = res.json<ReportDeadlineList>();
    assert.deepEqual(
      applied.items.map((d) => [d.stageCode, d.dueAt, d.remindAt, d.status]),
      [
        ['notification', at(2).toISOString(), at(1.5).toISOString(), 'open'],
        ['final', null, null, 'awaiting_anchor'],
      ],
    );

    t.clock.set(at(1.4));
    await drain();
    assert.equal(mailsAbout(report.number).length, 0, 'nothing before the reminder time');

    t.clock.set(at(1.5));
    await drain();
    const reminder = await smtp.waitFor((m) => (m.parsed.subject ?? '').includes(report.number));
    assert.deepEqual(
      reminder.envelopeTo,
      ['fx-bank-1@example.jp'],
      'the reminder goes to the primary contact',
    );
    assert.match(reminder.parsed.subject ?? '', /報告期限が近づいています \/ Reporting deadline approaching/);
    assert.match(reminder.parsed.text ?? '', /2026-04-01 11:00 JST/);
    await drain();
    assert.equal(mailsAbout(report.number).length, 1, 'a reminder is sent once');

    t.clock.set(at(1.75));
    const entryId = await insertStageEntry(t.database.db, report.id, 'notification', at(1.75));
    const after = await list(report.id);
    const notification = after.items.find((d) => d.stageCode === 'notification');
    assert.equal(notification?.status, 'met');
    assert.equal(notification?.metByTimelineEntry, entryId);
    assert.equal(
      after.items.find((d) => d.stageCode === 'final')?.dueAt,
      new Date(at(1.75).getTime() + 14 * 24 * H).toISOString(),
      'the written report runs 14 days from the notification',
    );

    t.clock.set(at(2.5));
    await drain();
    assert.equal(mailsAbout(report.number).length, 1, 'no escalation for a met stage');
    const timeline = await t.database.db
      .selectFrom('report_timeline')
      .select(['kind', 'actor_label', 'detail'])
      .where('report_id', '=', report.id)
      .orderBy('seq')
      .execute();
    assert.deepEqual(
      timeline.map((e) => [e.kind, (e.detail as { event?: string }).event ?? null]),
      [
        ['deadline_reminder', 'deadline_reminder'],
        ['stage_report', null],
      ],
    );
  });

  it('escalates an unmet stage to the primary, backup and 24/7 contacts after the due time', async () => {
    t.clock.set(T0);
    const report = await insertReport(t.database.db, id('fx-bank-1'), audience(), T0);
    assert.equal((await apply(report.id, regime('us-circia').id)).statusCode, 201);

    t.clock.set(at(66));
    await drain();
    assert.equal(mailsAbout(report.number).length, 1, 'a reminder 6 h before the 72 h deadline');

    t.clock.set(at(72));
    await drain();
    const escalation = await smtp.waitFor(
      (m) =>
        (m.parsed.subject ?? '').includes(report.number) &&
        /Reporting deadline passed/.test(m.parsed.subject ?? ''),
    );
    const escalated = mailsAbout(report.number).filter((m) => /passed/.test(m.parsed.subject ?? ''));
    assert.deepEqual(escalated.flatMap((m) => m.envelopeTo).sort(), [
      'backup@bank1.example.jp',
      'fx-bank-1@example.jp',
      'soc@bank1.example.jp',
    ]);
    assert.match(escalation.parsed.text ?? '', /期限を過ぎても報告されていません/);
    const deadlines = await list(report.id);
    const notification = deadlines.items.find((d) => d.stageCode === 'notification');
    assert.equal(notification?.status, 'overdue');
    assert.equal(notification?.escalatedAt, at(72).toISOString());

    t.clock.set(at(80));
    await drain();
    assert.equal(mailsAbout(report.number).length, 4, 'escalation happens once');
    await t.modules.audit.service.flush();
    const events = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'target_ids'])
      .where('action', 'in', ['deadlines.remind', 'deadlines.escalate'])
      .execute();
    assert.equal(
      events.filter((e) => e.target_ids.includes(report.id)).length,
      2,
      'reminder and escalation are audited',
    );
  });

  it('reschedules when an anchor is edited, and the jobs of the old schedule do nothing', async () => {
    t.clock.set(T0);
    const report = await insertReport(t.database.db, id('fx-bank-1'), audience(), T0);
    assert.equal((await apply(report.id, regime('us-circia').id)).statusCode, 201);
    const before = (await list(report.id)).items.find((d) => d.stageCode === 'notification');
    assert.equal(before?.dueAt, at(72).toISOString());

    // The reporter corrects the detection time; the reports module then calls recomputeForReport.
    await t.database.db
      .updateTable('reports')
      .set({ detected_at: at(10) })
      .where('id', '=', report.id)
      .execute();
    await t.modules.deadlines.service.recomputeForReport(report.id);
    const moved = (await list(report.id)).items.find((d) => d.stageCode === 'notification');
    assert.equal(moved?.dueAt, at(82).toISOString());

    t.clock.set(at(72));
    await drain();
    assert.equal(
      mailsAbout(report.number).length,
      0,
      'neither the old reminder nor the old escalation fires',
    );

    t.clock.set(at(76));
    await drain();
    assert.equal(mailsAbout(report.number).length, 1, 'the new reminder fires at its own time');

    // An awareness time entered through the API moves the clock again, back towards the old time.
    const anchors = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/reports/${report.id}/deadlines/anchors`,
      headers: (await freshReporter()).headers,
      payload: { awareness: at(5).toISOString() },
    });
    assert.equal(anchors.statusCode, 200, anchors.body);
    const again = anchors.json<ReportDeadlineList>();
    assert.equal(again.anchors.awareness, at(5).toISOString());
    assert.equal(again.items.find((d) => d.stageCode === 'notification')?.dueAt, at(77).toISOString());
    await drain();
    assert.equal(
      mailsAbout(report.number).length,
      2,
      'the new schedule reminds again at once (its reminder time has passed, its due time has not)',
    );
    t.clock.set(at(77));
    await drain();
    assert.equal(mailsAbout(report.number).length, 5, 'and escalates at the new due time');
  });

  it('starts the ransom payment clock when the payment time is entered, and a linked entry meets it', async () => {
    t.clock.set(T0);
    const report = await insertReport(t.database.db, id('fx-bank-1'), audience(), T0);
    assert.equal((await apply(report.id, regime('us-circia').id)).statusCode, 201);
    const res = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/reports/${report.id}/deadlines/anchors`,
      headers: reporter.headers,
      payload: { payment: at(30).toISOString() },
    });
    assert.equal(res.statusCode, 200, res.body);
    const ransom = res.json<ReportDeadlineList>().items.find((d) => d.stageCode === 'ransom_payment');
    assert.equal(ransom?.dueAt, at(54).toISOString());

    const entryId = await insertStageEntry(t.database.db, report.id, 'final', at(40));
    const met = await t.app.inject({
      method: 'POST',
      url: `/api/v1/reports/${report.id}/deadlines/stages/ransom_payment/met`,
      headers: reporter.headers,
      payload: { timelineEntryId: entryId },
    });
    assert.equal(met.statusCode, 200, met.body);
    const stage = met.json<ReportDeadlineList>().items.find((d) => d.stageCode === 'ransom_payment');
    assert.equal(stage?.status, 'met');
    assert.equal(stage?.metAt, at(40).toISOString());
    const none = await t.app.inject({
      method: 'POST',
      url: `/api/v1/reports/${report.id}/deadlines/stages/early_warning/met`,
      headers: reporter.headers,
      payload: { timelineEntryId: entryId },
    });
    assert.equal(none.statusCode, 404);
    assert.equal(none.json<Problem>().code, 'DEADLINE_STAGE_NOT_FOUND');
  });

  it('lets coordinator administrators add a domestic regime, as new versions of one code', async () => {
    const body = {
      code: 'jp-acd-law',
      name: { ja: '能動的サイバー防御法に基づく報告', en: 'Active Cyber Defense law report' },
      source: '重要電子計算機に対する不正な行為による被害の防止に関する法律（令和7年法律第42号）及び主務省令',
      calendar: 'jst',
      stages: [
        {
          code: 'notification',
          name: { ja: '報告', en: 'Report' },
          anchor: 'awareness',
          offsetMinutes: 24 * 60,
          setsNotification: true,
        },
        {
          code: 'final',
          name: { ja: '詳報', en: 'Detailed report' },
          anchor: 'notification',
          offsetMonths: 1,
        },
      ],
    };
    for (const who of [ministry, coordinator]) {
      const denied = await t.app.inject({
        method: 'POST',
        url: '/api/v1/deadline-regimes',
        headers: who.headers,
        payload: body,
      });
      assert.equal(denied.statusCode, 403);
    }
    const invalid = await t.app.inject({
      method: 'POST',
      url: '/api/v1/deadline-regimes',
      headers: coordinatorAdmin.headers,
      payload: { ...body, stages: [{ ...body.stages[0], offsetMonths: 1 }] },
    });
    assert.equal(invalid.statusCode, 400);
    const first = await t.app.inject({
      method: 'POST',
      url: '/api/v1/deadline-regimes',
      headers: coordinatorAdmin.headers,
      payload: body,
    });
    assert.equal(first.statusCode, 201, first.body);
    const second = await t.app.inject({
      method: 'POST',
      url: '/api/v1/deadline-regimes',
      headers: coordinatorAdmin.headers,
      payload: { ...body, stages: [{ ...body.stages[0], offsetMinutes: 12 * 60 }, body.stages[1]] },
    });
    assert.equal(second.statusCode, 201, second.body);
    assert.deepEqual([first.json<DeadlineRegime>().version, second.json<DeadlineRegime>().version], [1, 2]);

    t.clock.set(T0);
    const report = await insertReport(t.database.db, id('fx-bank-1'), audience(), T0);
    const applied = await apply(report.id, second.json<DeadlineRegime>().id, coordinator);
    assert.equal(applied.statusCode, 201, applied.body);
    assert.equal(applied.json<ReportDeadlineList>().items[0]?.dueAt, at(12).toISOString());
    const twice = await apply(report.id, first.json<DeadlineRegime>().id);
    assert.equal(twice.statusCode, 409);
    assert.equal(twice.json<Problem>().code, 'DEADLINE_REGIME_ALREADY_APPLIED');
  });

  it('records the reporter of an anonymized report under a pseudonym and never shows it to the coordinator', async () => {
    t.clock.set(T0);
    const report = await insertReport(
      t.database.db,
      id('fx-bank-1'),
      [{ kind: 'organization', organizationId: id('fx-nco') }],
      T0,
    );
    await t.database.db
      .updateTable('reports')
      .set({ anonymized: true, relay_org_id: id('fx-ceptoar-bank') })
      .where('id', '=', report.id)
      .execute();
    assert.equal((await apply(report.id, regime('nis2-style').id)).statusCode, 201);
    const seen = await t.app.inject({
      method: 'GET',
      url: `/api/v1/reports/${report.id}/deadlines`,
      headers: (await signInAs(t, { organizationSlug: 'fx-nco', role: 'analyst' })).headers,
    });
    assert.equal(seen.statusCode, 200, seen.body);
    assert.equal(seen.json<ReportDeadlineList>().items.length, 3);
    assert.ok(!seen.body.includes(id('fx-bank-1')), 'the coordinator never sees the reporter organization');
    await t.modules.audit.service.flush();
    const events = await t.database.db
      .selectFrom('audit_log')
      .select(['actor_user_id', 'actor_org_id', 'actor_label', 'target_ids'])
      .where('action', '=', 'deadlines.apply')
      .execute();
    const event = events.find((e) => e.target_ids.includes(report.id));
    assert.ok(event, 'applying a regime is audited');
    assert.equal(event.actor_user_id, null);
    assert.equal(event.actor_org_id, id('fx-ceptoar-bank'));
    assert.match(event.actor_label ?? '', /Anonymous reporter/);
  });

  it('hides a report’s deadlines from those who may not see it, and lets only the reporter and the coordinator manage them', async () => {
    t.clock.set(T0);
    const report = await insertReport(t.database.db, id('fx-bank-1'), audience(), T0);
    for (const res of [
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/reports/${report.id}/deadlines`,
        headers: bank2.headers,
      }),
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/reports/${randomUUID()}/deadlines`,
        headers: bank2.headers,
      }),
      await apply(report.id, regime('nis2-style').id, bank2),
    ]) {
      assert.equal(res.statusCode, 404);
      assert.equal(res.json<Problem>().code, 'REPORT_NOT_FOUND');
    }
    assert.equal((await list(report.id, ministry)).items.length, 0, 'the ministry may read');
    const byMinistry = await apply(report.id, regime('nis2-style').id, ministry);
    assert.equal(byMinistry.statusCode, 403);
    const unknown = await apply(report.id, randomUUID());
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json<Problem>().code, 'DEADLINE_REGIME_NOT_FOUND');
  });
});
