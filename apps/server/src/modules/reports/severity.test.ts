import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type {
  OrganizationKind,
  Role,
  SeverityBasis,
  SeverityLevel,
  SeverityMappingEntry,
} from '@cipx/contracts';
import {
  DEFAULT_SEVERITY_MAPPING,
  checkMapping,
  currentRating,
  isCissSignificant,
  mapToCiss,
  mayRate,
  overallOf,
} from './severity.js';

describe('overallOf', () => {
  const cases: [number, number, number, number][] = [
    [0, 0, 0, 0],
    [1, 0, 0, 1],
    [0, 2, 1, 2],
    [1, 1, 3, 3],
    [4, 0, 0, 4],
    [2, 4, 3, 4],
  ];
  for (const [continuity, safety, trust, overall] of cases) {
    it(`is ${overall} for ${continuity}/${safety}/${trust}`, () => {
      assert.equal(
        overallOf({
          continuity: continuity as SeverityLevel,
          safety: safety as SeverityLevel,
          trust: trust as SeverityLevel,
        }),
        overall,
      );
    });
  }
});

describe('NISC → CISS mapping', () => {
  it('maps level for level by default and marks CISS 3+ significant', () => {
    const mapped = ([0, 1, 2, 3, 4] as const).map((l) => mapToCiss(l, DEFAULT_SEVERITY_MAPPING.entries));
    assert.deepEqual(mapped, [0, 1, 2, 3, 4]);
    assert.deepEqual(mapped.map(isCissSignificant), [false, false, false, true, true]);
  });

  it('says it is CIPX’s default, not an official mapping', () => {
    assert.match(DEFAULT_SEVERITY_MAPPING.note.en, /not an official/);
    assert.match(DEFAULT_SEVERITY_MAPPING.note.ja, /公式な対応付けではありません/);
  });

  it('accepts a mapping that sends Crisis to Emergency', () => {
    const entries: SeverityMappingEntry[] = [0, 1, 2, 3, 4].map((nisc) => ({
      nisc,
      ciss: nisc === 4 ? 5 : nisc,
    }));
    assert.deepEqual(checkMapping(entries), []);
    assert.equal(mapToCiss(4, entries), 5);
  });

  it('refuses a missing or repeated level and a mapping that goes down', () => {
    const missing = [0, 1, 2, 3, 3].map((nisc) => ({ nisc, ciss: nisc }));
    assert.deepEqual(
      checkMapping(missing).map((e) => e.code),
      ['DUPLICATE_LEVEL', 'MISSING_LEVEL'],
    );
    const down = [0, 1, 2, 3, 4].map((nisc) => ({ nisc, ciss: nisc === 3 ? 1 : nisc }));
    assert.deepEqual(
      checkMapping(down).map((e) => [e.field, e.code]),
      [['/body/entries/3/ciss', 'NOT_MONOTONE']],
    );
  });
});

describe('currentRating', () => {
  const at = (minutes: number) => new Date(Date.UTC(2026, 3, 1, 0, minutes));
  const r = (id: string, basis: SeverityBasis, overall: SeverityLevel, minutes: number) => ({
    id,
    basis,
    overall,
    createdAt: at(minutes),
  });

  it('is undefined without ratings', () => {
    assert.equal(currentRating([]), undefined);
  });
  it('is the latest provisional rating without a final one', () => {
    assert.equal(currentRating([r('a', 'provisional', 3, 1), r('b', 'provisional', 1, 2)])?.id, 'b');
  });
  it('is the final rating even when provisional ones came later', () => {
    assert.equal(
      currentRating([r('a', 'provisional', 3, 1), r('f', 'final', 2, 2), r('c', 'provisional', 4, 3)])?.id,
      'f',
    );
  });
  it('is the latest of several final ratings', () => {
    assert.equal(
      currentRating([r('f1', 'final', 2, 1), r('f2', 'final', 3, 5), r('p', 'provisional', 1, 9)])?.id,
      'f2',
    );
  });
  it('breaks a tie in time by insertion order', () => {
    assert.equal(currentRating([r('a', 'provisional', 1, 1), r('b', 'provisional', 2, 1)])?.id, 'b');
  });
});

describe('mayRate', () => {
  const report = { originatorOrgId: 'org-reporter' };
  const viewer = (organizationId: string, organizationKind: OrganizationKind, role: Role) => ({
    organizationId,
    organizationKind,
    role,
  });
  const cases: [string, ReturnType<typeof viewer>, SeverityBasis, string | null][] = [
    [
      'the reporter organization’s reporter, provisionally',
      viewer('org-reporter', 'operator', 'reporter'),
      'provisional',
      'reporter',
    ],
    ['the reporter organization’s viewer', viewer('org-reporter', 'operator', 'viewer'), 'provisional', null],
    ['the reporter organization, finally', viewer('org-reporter', 'operator', 'admin'), 'final', null],
    ['another operator', viewer('org-other', 'operator', 'admin'), 'provisional', null],
    ['a ministry analyst', viewer('org-mlit', 'ministry', 'analyst'), 'provisional', 'ministry'],
    ['a ministry reporter', viewer('org-mlit', 'ministry', 'reporter'), 'provisional', null],
    ['a ministry admin, finally', viewer('org-mlit', 'ministry', 'admin'), 'final', null],
    ['a CEPTOAR manager', viewer('org-ceptoar', 'ceptoar', 'manager'), 'provisional', 'ceptoar'],
    ['a CEPTOAR admin, finally', viewer('org-ceptoar', 'ceptoar', 'admin'), 'final', null],
    ['a supporting agency', viewer('org-agency', 'supporting_agency', 'admin'), 'provisional', null],
    ['a vendor', viewer('org-vendor', 'vendor', 'admin'), 'provisional', null],
    [
      'the coordinator’s analyst, provisionally',
      viewer('org-nco', 'coordinator', 'analyst'),
      'provisional',
      'coordinator',
    ],
    [
      'the coordinator’s analyst, finally',
      viewer('org-nco', 'coordinator', 'analyst'),
      'final',
      'coordinator',
    ],
    ['the coordinator’s reporter, finally', viewer('org-nco', 'coordinator', 'reporter'), 'final', null],
    [
      'the coordinator on its own report, finally',
      viewer('org-reporter', 'coordinator', 'admin'),
      'final',
      'coordinator',
    ],
  ];
  for (const [name, who, basis, expected] of cases) {
    it(`${expected === null ? 'refuses' : `lets rate as ${expected}`} ${name} (${basis})`, () => {
      assert.equal(mayRate(who, report, basis), expected);
    });
  }
});
