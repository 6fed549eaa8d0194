import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { CreateReportBody, ReportDetail, Timeline, TimelineEntry } from '@cipx/contracts';
import { buildTestApp, type TestApp } from '../../../test/app.js';
import { createTestOrganization, tokenFor, type AsWho, type WithToken } from '../../../test/auth.js';
import { startTestSmtp, type ReceivedMail, type TestSmtp } from '../../../test/smtp.js';
import { drainJobs } from '../../platform/jobs/outbox.js';
import { orgIdForSlug, seedReference } from '../reference/index.js';
import { escalationMinutes, stepAddressees, stepTarget } from './reports.escalation.js';

// Escalation of unacknowledged reports against a real database and a real SMTP server, on a
// fake clock: backup → 24/7 → administrators (the coordinator: duty officers), stopped by an
// acknowledgement, faster for severe reports, per-organization intervals, TLP and anonymity.

const MIN = 60_000;

const FACTS = {
  kind: 'outage',
  title: '勘定系システムの停止（エスカレーション試験）',
  description: '勘定系システムが停止し、ATM が利用できない。',
  cause: 'system_failure',
  systems: ['it'],
  occurredAt: '2026-03-31T23:30:00Z',
  detectedAt: '2026-03-31T23:40:00Z',
  serviceImpact: 'full_outage',
} satisfies CreateReportBody;

describe('escalation rules (pure)', () => {
  it('waits the severe interval from overall severity 3, the normal one below and when unrated', () => {
    const setting = { afterMinutes: 60, severeAfterMinutes: 15 };
    assert.equal(escalationMinutes(null, setting), 60);
    assert.equal(escalationMinutes(2, setting), 60);
    assert.equal(escalationMinutes(3, setting), 15);
    assert.equal(escalationMinutes(4), 15);
  });

  it('calls backup, then 24/7, then the coordinator’s duty officers or another organization’s administrators', () => {
    assert.deepEqual(
      [1, 2, 3].map((s) => stepTarget(s, 'ministry')),
      ['backup', 'duty_24x7', 'admins'],
    );
    assert.equal(stepTarget(3, 'coordinator'), 'duty_officers');
    const people = [
      { userId: 'a', email: 'admin@x.test', role: 'admin' as const },
      { userId: 'b', email: 'analyst@x.test', role: 'analyst' as const },
      { userId: 'c', email: 'viewer@x.test', role: 'viewer' as const },
      { userId: 'd', email: 'ADMIN@x.test', role: 'admin' as const },
    ];
    const contacts = [
      { role: 'backup' as const, email: 'b1@x.test', userId: null },
      { role: 'backup' as const, email: null, userId: null },
      { role: 'duty_24x7' as const, email: 'd@x.test', userId: null },
    ];
    assert.deepEqual(
      stepAddressees('backup', { contacts, people }).map((a) => a.email),
      ['b1@x.test'],
    );
    assert.deepEqual(
      stepAddressees('admins', { contacts, people }).map((a) => a.email),
      ['admin@x.test'],
      'administrators only, one mail per address',
    );
    assert.deepEqual(
      stepAddressees('duty_officers', { contacts, people }).map((a) => a.email),
      ['admin@x.test', 'analyst@x.test'],
    );
  });
});

describe('escalation of unacknowledged reports (http)', () => {
  let t: TestApp;
  let smtp: TestSmtp;
  const fsa = orgIdForSlug('fsa');
  const nco = orgIdForSlug('nco');
  const relay = orgIdForSlug('ceptoar-banking');
  let bankId: string;
  let reporter: WithToken;
  let fsaAnalyst: WithToken;
  let ncoAnalyst: WithToken;
  let relayAnalyst: WithToken;
  let outsider: WithToken;

  // API tokens, not sessions: the clock moves hours, past a session's idle limit.
  const as = (who: AsWho) => tokenFor(t, { ...who, scopes: ['reports:read', 'reports:write'] });

  const inject = (who: WithToken, method: 'GET' | 'POST', url: string, body?: unknown) =>
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

  /** A submitted report whose arrival notices have gone out. */
  async function file(body: CreateReportBody = FACTS, who: WithToken = reporter): Promise<ReportDetail> {
    const draft = await inject(who, 'POST', '/reports', body);
    assert.equal(draft.statusCode, 201, draft.body);
    const submitted = await inject(who, 'POST', `/reports/${draft.json<ReportDetail>().id}/submit`);
    assert.equal(submitted.statusCode, 200, submitted.body);
    await drain();
    return submitted.json<ReportDetail>();
  }

  /** Escalation mails of one report, optionally only those to one domain, as their recipients. */
  function escalated(report: ReportDetail, domain?: string): string[] {
    return smtp.received
      .filter((m) => (m.parsed.subject ?? '').includes(`Unacknowledged report ${report.number}`))
      .flatMap((m) => m.envelopeTo)
      .filter((to) => domain === undefined || to.endsWith(domain));
  }

  function mailTo(report: ReportDetail, address: string): ReceivedMail {
    const mail = smtp.received.find(
      (m) =>
        (m.parsed.subject ?? '').includes(`Unacknowledged report ${report.number}`) &&
        m.envelopeTo.includes(address),
    );
    assert.ok(mail, `an escalation mail to ${address}`);
    return mail;
  }

  async function escalations(who: WithToken, report: ReportDetail): Promise<TimelineEntry[]> {
    const res = await inject(who, 'GET', `/reports/${report.id}/timeline`);
    assert.equal(res.statusCode, 200, res.body);
    return res.json<Timeline>().items.filter((e) => e.kind === 'acknowledgement_escalated');
  }

  before(async () => {
    smtp = await startTestSmtp();
    t = await buildTestApp({ env: { CIPX_SMTP_URL: smtp.url } });
    const db = t.database.db;
    await seedReference(db);
    bankId = await createTestOrganization(db, {
      slug: 'esc-bank',
      kind: 'operator',
      sectorCode: 'finance',
      nameJa: 'エスカレーション試験銀行',
      nameEn: 'Escalation Test Bank',
    });
    await createTestOrganization(db, { slug: 'esc-other', kind: 'operator', sectorCode: 'finance' });
    await db
      .insertInto('memberships')
      .values({ organization_id: bankId, group_id: relay, relation: 'member' })
      .execute();
    const contact = (organizationId: string, role: 'primary' | 'backup' | 'duty_24x7', email: string) => ({
      id: randomUUID(),
      organization_id: organizationId,
      role,
      name_ja: `${role} 担当`,
      name_en: `${role} contact`,
      email,
    });
    await db
      .insertInto('contacts')
      .values([
        contact(fsa, 'primary', 'desk@fsa.test'),
        contact(fsa, 'backup', 'backup@fsa.test'),
        contact(fsa, 'duty_24x7', 'duty@fsa.test'),
        contact(nco, 'primary', 'desk@nco.test'),
        contact(nco, 'backup', 'backup@nco.test'),
        contact(nco, 'duty_24x7', 'duty@nco.test'),
        contact(relay, 'primary', 'desk@relay.test'),
      ])
      .execute();
    reporter = await as({ organizationId: bankId, role: 'reporter' });
    fsaAnalyst = await as({ organizationId: fsa, role: 'analyst', email: 'analyst@fsa.test' });
    await as({ organizationId: fsa, role: 'admin', email: 'admin@fsa.test' });
    ncoAnalyst = await as({ organizationId: nco, role: 'analyst', email: 'officer@nco.test' });
    await as({ organizationId: nco, role: 'viewer', email: 'viewer@nco.test' });
    relayAnalyst = await as({ organizationId: relay, role: 'analyst', email: 'analyst@relay.test' });
    outsider = await as({ organizationSlug: 'esc-other', role: 'admin' });
  });
  after(async () => {
    await t.close();
    await smtp.close();
  });

  it('calls the backup contact after the interval, the 24/7 contact a step later, then the people in charge', async () => {
    const report = await file();
    await advance(59);
    assert.deepEqual(escalated(report), [], 'nothing before 60 minutes for an unrated report');

    await advance(1);
    assert.deepEqual(escalated(report, '@fsa.test'), ['backup@fsa.test']);
    assert.deepEqual(
      escalated(report, '@nco.test'),
      ['backup@nco.test'],
      'each recipient organization escalates',
    );
    const mail = mailTo(report, 'backup@fsa.test');
    assert.equal(
      mail.parsed.subject,
      `[TLP:AMBER] [CIPX] 未確認の報告 / Unacknowledged report ${report.number}`,
    );
    const text = mail.parsed.text ?? '';
    assert.ok(text.includes('60分を過ぎても受領確認されていません'), 'says in Japanese how long it waited');
    assert.ok(text.includes('nobody has acknowledged it'), 'and in English');
    assert.ok(text.includes(`http://cipx.test/reports/${report.id}`), 'links to the report');
    assert.ok(
      !text.includes(FACTS.title) && !text.includes(FACTS.description),
      'AMBER: metadata and a link only',
    );

    const [entry] = await escalations(fsaAnalyst, report);
    assert.ok(entry, 'the recipient sees the escalation in the timeline');
    assert.deepEqual(entry.actor, { userId: null, organizationId: null, label: 'CIPX' });
    assert.equal(entry.detail['organizationId'], fsa);
    assert.equal(entry.detail['target'], 'backup');
    assert.equal(entry.detail['recipients'], 1);

    await advance(59);
    assert.deepEqual(
      escalated(report, '@fsa.test'),
      ['backup@fsa.test'],
      'the next step waits a full interval',
    );
    await advance(1);
    assert.deepEqual(escalated(report, '@fsa.test'), ['backup@fsa.test', 'duty@fsa.test']);

    await advance(60);
    assert.deepEqual(
      escalated(report, '@fsa.test'),
      ['backup@fsa.test', 'duty@fsa.test', 'admin@fsa.test'],
      'a ministry’s administrators come last, not its analysts',
    );
    assert.deepEqual(
      escalated(report, '@nco.test'),
      ['backup@nco.test', 'duty@nco.test', 'officer@nco.test'],
      'the coordinator’s duty officers (analysts and above) come last, not its viewers',
    );
    assert.deepEqual(
      (await escalations(fsaAnalyst, report))
        .filter((e) => e.detail['organizationId'] === fsa)
        .map((e) => e.detail['target']),
      ['backup', 'duty_24x7', 'admins'],
    );

    await advance(240);
    assert.equal(escalated(report).length, 6, 'the ladder ends after its last step');
  });

  it('sends nothing to an organization that acknowledges before the first step, and stops where an acknowledgement finds it', async () => {
    const report = await file();
    await advance(10);
    const ack = await inject(fsaAnalyst, 'POST', `/reports/${report.id}/acknowledge`, {});
    assert.equal(ack.statusCode, 200, ack.body);
    await advance(50);
    assert.deepEqual(escalated(report, '@fsa.test'), []);
    assert.deepEqual(escalated(report, '@nco.test'), ['backup@nco.test'], 'the coordinator still had not');

    const ncoAck = await inject(ncoAnalyst, 'POST', `/reports/${report.id}/acknowledge`, {});
    assert.equal(ncoAck.statusCode, 200, ncoAck.body);
    await advance(300);
    assert.deepEqual(escalated(report, '@fsa.test'), []);
    assert.deepEqual(
      escalated(report, '@nco.test'),
      ['backup@nco.test'],
      'no 24/7 call after the acknowledgement',
    );
    const entries = await escalations(ncoAnalyst, report);
    assert.deepEqual(
      entries.map((e) => [e.detail['organizationId'], e.detail['target']]),
      [[nco, 'backup']],
    );
  });

  it('uses the short interval once the overall severity is 3 or more', async () => {
    const report = await file();
    // A provisional rating made soon after arrival (the severity service keeps this column).
    await t.database.db
      .updateTable('reports')
      .set({ severity_overall: 3, severity_basis: 'provisional' })
      .where('id', '=', report.id)
      .execute();
    await advance(14);
    assert.deepEqual(escalated(report), []);
    await advance(1);
    assert.deepEqual(escalated(report, '@fsa.test'), ['backup@fsa.test']);
    await advance(15);
    assert.deepEqual(escalated(report, '@fsa.test'), ['backup@fsa.test', 'duty@fsa.test']);
  });

  it('mails only people who may see the report: a TLP:RED report reaches its named recipients alone', async () => {
    const report = await file({ ...FACTS, tlp: 'red', namedRecipients: [fsaAnalyst.userId] });
    await advance(60 * 5);
    assert.deepEqual(escalated(report), [], 'contacts and administrators who are not named get nothing');
    const entries = await escalations(fsaAnalyst, report);
    assert.ok(
      entries.some((e) => e.detail['organizationId'] === fsa && e.detail['target'] === null),
      'the timeline says nobody further could be called',
    );
    const res = await inject(outsider, 'GET', `/reports/${report.id}/timeline`);
    assert.equal(res.statusCode, 404, 'the escalation entries are as private as the report');
  });

  it('names the relay, never the reporter, in the coordinator’s escalation mail and timeline', async () => {
    const report = await file({
      ...FACTS,
      kind: 'sign',
      serviceImpact: 'none',
      route: 'anonymized',
      tlp: 'green',
    });
    const forwarded = await inject(relayAnalyst, 'POST', `/reports/${report.id}/forward`, {});
    assert.equal(forwarded.statusCode, 200, forwarded.body);
    await drain();
    await advance(60);
    const mail = mailTo(report, 'backup@nco.test');
    const text = `${mail.parsed.subject ?? ''}\n${mail.parsed.text ?? ''}`;
    assert.ok(
      text.includes('銀行等セプター') || text.includes('Banking'),
      'the relay is the originator shown',
    );
    assert.ok(text.includes(FACTS.title), 'GREEN: the title may travel');
    for (const secret of [
      bankId,
      reporter.userId,
      'esc-bank',
      'エスカレーション試験銀行',
      'Escalation Test Bank',
    ]) {
      assert.ok(!text.includes(secret), `the mail reveals the reporter (${secret})`);
    }
    const timeline = await inject(ncoAnalyst, 'GET', `/reports/${report.id}/timeline`);
    assert.equal(timeline.statusCode, 200, timeline.body);
    assert.ok((await escalations(ncoAnalyst, report)).length > 0, 'the coordinator sees its escalation');
    for (const secret of [bankId, reporter.userId, 'Escalation Test Bank']) {
      assert.ok(!timeline.body.includes(secret), `the timeline reveals the reporter (${secret})`);
    }
  });

  it('follows an organization’s own intervals', async () => {
    await t.modules.reports.escalation.setSetting(fsa, { afterMinutes: 30, severeAfterMinutes: 5 });
    const report = await file();
    await advance(29);
    assert.deepEqual(escalated(report, '@fsa.test'), []);
    await advance(1);
    assert.deepEqual(escalated(report, '@fsa.test'), ['backup@fsa.test']);
    assert.deepEqual(escalated(report, '@nco.test'), [], 'the coordinator keeps the default hour');
  });
});
