import type {
  CreateReportBody,
  DataLossLevel,
  DdosForm,
  MediaAttentionLevel,
  RansomwareForm,
  ReportCause,
  ReportDetail,
  ReportKind,
  ReportRoute,
  ReportSystem,
  ServiceImpact,
  SeverityFacts,
  SeverityLevel,
  Tlp,
  UpdateReportBody,
} from '../../lib/types.js';
import { fromJstInput, isValidJstInput, minutesBetween, toJstInput } from './jst.js';

import type { WizardStep } from './wizard/wizard-steps.js';

export { WIZARD_STEPS, type WizardStep } from './wizard/wizard-steps.js';

/** What the reporter types: times as JST datetime-local values, numbers as '' until given. */
export interface ReportForm {
  kind: ReportKind | null;
  title: string;
  description: string;
  language: 'ja' | 'en';
  sectorCode: string | null;
  service: string;
  cause: ReportCause | null;
  systems: ReportSystem[];
  occurredAt: string;
  detectedAt: string;
  serviceImpact: ServiceImpact | null;
  affectedPrefectures: string[];
  affectedUsersEstimate: number | '';
  expectedRestorationAt: string;
  safetyImpact: string;
  ddosEnabled: boolean;
  ddos: { trafficGbps: number | ''; pps: number | ''; durationMinutes: number | ''; vector: string };
  ransomwareEnabled: boolean;
  ransomware: {
    note: string;
    fileExtension: string;
    family: string;
    intrusionVector: string;
    /** One indicator per line. */
    indicators: string;
  };
  route: ReportRoute;
  tlp: Tlp;
  exercise: boolean;
}

/** Facts the rubric reads beyond the report's own, and the reporter's provisional rating. */
export interface SeverityInputs {
  toleranceMinutes: number | '';
  injuries: number | '';
  fatalities: number | '';
  evacuation: boolean;
  safetyHazard: boolean;
  dataLoss: DataLossLevel | null;
  dataRecordsAffected: number | '';
  mediaAttention: MediaAttentionLevel | null;
}

export interface ProvisionalRating {
  continuity: SeverityLevel | null;
  safety: SeverityLevel | null;
  trust: SeverityLevel | null;
  rationale: string;
}

export const emptySeverityInputs = (): SeverityInputs => ({
  toleranceMinutes: '',
  injuries: '',
  fatalities: '',
  evacuation: false,
  safetyHazard: false,
  dataLoss: null,
  dataRecordsAffected: '',
  mediaAttention: null,
});

export const emptyRating = (): ProvisionalRating => ({
  continuity: null,
  safety: null,
  trust: null,
  rationale: '',
});

export function emptyForm(language: 'ja' | 'en', sectorCode: string | null = null): ReportForm {
  return {
    kind: null,
    title: '',
    description: '',
    language,
    sectorCode,
    service: '',
    cause: null,
    systems: [],
    occurredAt: '',
    detectedAt: '',
    serviceImpact: null,
    affectedPrefectures: [],
    affectedUsersEstimate: '',
    expectedRestorationAt: '',
    safetyImpact: '',
    ddosEnabled: false,
    ddos: { trafficGbps: '', pps: '', durationMinutes: '', vector: '' },
    ransomwareEnabled: false,
    ransomware: { note: '', fileExtension: '', family: '', intrusionVector: '', indicators: '' },
    route: 'normal',
    tlp: 'amber',
    exercise: false,
  };
}

const orEmpty = (value: number | undefined): number | '' => (value === undefined ? '' : value);

/** The form for an existing report (a draft being continued, or facts being added). */
export function formFromReport(report: ReportDetail): ReportForm {
  const ddos = report.forms.ddos;
  const ransomware = report.forms.ransomware;
  return {
    kind: report.kind,
    title: report.title,
    description: report.description,
    language: report.language,
    sectorCode: report.sectorCode,
    service: report.service ?? '',
    cause: report.cause,
    systems: [...report.systems],
    occurredAt: toJstInput(report.occurredAt),
    detectedAt: toJstInput(report.detectedAt),
    serviceImpact: report.serviceImpact,
    affectedPrefectures: [...report.affectedPrefectures],
    affectedUsersEstimate: report.affectedUsersEstimate ?? '',
    expectedRestorationAt: toJstInput(report.expectedRestorationAt),
    safetyImpact: report.safetyImpact ?? '',
    ddosEnabled: ddos !== undefined,
    ddos: {
      trafficGbps: orEmpty(ddos?.trafficGbps),
      pps: orEmpty(ddos?.pps),
      durationMinutes: orEmpty(ddos?.durationMinutes),
      vector: ddos?.vector ?? '',
    },
    ransomwareEnabled: ransomware !== undefined,
    ransomware: {
      note: ransomware?.note ?? '',
      fileExtension: ransomware?.fileExtension ?? '',
      family: ransomware?.family ?? '',
      intrusionVector: ransomware?.intrusionVector ?? '',
      indicators: (ransomware?.indicators ?? []).join('\n'),
    },
    route: report.route,
    // TLP 1.0's white arrives as clear already; the form only offers the 2.0 labels.
    tlp: report.tlp,
    exercise: report.exercise,
  };
}

const text = (value: string): string | null => (value.trim() === '' ? null : value.trim());
const num = (value: number | ''): number | undefined => (value === '' ? undefined : value);

function ddosSection(form: ReportForm): DdosForm | undefined {
  if (!form.ddosEnabled) return undefined;
  const d = form.ddos;
  return {
    ...(num(d.trafficGbps) !== undefined ? { trafficGbps: num(d.trafficGbps) } : {}),
    ...(num(d.pps) !== undefined ? { pps: num(d.pps) } : {}),
    ...(num(d.durationMinutes) !== undefined ? { durationMinutes: num(d.durationMinutes) } : {}),
    ...(text(d.vector) !== null ? { vector: d.vector.trim() } : {}),
  };
}

function ransomwareSection(form: ReportForm): RansomwareForm | undefined {
  if (!form.ransomwareEnabled) return undefined;
  const r = form.ransomware;
  const indicators = r.indicators
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  return {
    ...(text(r.note) !== null ? { note: r.note.trim() } : {}),
    ...(text(r.fileExtension) !== null ? { fileExtension: r.fileExtension.trim() } : {}),
    ...(text(r.family) !== null ? { family: r.family.trim() } : {}),
    ...(text(r.intrusionVector) !== null ? { intrusionVector: r.intrusionVector.trim() } : {}),
    ...(indicators.length > 0 ? { indicators } : {}),
  };
}

/**
 * The facts as the API takes them. Unknown values go as null (a draft may lack anything);
 * a time that is not a real JST time is left out so the rest of the draft still saves.
 */
export function factsBody(form: ReportForm): Omit<UpdateReportBody, 'version' | 'kind'> {
  const time = (value: string) => (isValidJstInput(value) ? { value: fromJstInput(value) } : undefined);
  const occurred = time(form.occurredAt);
  const detected = time(form.detectedAt);
  const restoration = time(form.expectedRestorationAt);
  const ddos = ddosSection(form);
  const ransomware = ransomwareSection(form);
  return {
    title: form.title.trim(),
    description: form.description.trim(),
    language: form.language,
    sectorCode: form.sectorCode,
    service: text(form.service),
    cause: form.cause,
    systems: form.systems,
    ...(occurred ? { occurredAt: occurred.value } : {}),
    ...(detected ? { detectedAt: detected.value } : {}),
    serviceImpact: form.serviceImpact,
    affectedPrefectures: form.affectedPrefectures,
    affectedUsersEstimate: form.affectedUsersEstimate === '' ? null : form.affectedUsersEstimate,
    ...(restoration ? { expectedRestorationAt: restoration.value } : {}),
    safetyImpact: text(form.safetyImpact),
    forms: { ...(ddos ? { ddos } : {}), ...(ransomware ? { ransomware } : {}) },
  };
}

/** The body that creates a draft; the kind is the one thing a draft needs. */
export function createBody(form: ReportForm & { kind: ReportKind }): CreateReportBody {
  const facts = factsBody(form);
  return {
    ...facts,
    kind: form.kind,
    route: form.route,
    tlp: form.tlp,
    exercise: form.exercise,
  };
}

/** A change of a draft: every field; after submit only the facts may change. */
export function updateBody(form: ReportForm, version: number, draft: boolean): UpdateReportBody {
  return {
    version,
    ...(form.kind !== null ? { kind: form.kind } : {}),
    ...factsBody(form),
    ...(draft ? { route: form.route, tlp: form.tlp, exercise: form.exercise } : {}),
  };
}

/** What the rubric is asked about: the report's facts plus the extra answers on the severity step. */
export function severityFacts(form: ReportForm, inputs: SeverityInputs, now: Date): SeverityFacts {
  const occurred = fromJstInput(form.occurredAt);
  const restoration = fromJstInput(form.expectedRestorationAt);
  const outage = form.serviceImpact === 'partial_outage' || form.serviceImpact === 'full_outage';
  const outageMinutes = outage ? minutesBetween(occurred, restoration ?? now.toISOString()) : null;
  const facts: SeverityFacts = {};
  if (form.serviceImpact !== null) facts.serviceImpact = form.serviceImpact;
  if (form.affectedUsersEstimate !== '') facts.affectedUsers = form.affectedUsersEstimate;
  if (form.affectedPrefectures.length > 0) facts.prefecturesAffected = form.affectedPrefectures.length;
  if (outageMinutes !== null) facts.outageMinutes = outageMinutes;
  if (inputs.toleranceMinutes !== '' && inputs.toleranceMinutes > 0) {
    facts.toleranceMinutes = inputs.toleranceMinutes;
  }
  if (inputs.injuries !== '') facts.injuries = inputs.injuries;
  if (inputs.fatalities !== '') facts.fatalities = inputs.fatalities;
  if (inputs.evacuation) facts.evacuation = true;
  if (inputs.safetyHazard) facts.safetyHazard = true;
  if (inputs.dataLoss !== null) facts.dataLoss = inputs.dataLoss;
  if (inputs.dataRecordsAffected !== '') facts.dataRecordsAffected = inputs.dataRecordsAffected;
  if (inputs.mediaAttention !== null) facts.mediaAttention = inputs.mediaAttention;
  return facts;
}

// --- step validation ---------------------------------------------------------------

/** Field key → error code (the same codes the server uses, so one translation serves both). */
export type StepErrors = Record<string, string>;

/** Reporters' clocks drift; the server accepts a few minutes ahead too. */
const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;

function checkTime(
  errors: StepErrors,
  field: string,
  value: string,
  now: Date,
  required = false,
): number | null {
  if (value === '') {
    if (required) errors[field] = 'REQUIRED';
    return null;
  }
  const iso = fromJstInput(value);
  if (iso === null) {
    errors[field] = 'INVALID_TIME';
    return null;
  }
  const ms = Date.parse(iso);
  if (ms > now.getTime() + FUTURE_TOLERANCE_MS && field !== 'expectedRestorationAt') {
    errors[field] = 'IN_FUTURE';
  }
  return ms;
}

const nonNegativeInteger = (value: number | '') => value === '' || (Number.isInteger(value) && value >= 0);

/**
 * What must be right before leaving a step; the same rules the server applies at submit,
 * checked early so the reporter fixes them where they are typed.
 */
export function validateStep(
  step: WizardStep,
  form: ReportForm,
  rating: ProvisionalRating,
  now: Date,
): StepErrors {
  const errors: StepErrors = {};
  switch (step) {
    case 'kind':
      if (form.kind === null) errors['kind'] = 'REQUIRED';
      break;
    case 'facts': {
      if (form.title.trim() === '') errors['title'] = 'REQUIRED';
      else if (form.title.trim().length > 300) errors['title'] = 'MAXLENGTH';
      if (form.description.trim() === '') errors['description'] = 'REQUIRED';
      if (form.sectorCode === null) errors['sectorCode'] = 'REQUIRED';
      if (form.cause === null) errors['cause'] = 'REQUIRED';
      if (form.systems.length === 0) errors['systems'] = 'REQUIRED_ONE';
      const occurred = checkTime(errors, 'occurredAt', form.occurredAt, now);
      const detected = checkTime(errors, 'detectedAt', form.detectedAt, now, true);
      if (occurred !== null && detected !== null && detected < occurred && !errors['detectedAt']) {
        errors['detectedAt'] = 'DETECTED_BEFORE_OCCURRED';
      }
      break;
    }
    case 'impact': {
      if (form.kind === 'outage' && form.serviceImpact === null) errors['serviceImpact'] = 'REQUIRED';
      if (
        form.kind === 'sign' &&
        (form.serviceImpact === 'partial_outage' || form.serviceImpact === 'full_outage')
      ) {
        errors['serviceImpact'] = 'SIGN_WITH_OUTAGE';
      }
      if (!nonNegativeInteger(form.affectedUsersEstimate)) errors['affectedUsersEstimate'] = 'INTEGER';
      const restoration = checkTime(errors, 'expectedRestorationAt', form.expectedRestorationAt, now);
      const occurred = fromJstInput(form.occurredAt);
      if (restoration !== null && occurred !== null && restoration < Date.parse(occurred)) {
        errors['expectedRestorationAt'] = 'RESTORATION_BEFORE_OCCURRED';
      }
      const attackForm = form.ddosEnabled || form.ransomwareEnabled;
      if (attackForm && form.cause !== null && form.cause !== 'cyberattack' && form.cause !== 'unknown') {
        errors['forms'] = 'FORMS_NEED_CYBERATTACK';
      }
      if (form.ddosEnabled) {
        if (!nonNegativeInteger(form.ddos.pps)) errors['forms.ddos.pps'] = 'INTEGER';
        if (!nonNegativeInteger(form.ddos.durationMinutes)) errors['forms.ddos.durationMinutes'] = 'INTEGER';
        if (form.ddos.trafficGbps !== '' && form.ddos.trafficGbps < 0)
          errors['forms.ddos.trafficGbps'] = 'MINIMUM';
      }
      break;
    }
    case 'severity': {
      const levels = [rating.continuity, rating.safety, rating.trust];
      const started = levels.some((l) => l !== null) || rating.rationale.trim() !== '';
      if (started) {
        for (const viewpoint of ['continuity', 'safety', 'trust'] as const) {
          if (rating[viewpoint] === null) errors[`rating.${viewpoint}`] = 'REQUIRED';
        }
        if (rating.rationale.trim() === '') errors['rationale'] = 'REQUIRED';
      }
      break;
    }
    case 'routing':
      if (form.route === 'anonymized' && (form.tlp === 'red' || form.tlp === 'amber+strict')) {
        errors['tlp'] = 'TLP_FORBIDS_RELAY';
      }
      if (form.tlp === 'red') errors['tlp'] = 'RED_NEEDS_RECIPIENTS';
      break;
    case 'review':
      break;
  }
  return errors;
}

/** Which step shows a field, so a server error can send the reporter to the right place. */
export function stepOfField(key: string): WizardStep {
  const top = key.split('.')[0] ?? '';
  if (top === 'kind') return 'kind';
  if (
    [
      'title',
      'description',
      'language',
      'sectorCode',
      'service',
      'cause',
      'systems',
      'occurredAt',
      'detectedAt',
      'reportedAt',
    ].includes(top)
  ) {
    return 'facts';
  }
  if (
    [
      'serviceImpact',
      'affectedPrefectures',
      'affectedUsersEstimate',
      'expectedRestorationAt',
      'safetyImpact',
      'forms',
    ].includes(top)
  ) {
    return 'impact';
  }
  if (['rating', 'rationale', 'continuity', 'safety', 'trust', 'basis', 'rubricVersion'].includes(top)) {
    return 'severity';
  }
  if (['route', 'tlp', 'exercise', 'namedRecipients', 'relayOrgId', 'consentOfficeOrgId'].includes(top)) {
    return 'routing';
  }
  return 'review';
}

/** Whether a provisional rating was given (all three levels and a rationale). */
export function ratingComplete(
  rating: ProvisionalRating,
): rating is ProvisionalRating & { continuity: SeverityLevel; safety: SeverityLevel; trust: SeverityLevel } {
  return (
    rating.continuity !== null &&
    rating.safety !== null &&
    rating.trust !== null &&
    rating.rationale.trim() !== ''
  );
}
