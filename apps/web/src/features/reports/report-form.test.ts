import { describe, expect, it } from 'vitest';
import {
  createBody,
  emptyForm,
  emptyRating,
  emptySeverityInputs,
  severityFacts,
  updateBody,
  validateStep,
  type ReportForm,
} from './report-form.js';

const now = new Date('2026-11-23T03:00:00Z'); // 12:00 JST

function filled(overrides: Partial<ReportForm> = {}): ReportForm {
  return {
    ...emptyForm('ja'),
    kind: 'outage',
    title: 'インターネットバンキングに接続できない',
    description: '09:10 頃から接続障害が発生。',
    sectorCode: 'finance',
    cause: 'system_failure',
    systems: ['it'],
    occurredAt: '2026-11-23T09:00',
    detectedAt: '2026-11-23T09:10',
    serviceImpact: 'partial_outage',
    ...overrides,
  };
}

describe('wizard step validation', () => {
  const rating = emptyRating();

  it('asks for the kind before anything else', () => {
    expect(validateStep('kind', emptyForm('ja'), rating, now)).toEqual({ kind: 'REQUIRED' });
    expect(validateStep('kind', filled(), rating, now)).toEqual({});
  });

  it('requires what submit requires on the facts step', () => {
    expect(validateStep('facts', { ...emptyForm('ja'), kind: 'outage' }, rating, now)).toEqual({
      title: 'REQUIRED',
      description: 'REQUIRED',
      sectorCode: 'REQUIRED',
      cause: 'REQUIRED',
      systems: 'REQUIRED_ONE',
      detectedAt: 'REQUIRED',
    });
    expect(validateStep('facts', filled(), rating, now)).toEqual({});
  });

  it('checks the times as JST: order, existence, and not in the future', () => {
    expect(validateStep('facts', filled({ detectedAt: '2026-11-23T08:59' }), rating, now)).toEqual({
      detectedAt: 'DETECTED_BEFORE_OCCURRED',
    });
    expect(validateStep('facts', filled({ occurredAt: '2026-02-30T09:00' }), rating, now)).toEqual({
      occurredAt: 'INVALID_TIME',
    });
    // 12:04 JST is within the clock tolerance; 12:30 JST is not.
    expect(validateStep('facts', filled({ detectedAt: '2026-11-23T12:04' }), rating, now)).toEqual({});
    expect(validateStep('facts', filled({ detectedAt: '2026-11-23T12:30' }), rating, now)).toEqual({
      detectedAt: 'IN_FUTURE',
    });
  });

  it('holds the impact to the kind and the attack forms to the cause', () => {
    expect(validateStep('impact', filled({ serviceImpact: null }), rating, now)).toEqual({
      serviceImpact: 'REQUIRED',
    });
    expect(
      validateStep('impact', filled({ kind: 'sign', serviceImpact: 'full_outage' }), rating, now),
    ).toEqual({
      serviceImpact: 'SIGN_WITH_OUTAGE',
    });
    expect(validateStep('impact', filled({ ddosEnabled: true }), rating, now)).toEqual({
      forms: 'FORMS_NEED_CYBERATTACK',
    });
    expect(
      validateStep('impact', filled({ expectedRestorationAt: '2026-11-23T08:00' }), rating, now),
    ).toEqual({ expectedRestorationAt: 'RESTORATION_BEFORE_OCCURRED' });
    // Restoration is expected later, so a future time is right there.
    expect(
      validateStep('impact', filled({ expectedRestorationAt: '2026-11-24T08:00' }), rating, now),
    ).toEqual({});
  });

  it('lets the rating be skipped, but not half given', () => {
    expect(validateStep('severity', filled(), rating, now)).toEqual({});
    expect(validateStep('severity', filled(), { ...rating, continuity: 3 }, now)).toEqual({
      'rating.safety': 'REQUIRED',
      'rating.trust': 'REQUIRED',
      rationale: 'REQUIRED',
    });
  });

  it('refuses a relay for STRICT and RED', () => {
    expect(
      validateStep('routing', filled({ route: 'anonymized', tlp: 'amber+strict' }), rating, now),
    ).toEqual({
      tlp: 'TLP_FORBIDS_RELAY',
    });
    expect(validateStep('routing', filled({ route: 'hotline', tlp: 'amber' }), rating, now)).toEqual({});
  });
});

describe('what the wizard sends', () => {
  it('sends JST times as UTC and unknown values as null', () => {
    const body = createBody({ ...filled({ affectedPrefectures: ['13', '14'] }), kind: 'outage' });
    expect(body).toMatchObject({
      kind: 'outage',
      occurredAt: '2026-11-23T00:00:00.000Z',
      detectedAt: '2026-11-23T00:10:00.000Z',
      affectedPrefectures: ['13', '14'],
      affectedUsersEstimate: null,
      service: null,
      route: 'normal',
      tlp: 'amber',
      forms: {},
    });
    expect(body.expectedRestorationAt).toBeNull();
  });

  it('keeps routing out of a change after submit', () => {
    const form = filled({ route: 'hotline' });
    expect(updateBody(form, 3, true)).toMatchObject({ version: 3, route: 'hotline', tlp: 'amber' });
    expect(updateBody(form, 4, false)).not.toHaveProperty('route');
  });

  it('asks the rubric with the report facts and the extra answers', () => {
    const facts = severityFacts(
      filled({ affectedUsersEstimate: 120_000, affectedPrefectures: ['13', '14', '11'] }),
      { ...emptySeverityInputs(), toleranceMinutes: 60, evacuation: true },
      now,
    );
    expect(facts).toEqual({
      serviceImpact: 'partial_outage',
      affectedUsers: 120_000,
      prefecturesAffected: 3,
      outageMinutes: 180,
      toleranceMinutes: 60,
      evacuation: true,
    });
  });
});
