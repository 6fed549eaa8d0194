import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RubricThresholds, SeverityFacts } from '@cipx/contracts';
import { Value } from 'typebox/value';
import { RubricThresholds as RubricThresholdsSchema } from '@cipx/contracts';
import { DEFAULT_RUBRIC_THRESHOLDS, checkThresholds, stepReached, suggestSeverity } from './rubric.js';

const T = DEFAULT_RUBRIC_THRESHOLDS;

interface Case {
  name: string;
  facts: SeverityFacts;
  continuity: number;
  safety: number;
  trust: number;
  /** Rules expected among the reasons, highest first where the level differs. */
  rules?: string[];
}

const CASES: Case[] = [
  { name: 'no facts at all', facts: {}, continuity: 0, safety: 0, trust: 0 },
  { name: 'service impact none', facts: { serviceImpact: 'none' }, continuity: 0, safety: 0, trust: 0 },
  { name: 'degraded service', facts: { serviceImpact: 'degraded' }, continuity: 1, safety: 0, trust: 0 },
  { name: 'partial outage', facts: { serviceImpact: 'partial_outage' }, continuity: 2, safety: 0, trust: 0 },
  { name: 'full outage', facts: { serviceImpact: 'full_outage' }, continuity: 3, safety: 0, trust: 0 },
  // affected users: 1 → 1, 10,000 → 2, 100,000 → 3, 1,000,000 → 4
  { name: 'zero affected users', facts: { affectedUsers: 0 }, continuity: 0, safety: 0, trust: 0 },
  { name: 'one affected user', facts: { affectedUsers: 1 }, continuity: 1, safety: 0, trust: 0 },
  { name: '9,999 users (below 10,000)', facts: { affectedUsers: 9_999 }, continuity: 1, safety: 0, trust: 0 },
  {
    name: '10,000 users (at the threshold)',
    facts: { affectedUsers: 10_000 },
    continuity: 2,
    safety: 0,
    trust: 0,
  },
  { name: '99,999 users', facts: { affectedUsers: 99_999 }, continuity: 2, safety: 0, trust: 0 },
  { name: '100,000 users', facts: { affectedUsers: 100_000 }, continuity: 3, safety: 0, trust: 0 },
  { name: '999,999 users', facts: { affectedUsers: 999_999 }, continuity: 3, safety: 0, trust: 0 },
  { name: '1,000,000 users', facts: { affectedUsers: 1_000_000 }, continuity: 4, safety: 0, trust: 0 },
  {
    name: 'users do not count when the service was not affected',
    facts: { serviceImpact: 'none', affectedUsers: 5_000_000, outageMinutes: 600, toleranceMinutes: 60 },
    continuity: 0,
    safety: 0,
    trust: 0,
  },
  // duration ÷ tolerance: 0.5 → 2, 1 → 3, 3 → 4
  {
    name: 'outage below half the tolerance',
    facts: { outageMinutes: 59, toleranceMinutes: 120 },
    continuity: 0,
    safety: 0,
    trust: 0,
  },
  {
    name: 'outage at half the tolerance',
    facts: { outageMinutes: 60, toleranceMinutes: 120 },
    continuity: 2,
    safety: 0,
    trust: 0,
  },
  {
    name: 'outage one minute short of the tolerance',
    facts: { outageMinutes: 119, toleranceMinutes: 120 },
    continuity: 2,
    safety: 0,
    trust: 0,
  },
  {
    name: 'outage exactly at the tolerance',
    facts: { outageMinutes: 120, toleranceMinutes: 120 },
    continuity: 3,
    safety: 0,
    trust: 0,
  },
  {
    name: 'outage just under 3× the tolerance',
    facts: { outageMinutes: 359, toleranceMinutes: 120 },
    continuity: 3,
    safety: 0,
    trust: 0,
  },
  {
    name: 'outage at 3× the tolerance',
    facts: { outageMinutes: 360, toleranceMinutes: 120 },
    continuity: 4,
    safety: 0,
    trust: 0,
  },
  {
    name: 'duration without a tolerance fires nothing',
    facts: { outageMinutes: 10_000 },
    continuity: 0,
    safety: 0,
    trust: 0,
  },
  // prefectures: 2 → 2, 4 → 3, 10 → 4
  { name: 'one prefecture', facts: { prefecturesAffected: 1 }, continuity: 0, safety: 0, trust: 0 },
  { name: 'two prefectures', facts: { prefecturesAffected: 2 }, continuity: 2, safety: 0, trust: 0 },
  { name: 'three prefectures', facts: { prefecturesAffected: 3 }, continuity: 2, safety: 0, trust: 0 },
  { name: 'four prefectures', facts: { prefecturesAffected: 4 }, continuity: 3, safety: 0, trust: 0 },
  { name: 'nine prefectures', facts: { prefecturesAffected: 9 }, continuity: 3, safety: 0, trust: 0 },
  { name: 'ten prefectures', facts: { prefecturesAffected: 10 }, continuity: 4, safety: 0, trust: 0 },
  { name: 'all 47 prefectures', facts: { prefecturesAffected: 47 }, continuity: 4, safety: 0, trust: 0 },
  // safety
  {
    name: 'no hazard, no evacuation',
    facts: { safetyHazard: false, evacuation: false, injuries: 0, fatalities: 0 },
    continuity: 0,
    safety: 0,
    trust: 0,
  },
  { name: 'a hazard without harm', facts: { safetyHazard: true }, continuity: 0, safety: 2, trust: 0 },
  { name: 'an evacuation', facts: { evacuation: true }, continuity: 0, safety: 3, trust: 0 },
  { name: 'one injury', facts: { injuries: 1 }, continuity: 0, safety: 3, trust: 0 },
  { name: 'nine injuries', facts: { injuries: 9 }, continuity: 0, safety: 3, trust: 0 },
  { name: 'ten injuries', facts: { injuries: 10 }, continuity: 0, safety: 4, trust: 0 },
  { name: 'one death', facts: { fatalities: 1 }, continuity: 0, safety: 4, trust: 0 },
  {
    name: 'hazard, evacuation and injuries: the highest wins',
    facts: { safetyHazard: true, evacuation: true, injuries: 12 },
    continuity: 0,
    safety: 4,
    trust: 0,
    rules: ['safety.injuries', 'safety.evacuation', 'safety.safetyHazard'],
  },
  // trust
  { name: 'no data loss', facts: { dataLoss: 'none' }, continuity: 0, safety: 0, trust: 0 },
  { name: 'suspected data loss', facts: { dataLoss: 'suspected' }, continuity: 0, safety: 0, trust: 1 },
  { name: 'confirmed data loss', facts: { dataLoss: 'confirmed' }, continuity: 0, safety: 0, trust: 2 },
  {
    name: '999 records',
    facts: { dataLoss: 'confirmed', dataRecordsAffected: 999 },
    continuity: 0,
    safety: 0,
    trust: 2,
  },
  {
    name: '1,000 records',
    facts: { dataLoss: 'suspected', dataRecordsAffected: 1_000 },
    continuity: 0,
    safety: 0,
    trust: 2,
  },
  {
    name: '100,000 records',
    facts: { dataLoss: 'confirmed', dataRecordsAffected: 100_000 },
    continuity: 0,
    safety: 0,
    trust: 3,
  },
  {
    name: '1,000,000 records',
    facts: { dataLoss: 'confirmed', dataRecordsAffected: 1_000_000 },
    continuity: 0,
    safety: 0,
    trust: 4,
  },
  {
    name: 'records do not count when no data was lost',
    facts: { dataLoss: 'none', dataRecordsAffected: 5_000_000 },
    continuity: 0,
    safety: 0,
    trust: 0,
  },
  { name: 'local media', facts: { mediaAttention: 'local' }, continuity: 0, safety: 0, trust: 2 },
  { name: 'national media', facts: { mediaAttention: 'national' }, continuity: 0, safety: 0, trust: 3 },
  {
    name: 'international media',
    facts: { mediaAttention: 'international' },
    continuity: 0,
    safety: 0,
    trust: 4,
  },
  {
    name: 'a large outage also costs trust',
    facts: { serviceImpact: 'full_outage', affectedUsers: 1_000_000 },
    continuity: 4,
    safety: 0,
    trust: 3,
    rules: ['continuity.affectedUsers', 'continuity.serviceImpact'],
  },
  {
    name: 'users of a degraded service do not cost trust',
    facts: { serviceImpact: 'degraded', affectedUsers: 1_000_000 },
    continuity: 4,
    safety: 0,
    trust: 0,
  },
  {
    name: 'partial outage, 99,999 users: trust below its first step',
    facts: { serviceImpact: 'partial_outage', affectedUsers: 99_999 },
    continuity: 2,
    safety: 0,
    trust: 0,
  },
  {
    name: 'partial outage, 100,000 users: trust at its first step',
    facts: { serviceImpact: 'partial_outage', affectedUsers: 100_000 },
    continuity: 3,
    safety: 0,
    trust: 2,
  },
  {
    name: 'a realistic regional railway outage',
    facts: {
      serviceImpact: 'partial_outage',
      affectedUsers: 40_000,
      outageMinutes: 90,
      toleranceMinutes: 60,
      prefecturesAffected: 2,
      mediaAttention: 'local',
    },
    continuity: 3,
    safety: 0,
    trust: 2,
    rules: [
      'continuity.durationRatio',
      'continuity.serviceImpact',
      'continuity.affectedUsers',
      'continuity.prefecturesAffected',
    ],
  },
];

describe('suggestSeverity (default rubric)', () => {
  for (const c of CASES) {
    it(`suggests ${c.continuity}/${c.safety}/${c.trust} for ${c.name}`, () => {
      const s = suggestSeverity(c.facts, T);
      assert.deepEqual(
        [s.continuity.level, s.safety.level, s.trust.level],
        [c.continuity, c.safety, c.trust],
        JSON.stringify(s, null, 1),
      );
      assert.equal(s.overall, Math.max(c.continuity, c.safety, c.trust));
      if (c.rules) {
        const vp = c.rules[0]?.split('.')[0] as 'continuity' | 'safety' | 'trust';
        assert.deepEqual(
          s[vp].reasons.map((r) => r.rule),
          c.rules,
        );
      }
      for (const viewpoint of ['continuity', 'safety', 'trust'] as const) {
        const v = s[viewpoint];
        assert.ok(v.reasons.length > 0, `${viewpoint} has at least one reason`);
        assert.equal(v.reasons[0]?.level, v.level, `${viewpoint}'s first reason carries its level`);
        for (const r of v.reasons) {
          assert.ok(r.text.ja.length > 0 && r.text.en.length > 0, 'every reason is bilingual');
          assert.ok(r.rule.startsWith(`${viewpoint}.`), `${r.rule} belongs to ${viewpoint}`);
        }
      }
    });
  }

  it('names the value and the threshold that fired, in both languages', () => {
    const s = suggestSeverity({ affectedUsers: 120_000 }, T);
    const reason = s.continuity.reasons[0];
    assert.equal(reason?.rule, 'continuity.affectedUsers');
    assert.equal(reason?.text.en, 'Affected users 120,000 reached the threshold of 100,000: level 3 (High)');
    assert.equal(reason?.text.ja, '影響を受けた利用者数 120,000 が閾値 100,000 以上: レベル3（高）');
  });

  it('states the duration as a multiple of the tolerance', () => {
    const s = suggestSeverity({ serviceImpact: 'full_outage', outageMinutes: 300, toleranceMinutes: 120 }, T);
    const reason = s.continuity.reasons.find((r) => r.rule === 'continuity.durationRatio');
    assert.match(
      reason?.text.en ?? '',
      /300 min is 2\.5× the service's tolerance of 120 min \(threshold 1×\): level 3 \(High\)/,
    );
    assert.match(reason?.text.ja ?? '', /2\.5 倍/);
  });

  it('follows edited thresholds', () => {
    const strict: RubricThresholds = structuredClone(T);
    strict.continuity.affectedUsers = [{ atLeast: 100, level: 4 }];
    strict.safety.evacuation = 4;
    const s = suggestSeverity({ affectedUsers: 100, evacuation: true }, strict);
    assert.equal(s.continuity.level, 4);
    assert.equal(s.safety.level, 4);
    assert.equal(suggestSeverity({ affectedUsers: 99 }, strict).continuity.level, 0);
  });
});

describe('stepReached', () => {
  const steps = [
    { atLeast: 10, level: 1 },
    { atLeast: 100, level: 3 },
  ];
  for (const [value, expected] of [
    [0, undefined],
    [9.99, undefined],
    [10, 1],
    [99, 1],
    [100, 3],
    [1e9, 3],
  ] as const) {
    it(`gives ${String(expected)} for ${value}`, () => {
      assert.equal(stepReached(value, steps)?.level, expected);
    });
  }
  it('does not depend on the order of the steps', () => {
    assert.equal(stepReached(150, [...steps].reverse())?.level, 3);
  });
});

describe('checkThresholds', () => {
  it('accepts the default rubric, which also fits its schema', () => {
    assert.deepEqual(checkThresholds(T), []);
    assert.ok(Value.Check(RubricThresholdsSchema, T), 'the default rubric fits the contract');
  });

  it('refuses steps that do not ascend', () => {
    const bad: RubricThresholds = structuredClone(T);
    bad.continuity.affectedUsers = [
      { atLeast: 100, level: 2 },
      { atLeast: 100, level: 3 },
    ];
    assert.deepEqual(
      checkThresholds(bad).map((e) => [e.field, e.code]),
      [['/body/thresholds/continuity/affectedUsers/1/atLeast', 'NOT_ASCENDING']],
    );
  });

  it('refuses a higher step with a lower level', () => {
    const bad: RubricThresholds = structuredClone(T);
    bad.safety.injuries = [
      { atLeast: 1, level: 3 },
      { atLeast: 10, level: 2 },
    ];
    assert.deepEqual(
      checkThresholds(bad).map((e) => e.code),
      ['LEVEL_DECREASES'],
    );
  });

  it('refuses a worse value suggesting a lower level', () => {
    const bad: RubricThresholds = structuredClone(T);
    bad.continuity.serviceImpact.full_outage = 1;
    bad.trust.mediaAttention.international = 0;
    assert.deepEqual(
      checkThresholds(bad).map((e) => e.field),
      [
        '/body/thresholds/continuity/serviceImpact/full_outage',
        '/body/thresholds/trust/mediaAttention/international',
      ],
    );
  });
});
