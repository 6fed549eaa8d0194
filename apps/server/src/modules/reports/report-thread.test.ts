import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TimelineEntry } from '@cipx/contracts';
import { toFollowUps } from './report-view.js';
import {
  defaultRelay,
  isSmallCommunity,
  permission,
  planRoute,
  relayWarnings,
  releaseHeldHops,
  DEFAULT_ROUTING,
  type ReportActor,
} from './report.js';
import { followUpMail, relayedMail, type FollowUpNotice } from './reports-thread.mail.js';

// Pure rules of what the parties write on a report: who may ask, answer, comment, file
// stage reports and consent; the release of held hops; relay advice; follow-up threads and mails.

const NOW = new Date('2026-11-20T03:00:00Z');

const actor = (overrides: Partial<ReportActor>): ReportActor => ({
  role: 'analyst',
  organizationKind: 'operator',
  isOriginator: false,
  isRecipient: false,
  holdsPendingHop: false,
  ...overrides,
});

describe('thread permissions', () => {
  it('lets recipients that analyse the report ask, but not the relay, the originator or viewers', () => {
    const coordinator = actor({ organizationKind: 'coordinator', isRecipient: true });
    assert.equal(permission(coordinator, 'ask_follow_up', 'submitted'), 'allowed');
    assert.equal(
      permission({ ...coordinator, organizationKind: 'ministry' }, 'ask_follow_up', 'resolved'),
      'allowed',
    );
    assert.equal(permission({ ...coordinator, role: 'viewer' }, 'ask_follow_up', 'submitted'), 'forbidden');
    assert.equal(
      permission({ ...coordinator, organizationKind: 'ceptoar' }, 'ask_follow_up', 'submitted'),
      'forbidden',
    );
    assert.equal(
      permission({ ...coordinator, isRecipient: false }, 'ask_follow_up', 'submitted'),
      'forbidden',
    );
    assert.equal(permission(coordinator, 'ask_follow_up', 'closed'), 'wrong_status');
  });

  it('lets only the originator’s reporters answer, file stage reports and consent', () => {
    const reporter = actor({ role: 'reporter', isOriginator: true });
    for (const action of ['answer_follow_up', 'stage_report', 'consent'] as const) {
      assert.equal(permission(reporter, action, 'acknowledged'), 'allowed', action);
      assert.equal(permission({ ...reporter, role: 'viewer' }, action, 'acknowledged'), 'forbidden', action);
      assert.equal(
        permission(actor({ organizationKind: 'coordinator', isRecipient: true }), action, 'acknowledged'),
        'forbidden',
        action,
      );
      assert.equal(permission(reporter, action, 'draft'), 'wrong_status', action);
    }
  });

  it('takes comments from the originator’s reporters and recipients’ analysts', () => {
    assert.equal(
      permission(actor({ role: 'reporter', isOriginator: true }), 'comment', 'submitted'),
      'allowed',
    );
    assert.equal(permission(actor({ isRecipient: true }), 'comment', 'under_analysis'), 'allowed');
    assert.equal(
      permission(actor({ role: 'reporter', isRecipient: true }), 'comment', 'submitted'),
      'forbidden',
    );
    assert.equal(permission(actor({}), 'comment', 'submitted'), 'forbidden');
  });
});

describe('consent release', () => {
  const plan = planRoute({
    route: 'consent',
    tlp: 'amber',
    originatorOrgId: 'op',
    ministryOrgId: 'min',
    coordinatorOrgId: 'nco',
    relayOrgId: null,
    consentOfficeOrgId: 'police',
    consentToForward: false,
    settingOf: () => DEFAULT_ROUTING,
  });
  assert.ok(plan.ok, 'the consent route plans');
  const submitted = plan.hops.map((h) =>
    h.seq === 1 ? { ...h, status: 'forwarded' as const, forwardedAt: NOW } : h,
  );

  it('forwards the held hop at once when the office forwards automatically', () => {
    const result = releaseHeldHops('op', submitted, NOW, 'reporter');
    assert.deepEqual(
      result.hops.map((h) => h.status),
      ['forwarded', 'forwarded'],
    );
    assert.deepEqual(
      result.forwarded.map((h) => h.toOrgId),
      ['nco'],
    );
    assert.equal(result.released.length, 1);
  });

  it('gives a reviewing office its review time from the release', () => {
    const reviewed = submitted.map((h) =>
      h.seq === 2 ? { ...h, mode: 'reviewed' as const, reviewMinutes: 30 } : h,
    );
    const result = releaseHeldHops('op', reviewed, NOW, 'reporter');
    assert.equal(result.hops[1]?.status, 'pending');
    assert.equal(result.hops[1]?.dueAt?.toISOString(), '2026-11-20T03:30:00.000Z');
    assert.deepEqual(result.forwarded, []);
  });
});

describe('relay advice', () => {
  it('picks the CEPTOAR of the report’s sector, else the first CEPTOAR, never an agency', () => {
    const candidates = [
      { id: 'agency', kind: 'supporting_agency' as const, sectorCode: null },
      { id: 'bank', kind: 'ceptoar' as const, sectorCode: 'finance' },
      { id: 'rail', kind: 'ceptoar' as const, sectorCode: 'railway' },
    ];
    assert.equal(defaultRelay(candidates, 'railway'), 'rail');
    assert.equal(defaultRelay(candidates, 'water'), 'bank');
    assert.equal(defaultRelay(candidates.slice(0, 1), 'finance'), null);
  });

  it('warns below five members, in Japanese and English', () => {
    assert.ok(isSmallCommunity(4), '4 is small');
    assert.ok(!isSmallCommunity(5), '5 is not');
    assert.deepEqual(relayWarnings('r', 5), []);
    const [warning] = relayWarnings('r', 2);
    assert.equal(warning?.code, 'RELAY_COMMUNITY_SMALL');
    assert.match(warning?.message.ja ?? '', /2 組織/);
    assert.match(warning?.message.en ?? '', /only 2 member organizations/);
  });
});

describe('follow-up threads', () => {
  const entry = (overrides: Partial<TimelineEntry>): TimelineEntry => ({
    id: 'q1',
    seq: 1,
    at: NOW.toISOString(),
    kind: 'follow_up_question',
    actor: { userId: 'asker', organizationId: 'nco', label: null },
    detail: {},
    stage: null,
    ...overrides,
  });

  it('pairs each question with its first answer and leaves unanswered ones open', () => {
    const threads = toFollowUps([
      entry({ detail: { question: 'いつ？', addressedOrgId: 'relay', viaRelay: true } }),
      entry({ id: 'q2', seq: 2, detail: { question: 'どこ？', addressedOrgId: 'op', viaRelay: false } }),
      entry({
        id: 'a1',
        seq: 3,
        kind: 'follow_up_answer',
        actor: { userId: null, organizationId: 'relay', label: 'Anonymous reporter' },
        detail: { followUpId: 'q1', answer: '昨夜です' },
      }),
    ]);
    assert.deepEqual(
      threads.map((f) => [
        f.id,
        f.viaRelay,
        f.addressedToOrgId,
        f.answer?.text ?? null,
        f.answer?.by.organizationId ?? null,
      ]),
      [
        ['q1', true, 'relay', '昨夜です', 'relay'],
        ['q2', false, 'op', null, null],
      ],
    );
  });
});

describe('follow-up notices', () => {
  const notice: FollowUpNotice = {
    event: 'answer',
    reader: 'asker',
    number: 'R-2026-000123',
    tlp: 'amber',
    exercise: false,
    recipient: { ja: '国家サイバー統括室', en: 'NCO' },
    asker: { ja: '国家サイバー統括室', en: 'NCO' },
    relay: { ja: '銀行等CEPTOAR', en: 'Banking CEPTOAR' },
    answeredBy: { ja: '銀行等CEPTOAR', en: 'Banking CEPTOAR' },
    question: '送信元は？',
    answer: '203.0.113.7 です',
    link: 'http://cipx.test/reports/x',
  };

  it('names the relay on behalf of the anonymous reporter and keeps AMBER text out of the mail', () => {
    const mail = followUpMail(notice);
    assert.equal(
      mail.subject,
      '[TLP:AMBER] [CIPX] 追加質問への回答 / Answer to a follow-up question R-2026-000123',
    );
    assert.ok(mail.text.includes('銀行等CEPTOAR（匿名の報告者に代わって）'), 'the relay answers');
    assert.ok(!mail.text.includes('203.0.113.7'), 'no answer text under AMBER');
  });

  it('carries the question and answer under GREEN, marked as an exercise in a drill', () => {
    const mail = followUpMail({ ...notice, tlp: 'green', exercise: true });
    assert.ok(mail.text.includes('203.0.113.7'), 'the answer');
    assert.ok(mail.text.includes('送信元は？'), 'the question');
    assert.match(mail.subject, /【訓練】/);
  });

  it('tells the originator its report was relayed without its name', () => {
    const mail = relayedMail({
      number: 'R-2026-000123',
      tlp: 'green',
      exercise: false,
      recipient: { ja: 'デモ銀行', en: 'Demo Bank' },
      relay: { ja: '銀行等CEPTOAR', en: 'Banking CEPTOAR' },
      link: 'http://cipx.test/reports/x',
    });
    assert.ok(mail.text.includes('貴組織名を伏せて'), 'in Japanese');
    assert.ok(mail.text.includes("without your organization's name"), 'in English');
  });
});
