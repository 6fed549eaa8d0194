import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CreateDeadlineRegimeInput, type DeadlineCalendar, type DeadlineStage } from '@cipx/contracts';
import { Value } from 'typebox/value';
import {
  addMonths,
  checkStages,
  deadlineStatus,
  jobApplies,
  jobDedupeKey,
  planJobs,
  remindAtFor,
  resolveAnchor,
  scheduleStages,
  type AnchorSources,
} from './deadline.js';
import { DEFAULT_REGIMES } from './regimes.js';

const d = (iso: string) => new Date(iso);
const H = 3_600_000;

describe('addMonths', () => {
  const cases: [string, number, DeadlineCalendar, string][] = [
    // JST calendar (UTC+9): the day is the day in Tokyo.
    ['2026-01-14T03:00:00.000Z', 1, 'jst', '2026-02-14T03:00:00.000Z'],
    ['2026-01-30T15:00:00.000Z', 1, 'jst', '2026-02-27T15:00:00.000Z'], // 31 Jan 00:00 JST → 28 Feb 00:00 JST
    ['2026-01-30T14:59:59.999Z', 1, 'jst', '2026-02-28T14:59:59.999Z'], // 30 Jan 23:59 JST → 28 Feb 23:59 JST
    ['2026-01-31T14:00:00.000Z', 1, 'jst', '2026-02-28T14:00:00.000Z'], // 31 Jan 23:00 JST → 28 Feb 23:00 JST
    ['2026-01-31T15:00:00.000Z', 1, 'jst', '2026-02-28T15:00:00.000Z'], // already 1 Feb in Tokyo → 1 Mar 00:00 JST
    ['2028-01-30T15:00:00.000Z', 1, 'jst', '2028-02-28T15:00:00.000Z'], // 31 Jan 2028 JST → 29 Feb (leap year)
    ['2026-03-30T15:00:00.000Z', 1, 'jst', '2026-04-29T15:00:00.000Z'], // 31 Mar JST → 30 Apr
    ['2026-12-15T00:00:00.000Z', 1, 'jst', '2027-01-15T00:00:00.000Z'], // across the year
    ['2026-12-30T15:00:00.000Z', 2, 'jst', '2027-02-27T15:00:00.000Z'], // 31 Dec JST + 2 → 28 Feb
    ['2026-08-30T15:00:00.000Z', 6, 'jst', '2027-02-27T15:00:00.000Z'], // 31 Aug JST + 6 → 28 Feb
    ['2026-01-31T00:00:00.000Z', 12, 'jst', '2027-01-31T00:00:00.000Z'],
    ['2028-02-28T15:00:00.000Z', 12, 'jst', '2029-02-27T15:00:00.000Z'], // 29 Feb 2028 JST + 12 → 28 Feb 2029
    // UTC calendar
    ['2026-01-31T20:00:00.000Z', 1, 'utc', '2026-02-28T20:00:00.000Z'],
    ['2026-01-30T16:00:00.000Z', 1, 'utc', '2026-02-28T16:00:00.000Z'], // 30 Jan UTC → clamped 28 Feb
    ['2024-01-31T00:00:00.000Z', 1, 'utc', '2024-02-29T00:00:00.000Z'],
    ['2026-05-31T12:34:56.789Z', 1, 'utc', '2026-06-30T12:34:56.789Z'],
  ];
  for (const [from, months, calendar, expected] of cases) {
    it(`${from} + ${months} month(s) in ${calendar} is ${expected}`, () => {
      assert.equal(addMonths(d(from), months, calendar).toISOString(), expected);
    });
  }

  it('differs between the JST and UTC calendars near midnight', () => {
    const at = d('2026-01-30T16:00:00Z'); // 31 Jan 01:00 JST, 30 Jan 16:00 UTC
    assert.equal(addMonths(at, 1, 'jst').toISOString(), '2026-02-27T16:00:00.000Z');
    assert.equal(addMonths(at, 1, 'utc').toISOString(), '2026-02-28T16:00:00.000Z');
  });
});

const sources = (over: Partial<AnchorSources> = {}): AnchorSources => ({
  occurrence: null,
  detection: null,
  awareness: null,
  payment: null,
  notification: null,
  ...over,
});

const regime = (code: string) => {
  const r = DEFAULT_REGIMES.find((x) => x.code === code);
  if (!r) throw new Error(code);
  return r;
};

describe('resolveAnchor', () => {
  const nis2 = regime('nis2-style');
  const circia = regime('us-circia');
  const noMet = new Map<string, Date | null>();
  it('takes awareness from detection when it was not entered', () => {
    assert.equal(
      resolveAnchor(
        'awareness',
        nis2,
        sources({ detection: d('2026-04-01T00:00:00Z') }),
        noMet,
      )?.toISOString(),
      '2026-04-01T00:00:00.000Z',
    );
  });
  it('prefers an entered awareness time', () => {
    const s = sources({ detection: d('2026-04-01T00:00:00Z'), awareness: d('2026-04-01T05:00:00Z') });
    assert.equal(resolveAnchor('awareness', nis2, s, noMet)?.toISOString(), '2026-04-01T05:00:00.000Z');
  });
  it("runs a regime's notification from its notification stage, and waits for it", () => {
    const s = sources({ notification: d('2026-04-02T00:00:00Z') });
    assert.equal(resolveAnchor('notification', nis2, s, noMet), null);
    const met = new Map([['notification', d('2026-04-03T00:00:00Z')]]);
    assert.equal(resolveAnchor('notification', nis2, s, met)?.toISOString(), '2026-04-03T00:00:00.000Z');
  });
  it("uses the report's own notification time in a regime without a notification stage", () => {
    const s = sources({ notification: d('2026-04-02T00:00:00Z') });
    assert.equal(resolveAnchor('notification', circia, s, noMet)?.toISOString(), '2026-04-02T00:00:00.000Z');
  });
  it('leaves payment unknown until entered', () => {
    assert.equal(resolveAnchor('payment', circia, sources(), noMet), null);
  });
});

describe('scheduleStages (shipped regimes)', () => {
  const aware = d('2026-04-01T09:00:00Z');
  it('NIS2-style: 24 h, 72 h, then one month after the notification was met', () => {
    const before = scheduleStages(regime('nis2-style'), sources({ detection: aware }), new Map());
    assert.deepEqual(
      before.map((s) => [s.stageCode, s.dueAt?.toISOString() ?? null]),
      [
        ['early_warning', '2026-04-02T09:00:00.000Z'],
        ['notification', '2026-04-04T09:00:00.000Z'],
        ['final', null],
      ],
    );
    const after = scheduleStages(
      regime('nis2-style'),
      sources({ detection: aware }),
      new Map([['notification', d('2026-04-03T20:00:00Z')]]), // 4 Apr 05:00 JST
    );
    assert.equal(after[2]?.dueAt?.toISOString(), '2026-05-03T20:00:00.000Z');
  });
  it('US CIRCIA: 72 h from awareness; 24 h from the ransom payment', () => {
    const s = scheduleStages(
      regime('us-circia'),
      sources({ detection: aware, payment: d('2026-04-05T00:00:00Z') }),
      new Map(),
    );
    assert.deepEqual(
      s.map((x) => [x.stageCode, x.anchor, x.dueAt?.toISOString()]),
      [
        ['notification', 'awareness', '2026-04-04T09:00:00.000Z'],
        ['ransom_payment', 'payment', '2026-04-06T00:00:00.000Z'],
      ],
    );
  });
  it('Singapore CII: 2 h from awareness; 14 days after the notification', () => {
    const s = scheduleStages(
      regime('sg-cii'),
      sources({ detection: aware }),
      new Map([['notification', d('2026-04-01T10:30:00Z')]]),
    );
    assert.deepEqual(
      s.map((x) => x.dueAt?.toISOString()),
      ['2026-04-01T11:00:00.000Z', '2026-04-15T10:30:00.000Z'],
    );
  });
  it('ships regimes that pass their own checks and the API contract', () => {
    for (const r of DEFAULT_REGIMES) {
      assert.deepEqual(checkStages(r.stages), [], r.code);
      assert.ok(Value.Check(CreateDeadlineRegimeInput, r), `${r.code} fits the create contract`);
    }
  });
});

describe('remindAtFor', () => {
  const cases: [string, number, number | undefined, number][] = [
    ['2 h stage: a quarter, 30 min before', 2, undefined, 0.5],
    ['24 h stage: capped at 6 h before', 24, undefined, 6],
    ['20 h stage: 5 h before', 20, undefined, 5],
    ['72 h stage: capped at 6 h', 72, undefined, 6],
    ['a configured lead of 90 min', 72, 90, 1.5],
    ['a configured lead longer than the interval: at the anchor', 2, 600, 2],
  ];
  for (const [name, hours, lead, expectedHoursBefore] of cases) {
    it(name, () => {
      const anchor = d('2026-04-01T00:00:00Z');
      const due = new Date(anchor.getTime() + hours * H);
      assert.equal(due.getTime() - remindAtFor(anchor, due, lead).getTime(), expectedHoursBefore * H);
    });
  }
});

describe('deadlineStatus', () => {
  const due = d('2026-04-02T00:00:00Z');
  const remind = d('2026-04-01T18:00:00Z');
  const cases: [string, Date | null, Date | null, string, string][] = [
    ['no anchor yet', null, null, '2026-04-01T00:00:00Z', 'awaiting_anchor'],
    ['before the reminder', due, null, '2026-04-01T17:59:59Z', 'open'],
    ['at the reminder time', due, null, '2026-04-01T18:00:00Z', 'due_soon'],
    ['a millisecond before due', due, null, '2026-04-01T23:59:59.999Z', 'due_soon'],
    ['at the due time', due, null, '2026-04-02T00:00:00Z', 'overdue'],
    ['met exactly at the due time', due, due, '2026-04-03T00:00:00Z', 'met'],
    ['met a millisecond late', due, d('2026-04-02T00:00:00.001Z'), '2026-04-03T00:00:00Z', 'met_late'],
    ['met before its anchor was known', null, d('2026-04-01T00:00:00Z'), '2026-04-03T00:00:00Z', 'met'],
  ];
  for (const [name, dueAt, metAt, now, expected] of cases) {
    it(`${name}: ${expected}`, () => {
      assert.equal(deadlineStatus({ dueAt, remindAt: dueAt ? remind : null, metAt }, d(now)), expected);
    });
  }
});

describe('planJobs', () => {
  const due = d('2026-04-02T00:00:00Z');
  const remindAt = d('2026-04-01T18:00:00Z');
  it('plans a reminder and an escalation for an open deadline', () => {
    const plan = planJobs({ dueAt: due, remindAt, metAt: null }, d('2026-04-01T00:00:00Z'));
    assert.deepEqual(plan, { remindAt, escalateAt: due });
  });
  it('reminds at once when the reminder time has passed but the due time has not', () => {
    const now = d('2026-04-01T20:00:00Z');
    assert.deepEqual(planJobs({ dueAt: due, remindAt, metAt: null }, now), {
      remindAt: now,
      escalateAt: due,
    });
  });
  it('escalates at once, without a reminder, when already overdue', () => {
    const now = d('2026-04-02T01:00:00Z');
    assert.deepEqual(planJobs({ dueAt: due, remindAt, metAt: null }, now), {
      remindAt: null,
      escalateAt: now,
    });
  });
  it('plans nothing for a met deadline or one without an anchor', () => {
    const now = d('2026-04-01T00:00:00Z');
    assert.deepEqual(planJobs({ dueAt: due, remindAt, metAt: now }, now), {
      remindAt: null,
      escalateAt: null,
    });
    assert.deepEqual(planJobs({ dueAt: null, remindAt: null, metAt: null }, now), {
      remindAt: null,
      escalateAt: null,
    });
  });
});

describe('jobApplies', () => {
  const due = d('2026-04-02T00:00:00Z');
  const row = { dueAt: due, remindAt: null, metAt: null, revision: 2, remindedAt: null, escalatedAt: null };
  const payload = { deadlineId: 'x', revision: 2, dueAt: due.toISOString() };
  const before = d('2026-04-01T20:00:00Z');
  const after = d('2026-04-02T00:00:00Z');
  const cases: [
    string,
    'remind' | 'escalate',
    typeof row | Record<string, unknown>,
    typeof payload,
    Date,
    boolean,
  ][] = [
    ['a due reminder', 'remind', row, payload, before, true],
    ['a reminder after the due time', 'remind', row, payload, after, false],
    ['a reminder already sent', 'remind', { ...row, remindedAt: before }, payload, before, false],
    ['a reminder of a met stage', 'remind', { ...row, metAt: before }, payload, before, false],
    ['a reminder of an earlier revision', 'remind', { ...row, revision: 3 }, payload, before, false],
    [
      'a reminder for another due time',
      'remind',
      row,
      { ...payload, dueAt: '2026-04-03T00:00:00.000Z' },
      before,
      false,
    ],
    ['an escalation at the due time', 'escalate', row, payload, after, true],
    ['an escalation before the due time', 'escalate', row, payload, before, false],
    ['an escalation already sent', 'escalate', { ...row, escalatedAt: after }, payload, after, false],
    ['an escalation of a met stage', 'escalate', { ...row, metAt: after }, payload, after, false],
    ['an escalation of a rescheduled stage', 'escalate', { ...row, revision: 3 }, payload, after, false],
    [
      'an escalation of a stage whose anchor was cleared',
      'escalate',
      { ...row, dueAt: null },
      payload,
      after,
      false,
    ],
  ];
  for (const [name, kind, r, p, now, expected] of cases) {
    it(`${expected ? 'runs' : 'skips'} ${name}`, () => {
      assert.equal(jobApplies(kind, r as typeof row, p, now), expected);
    });
  }
  it('keys jobs by deadline, revision and due time', () => {
    assert.equal(jobDedupeKey('remind', payload), `deadlines.remind:x:2:${due.toISOString()}`);
    assert.notEqual(jobDedupeKey('escalate', payload), jobDedupeKey('escalate', { ...payload, revision: 3 }));
  });
});

describe('checkStages', () => {
  const stage = (over: Partial<DeadlineStage>): DeadlineStage => ({
    code: 'notification',
    name: { ja: '通知', en: 'Notification' },
    anchor: 'awareness',
    offsetMinutes: 60,
    ...over,
  });
  it('refuses repeated codes, two offsets or none, a notification cycle and two notification stages', () => {
    const errors = checkStages([
      stage({ setsNotification: true }),
      stage({ offsetMonths: 1 }),
      stage({ code: 'final', offsetMinutes: undefined, anchor: 'notification', setsNotification: true }),
    ]);
    assert.deepEqual(
      errors.map((e) => [e.field, e.code]),
      [
        ['/body/stages/1/code', 'DUPLICATE_STAGE'],
        ['/body/stages/1/offsetMinutes', 'ONE_OFFSET'],
        ['/body/stages/2/offsetMinutes', 'ONE_OFFSET'],
        ['/body/stages/2/anchor', 'NOTIFICATION_CYCLE'],
        ['/body/stages', 'ONE_NOTIFICATION_STAGE'],
      ],
    );
  });
  it('accepts a domestic regime entered by an administrator', () => {
    assert.deepEqual(
      checkStages([
        stage({ code: 'prompt', anchor: 'awareness', offsetMinutes: 24 * 60, setsNotification: true }),
        stage({ code: 'final', anchor: 'notification', offsetMonths: 1, offsetMinutes: undefined }),
      ]),
      [],
    );
  });
});
