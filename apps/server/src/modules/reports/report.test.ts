import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ReportFacts } from '@cipx/contracts';
import {
  advanceHops,
  canTransition,
  checkComplete,
  checkFacts,
  decideHops,
  diffFacts,
  formatReportNumber,
  holdsPendingHop,
  permission,
  planRoute,
  recipientOrganizations,
  scrubOriginator,
  toFieldErrors,
  DEFAULT_ROUTING,
  type ReportActor,
  type RouteInput,
} from './report.js';
import { contactOrder } from './reports.jobs.js';
import { blankFacts } from './reports.service.js';

const NOW = new Date('2026-11-20T03:00:00Z');

function facts(overrides: Partial<ReportFacts> = {}): ReportFacts {
  return {
    ...blankFacts('outage', 'ja'),
    title: '勘定系システム停止',
    description: '午前9時から勘定系が停止',
    sectorCode: 'finance',
    cause: 'system_failure',
    systems: ['it'],
    occurredAt: '2026-11-20T00:00:00.000Z',
    detectedAt: '2026-11-20T00:10:00.000Z',
    serviceImpact: 'full_outage',
    ...overrides,
  };
}

const actor = (overrides: Partial<ReportActor>): ReportActor => ({
  role: 'analyst',
  organizationKind: 'operator',
  isOriginator: false,
  isRecipient: false,
  holdsPendingHop: false,
  ...overrides,
});

describe('report lifecycle', () => {
  it('allows only the listed status changes', () => {
    assert.ok(canTransition('draft', 'submitted'), 'draft → submitted');
    assert.ok(canTransition('resolved', 'under_analysis'), 'a resolved report may be reopened');
    assert.ok(!canTransition('closed', 'under_analysis'), 'closed is final');
    assert.ok(!canTransition('draft', 'resolved'), 'a draft cannot be resolved');
  });

  it('lets the originator’s reporters edit and submit drafts, and add facts after submit', () => {
    const reporter = actor({ role: 'reporter', isOriginator: true });
    assert.equal(permission(reporter, 'edit_draft', 'draft'), 'allowed');
    assert.equal(permission(reporter, 'submit', 'draft'), 'allowed');
    assert.equal(permission(reporter, 'update_facts', 'acknowledged'), 'allowed');
    assert.equal(permission(reporter, 'update_facts', 'closed'), 'wrong_status');
    assert.equal(permission(actor({ role: 'viewer', isOriginator: true }), 'submit', 'draft'), 'forbidden');
    assert.equal(permission(actor({ role: 'admin' }), 'edit_draft', 'draft'), 'forbidden');
  });

  it('lets recipients’ analysts acknowledge, but not reporters or non-recipients', () => {
    assert.equal(permission(actor({ isRecipient: true }), 'acknowledge', 'submitted'), 'allowed');
    assert.equal(
      permission(actor({ isRecipient: true, role: 'reporter' }), 'acknowledge', 'submitted'),
      'forbidden',
    );
    assert.equal(
      permission(actor({ isOriginator: true, role: 'admin' }), 'acknowledge', 'submitted'),
      'forbidden',
    );
    assert.equal(permission(actor({ isRecipient: true }), 'acknowledge', 'draft'), 'wrong_status');
  });

  it('lets the coordinator and ministries analyse and resolve, and only the coordinator close', () => {
    const ministry = actor({ organizationKind: 'ministry', isRecipient: true });
    const coordinator = actor({ organizationKind: 'coordinator', isRecipient: true });
    const ceptoar = actor({ organizationKind: 'ceptoar', isRecipient: true });
    assert.equal(permission(ministry, 'under_analysis', 'acknowledged'), 'allowed');
    assert.equal(permission(ministry, 'resolved', 'under_analysis'), 'allowed');
    assert.equal(permission(ministry, 'closed', 'resolved'), 'forbidden');
    assert.equal(permission(coordinator, 'closed', 'resolved'), 'allowed');
    assert.equal(permission(coordinator, 'closed', 'under_analysis'), 'wrong_status');
    assert.equal(permission(ceptoar, 'under_analysis', 'submitted'), 'forbidden');
  });
});

describe('report checks', () => {
  it('accepts consistent facts', () => {
    assert.deepEqual(checkFacts(facts(), NOW), []);
    assert.deepEqual(checkComplete(facts()), []);
  });

  it('refuses detection before occurrence, reporting before detection and times in the future', () => {
    const problems = checkFacts(
      facts({
        occurredAt: '2026-11-20T01:00:00.000Z',
        detectedAt: '2026-11-20T00:00:00.000Z',
        reportedAt: '2026-11-19T00:00:00.000Z',
        expectedRestorationAt: '2026-11-19T12:00:00.000Z',
      }),
      NOW,
    );
    assert.deepEqual(
      problems.map((p) => `${p.field}:${p.code}`),
      [
        'detectedAt:DETECTED_BEFORE_OCCURRED',
        'reportedAt:REPORTED_BEFORE_DETECTED',
        'expectedRestorationAt:RESTORATION_BEFORE_OCCURRED',
      ],
    );
    const future = checkFacts(facts({ occurredAt: null, detectedAt: '2026-11-20T04:00:00.000Z' }), NOW);
    assert.deepEqual(
      future.map((p) => p.code),
      ['IN_FUTURE'],
    );
    // A reporter's clock a minute ahead is not the future.
    assert.deepEqual(
      checkFacts(facts({ occurredAt: null, detectedAt: '2026-11-20T03:01:00.000Z' }), NOW),
      [],
    );
  });

  it('refuses an outage on a sign (near-miss) report', () => {
    const problems = checkFacts(facts({ kind: 'sign', serviceImpact: 'partial_outage' }), NOW);
    assert.deepEqual(
      problems.map((p) => p.code),
      ['SIGN_WITH_OUTAGE'],
    );
  });

  it('lists every missing field before submit; service impact only for outages', () => {
    const empty = blankFacts('outage', 'en');
    assert.deepEqual(
      checkComplete(empty).map((p) => p.field),
      ['title', 'description', 'sectorCode', 'cause', 'detectedAt', 'systems', 'serviceImpact'],
    );
    assert.ok(
      !checkComplete(facts({ kind: 'vulnerability', serviceImpact: null })).some(
        (p) => p.field === 'serviceImpact',
      ),
      'a vulnerability report needs no service impact',
    );
  });

  it('keeps the attack forms to cyberattacks (or unknown causes)', () => {
    const ransom = { ransomware: { family: 'LockBit' } };
    assert.deepEqual(
      checkComplete(facts({ cause: 'natural_disaster', forms: ransom })).map((p) => p.code),
      ['FORMS_NEED_CYBERATTACK'],
    );
    assert.deepEqual(checkComplete(facts({ cause: 'cyberattack', forms: ransom })), []);
  });

  it('translates field errors into Japanese and English', () => {
    const problems = [{ field: 'title', code: 'REQUIRED' as const }];
    assert.deepEqual(toFieldErrors(problems, 'ja'), [
      { field: '/title', code: 'REQUIRED', message: '入力してください' },
    ]);
    assert.equal(toFieldErrors(problems, 'en')[0]?.message, 'A value is required');
  });

  it('diffs only the changed facts, with values before and after', () => {
    const before = facts();
    const after = facts({ serviceImpact: 'partial_outage', affectedPrefectures: ['13'] });
    assert.deepEqual(diffFacts(before, after), {
      serviceImpact: { before: 'full_outage', after: 'partial_outage' },
      affectedPrefectures: { before: [], after: ['13'] },
    });
    assert.deepEqual(diffFacts(before, facts()), {});
  });
});

describe('route planning', () => {
  const base: RouteInput = {
    route: 'normal',
    tlp: 'amber',
    originatorOrgId: 'op',
    ministryOrgId: 'fsa',
    coordinatorOrgId: 'nco',
    relayOrgId: null,
    consentOfficeOrgId: null,
    consentToForward: false,
    settingOf: () => DEFAULT_ROUTING,
  };
  const shape = (input: RouteInput) => {
    const plan = planRoute(input);
    assert.ok(plan.ok, `plan failed: ${JSON.stringify(plan)}`);
    return plan.hops.map((h) => `${h.fromOrgId}>${h.toOrgId}:${h.mode}${h.copy ? ':copy' : ''}:${h.status}`);
  };

  it('routes a normal report operator → ministry → coordinator', () => {
    assert.deepEqual(shape(base), ['op>fsa:automatic:pending', 'fsa>nco:automatic:pending']);
  });

  it('takes the hop mode from the forwarding organization’s setting', () => {
    const reviewed = {
      ...base,
      settingOf: (id: string) =>
        id === 'fsa' ? { mode: 'reviewed' as const, forwardWithinMinutes: 30 } : DEFAULT_ROUTING,
    };
    assert.deepEqual(shape(reviewed), ['op>fsa:automatic:pending', 'fsa>nco:reviewed:pending']);
    // The originator's own hop is its submit, whatever its setting says.
    const selfReviewed = {
      ...base,
      settingOf: () => ({ mode: 'reviewed' as const, forwardWithinMinutes: 30 }),
    };
    assert.deepEqual(shape(selfReviewed), ['op>fsa:automatic:pending', 'fsa>nco:reviewed:pending']);
  });

  it('sends a ministry’s own report, or one without a ministry, straight to the coordinator', () => {
    assert.deepEqual(shape({ ...base, originatorOrgId: 'fsa' }), ['fsa>nco:automatic:pending']);
    assert.deepEqual(shape({ ...base, ministryOrgId: null }), ['op>nco:automatic:pending']);
    assert.deepEqual(shape({ ...base, originatorOrgId: 'nco' }), []);
  });

  it('routes the hotline to the coordinator with a copy to the ministry', () => {
    assert.deepEqual(shape({ ...base, route: 'hotline' }), [
      'op>nco:automatic:pending',
      'op>fsa:automatic:copy:pending',
    ]);
  });

  it('routes an anonymized report through a relay that always reviews, and refuses RED and AMBER+STRICT', () => {
    const anonymized = { ...base, route: 'anonymized' as const, relayOrgId: 'ceptoar' };
    assert.deepEqual(shape(anonymized), ['op>ceptoar:automatic:pending', 'ceptoar>nco:reviewed:pending']);
    const plan = planRoute(anonymized);
    assert.ok(plan.ok && plan.anonymized && plan.relayOrgId === 'ceptoar', 'anonymized with the relay');
    for (const tlp of ['red', 'amber+strict'] as const) {
      const refused = planRoute({ ...anonymized, tlp });
      assert.ok(!refused.ok && refused.problems[0]?.code === 'TLP_FORBIDS_RELAY', `${tlp} refused`);
    }
    const noRelay = planRoute({ ...anonymized, relayOrgId: null });
    assert.ok(!noRelay.ok && noRelay.problems[0]?.code === 'NO_RELAY', 'a relay is needed');
  });

  it('holds the consent route’s hop to the coordinator until the reporter consents', () => {
    const consent = { ...base, route: 'consent' as const, consentOfficeOrgId: 'npa' };
    assert.deepEqual(shape(consent), ['op>npa:automatic:pending', 'npa>nco:automatic:held_for_consent']);
    assert.deepEqual(shape({ ...consent, consentToForward: true }), [
      'op>npa:automatic:pending',
      'npa>nco:automatic:pending',
    ]);
  });

  it('forwards automatic hops at once and gives reviewed hops a deadline', () => {
    const reviewed = {
      ...base,
      settingOf: (id: string) =>
        id === 'fsa' ? { mode: 'reviewed' as const, forwardWithinMinutes: 30 } : DEFAULT_ROUTING,
    };
    const plan = planRoute(reviewed);
    assert.ok(plan.ok, 'planned');
    const { hops, forwarded } = advanceHops('op', plan.hops, NOW, 'u1');
    assert.deepEqual(
      forwarded.map((h) => h.toOrgId),
      ['fsa'],
    );
    assert.equal(hops[1]?.status, 'pending');
    assert.equal(hops[1]?.dueAt?.toISOString(), '2026-11-20T03:30:00.000Z');
    assert.deepEqual(recipientOrganizations('op', hops), ['fsa']);
    assert.ok(holdsPendingHop('op', hops, 'fsa'), 'the ministry holds the hop');
    assert.ok(!holdsPendingHop('op', hops, 'nco'), 'the coordinator holds nothing');

    const decided = decideHops('op', hops, 'fsa', 'forward', NOW, 'u2');
    assert.deepEqual(
      decided.forwarded.map((h) => h.toOrgId),
      ['nco'],
    );
    assert.deepEqual(recipientOrganizations('op', decided.hops), ['fsa', 'nco']);
    const declined = decideHops('op', hops, 'fsa', 'decline', NOW, 'u2');
    assert.deepEqual(declined.forwarded, []);
    assert.deepEqual(recipientOrganizations('op', declined.hops), ['fsa']);
  });

  it('cascades automatic hops through the whole chain', () => {
    const plan = planRoute(base);
    assert.ok(plan.ok, 'planned');
    const { forwarded } = advanceHops('op', plan.hops, NOW, 'u1');
    assert.deepEqual(
      forwarded.map((h) => h.toOrgId),
      ['fsa', 'nco'],
    );
  });
});

describe('anonymity helpers', () => {
  it('replaces the hidden originator with the relay and drops the author anywhere in a detail', () => {
    const detail = { fromOrgId: 'op', nested: [{ by: 'author-1' }, 'op', 'other'], toOrgId: 'ceptoar' };
    assert.deepEqual(
      scrubOriginator(detail, { originatorOrgId: 'op', authorUserId: 'author-1', relayOrgId: 'ceptoar' }),
      {
        fromOrgId: 'ceptoar',
        nested: [{ by: null }, 'ceptoar', 'other'],
        toOrgId: 'ceptoar',
      },
    );
  });

  it('numbers reports by the year in Japan', () => {
    assert.equal(formatReportNumber(new Date('2026-12-31T16:00:00Z'), 123), 'R-2027-000123');
    assert.equal(formatReportNumber(new Date('2026-06-01T00:00:00Z'), 1234567), 'R-2026-1234567');
  });
});

describe('arrival notices', () => {
  it('calls the 24/7 duty contact first from overall severity 3', () => {
    assert.deepEqual(contactOrder(null), ['primary', 'backup', 'duty_24x7']);
    assert.deepEqual(contactOrder(2), ['primary', 'backup', 'duty_24x7']);
    assert.deepEqual(contactOrder(3), ['duty_24x7', 'primary', 'backup']);
  });
});
