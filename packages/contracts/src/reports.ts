import { Type, type Static } from 'typebox';
import { TlpInput, AudienceEntry } from './access.js';
import { BilingualName, Locale, Tlp, Uuid } from './common.js';
import {
  REPORT_CAUSES,
  REPORT_KINDS,
  REPORT_ROUTES,
  REPORT_STATUSES,
  REPORT_SYSTEMS,
  SERVICE_IMPACTS,
  SEVERITY_LEVELS,
} from './vocabulary.js';

/**
 * Reports (情報連絡): operators telling the coordinator what happened (DOMAIN.md §3–6).
 * The closed vocabularies of a report are plain lists, each with the schema of the same name
 * below; the ones the web app iterates over live in vocabulary.ts (no TypeBox there).
 */

export { REPORT_CAUSES, REPORT_KINDS, REPORT_ROUTES, REPORT_STATUSES, REPORT_SYSTEMS, SERVICE_IMPACTS };

export type ReportKind = (typeof REPORT_KINDS)[number];
export type ReportCause = (typeof REPORT_CAUSES)[number];
export type ReportSystem = (typeof REPORT_SYSTEMS)[number];
export type ServiceImpact = (typeof SERVICE_IMPACTS)[number];

/** ENISA Reference Security Incident Taxonomy (RSIT) classes, DOMAIN.md §4. */
export const RSIT_CLASSES = [
  'abusive_content',
  'malicious_code',
  'information_gathering',
  'intrusion_attempts',
  'intrusions',
  'availability',
  'information_content_security',
  'fraud',
  'vulnerable',
  'other',
  'test',
] as const;
export type RsitClass = (typeof RSIT_CLASSES)[number];

/** US NCISS location of observed activity, L1 (business DMZ) … L7 (safety systems). */
export const NCISS_LOCATIONS = ['L1', 'L2', 'L3', 'L4', 'L5', 'L6', 'L7'] as const;
export type NcissLocation = (typeof NCISS_LOCATIONS)[number];

export const NCISS_LOCATION_LABELS: Readonly<Record<NcissLocation, BilingualName>> = {
  L1: { ja: '業務系 DMZ', en: 'Business demilitarized zone' },
  L2: { ja: '業務系ネットワーク', en: 'Business network' },
  L3: { ja: '業務系ネットワーク管理', en: 'Business network management' },
  L4: { ja: '重要システム DMZ', en: 'Critical system DMZ' },
  L5: { ja: '重要システム管理', en: 'Critical system management' },
  L6: { ja: '重要システム', en: 'Critical systems' },
  L7: { ja: '安全系システム', en: 'Safety systems' },
};

/** US NCISS functional impact, least to most severe. */
export const NCISS_FUNCTIONAL_IMPACTS = [
  'no_impact',
  'no_impact_to_services',
  'minimal_impact_to_non_critical_services',
  'minimal_impact_to_critical_services',
  'significant_impact_to_non_critical_services',
  'denial_of_non_critical_services',
  'significant_impact_to_critical_services',
  'denial_of_critical_services',
] as const;
export type NcissFunctionalImpact = (typeof NCISS_FUNCTIONAL_IMPACTS)[number];

/** US NCISS recoverability. */
export const NCISS_RECOVERABILITY = ['regular', 'supplemented', 'extended', 'not_recoverable'] as const;
export type NcissRecoverability = (typeof NCISS_RECOVERABILITY)[number];

/** EU impact outlook for the next 6 hours. */
export const EU_OUTLOOKS = ['improving', 'stable', 'worsening'] as const;
export type EuOutlook = (typeof EU_OUTLOOKS)[number];

export type ReportStatus = (typeof REPORT_STATUSES)[number];

export type ReportRoute = (typeof REPORT_ROUTES)[number];

export const TIMELINE_KINDS = [
  'created',
  'submitted',
  'facts_updated',
  'status_changed',
  'forwarded',
  'acknowledged',
  'comment',
  'severity_rated',
  'stage_report',
  'follow_up_question',
  'follow_up_answer',
  'attachment_added',
  /** The reporter granted or declined forwarding on the consent route. */
  'consent_recorded',
  /** The deadline engine's reminder before a stage is due, and its escalation after. */
  'deadline_reminder',
  'deadline_escalated',
  /** A recipient did not acknowledge in time: its next contacts were called (backup, 24/7, administrators). */
  'acknowledgement_escalated',
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/**
 * Deadline stages a timeline entry may fulfil: the stage codes of the regimes CIPX ships
 * (deadlines/regimes.ts: NIS2-style, CIRCIA's ransom payment, Singapore); the deadline engine reads them.
 */
export const REPORT_STAGES = ['early_warning', 'notification', 'final', 'ransom_payment'] as const;
export type ReportStage = (typeof REPORT_STAGES)[number];

/** automatic: passed on at once; reviewed: the receiving organization reviews, then forwards. */
export const HOP_MODES = ['automatic', 'reviewed'] as const;
export type HopMode = (typeof HOP_MODES)[number];

export const HOP_STATUSES = ['pending', 'forwarded', 'declined', 'held_for_consent'] as const;
export type HopStatus = (typeof HOP_STATUSES)[number];

// --- schemas of the vocabularies ---------------------------------------------------

export const ReportKind = Type.Enum(REPORT_KINDS);
export const ReportCause = Type.Enum(REPORT_CAUSES);
export const ReportSystem = Type.Enum(REPORT_SYSTEMS);
export const ServiceImpact = Type.Enum(SERVICE_IMPACTS);
export const RsitClass = Type.Enum(RSIT_CLASSES);
export const NcissLocation = Type.Enum(NCISS_LOCATIONS);
export const NcissFunctionalImpact = Type.Enum(NCISS_FUNCTIONAL_IMPACTS);
export const NcissRecoverability = Type.Enum(NCISS_RECOVERABILITY);
export const EuOutlook = Type.Enum(EU_OUTLOOKS);
export const ReportStatus = Type.Enum(REPORT_STATUSES);
export const ReportRoute = Type.Enum(REPORT_ROUTES);
export const TimelineKind = Type.Enum(TIMELINE_KINDS);
export const ReportStage = Type.Enum(REPORT_STAGES);
export const HopMode = Type.Enum(HOP_MODES);
export const HopStatus = Type.Enum(HOP_STATUSES);

/** JIS X 0401 prefecture code, '01' (Hokkaido) … '47' (Okinawa). */
export const PrefectureCode = Type.String({ pattern: '^(0[1-9]|[1-3][0-9]|4[0-7])$' });

const DateTime = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const Text = (maxLength: number) => Type.String({ maxLength });

// --- common-form sections (DDoS, ransomware, other attacks; DOMAIN.md §3) ----------------

export const DdosForm = Type.Object(
  {
    trafficGbps: Type.Optional(Type.Number({ minimum: 0, maximum: 1_000_000 })),
    pps: Type.Optional(Type.Integer({ minimum: 0 })),
    durationMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 525_600 })),
    /** Attack vector, e.g. "UDP reflection (DNS)". */
    vector: Type.Optional(Text(500)),
  },
  { additionalProperties: false },
);
export type DdosForm = Static<typeof DdosForm>;

export const RansomwareForm = Type.Object(
  {
    /** The ransom note as found (text). */
    note: Type.Optional(Text(20_000)),
    fileExtension: Type.Optional(Text(64)),
    family: Type.Optional(Text(200)),
    intrusionVector: Type.Optional(Text(1_000)),
    /** Indicators of compromise as written (hashes, addresses, domains). */
    indicators: Type.Optional(Type.Array(Text(1_000), { maxItems: 500 })),
  },
  { additionalProperties: false },
);
export type RansomwareForm = Static<typeof RansomwareForm>;

export const OtherAttackForm = Type.Object(
  {
    attackType: Type.Optional(Text(200)),
    intrusionVector: Type.Optional(Text(1_000)),
    technique: Type.Optional(Text(5_000)),
    indicators: Type.Optional(Type.Array(Text(1_000), { maxItems: 500 })),
    note: Type.Optional(Text(20_000)),
  },
  { additionalProperties: false },
);
export type OtherAttackForm = Static<typeof OtherAttackForm>;

export const ReportForms = Type.Object(
  {
    ddos: Type.Optional(DdosForm),
    ransomware: Type.Optional(RansomwareForm),
    otherAttack: Type.Optional(OtherAttackForm),
  },
  { additionalProperties: false },
);
export type ReportForms = Static<typeof ReportForms>;

// --- the facts of a report --------------------------------------------------------

/** Every fact a reporter may state; absent or null means "not known yet". */
const FACT_FIELDS = {
  kind: ReportKind,
  sectorCode: Nullable(Type.String({ minLength: 1, maxLength: 64 })),
  service: Nullable(Text(300)),
  title: Text(300),
  /** Free text in Japanese or English, stored as written. */
  description: Text(50_000),
  language: Locale,
  cause: Nullable(ReportCause),
  systems: Type.Array(ReportSystem, { uniqueItems: true, maxItems: 4 }),
  occurredAt: Nullable(DateTime),
  detectedAt: Nullable(DateTime),
  /** When the operator reported it (defaults to the submit time). */
  reportedAt: Nullable(DateTime),
  serviceImpact: Nullable(ServiceImpact),
  affectedPrefectures: Type.Array(PrefectureCode, { uniqueItems: true, maxItems: 47 }),
  affectedUsersEstimate: Nullable(Type.Integer({ minimum: 0, maximum: 2_000_000_000 })),
  expectedRestorationAt: Nullable(DateTime),
  safetyImpact: Nullable(Text(5_000)),
  rsitClass: Nullable(RsitClass),
  ncissLocation: Nullable(NcissLocation),
  ncissFunctionalImpact: Nullable(NcissFunctionalImpact),
  ncissRecoverability: Nullable(NcissRecoverability),
  euOutlook: Nullable(EuOutlook),
  forms: ReportForms,
};

/** The names of the facts, in the order a form shows them. */
export const REPORT_FACT_FIELDS = Object.keys(FACT_FIELDS) as (keyof typeof FACT_FIELDS)[];
export type ReportFactField = (typeof REPORT_FACT_FIELDS)[number];

export const ReportFacts = Type.Object(FACT_FIELDS);
export type ReportFacts = Static<typeof ReportFacts>;

/** Routing choices made with the draft; they take effect at submit. */
const ROUTING_FIELDS = {
  tlp: TlpInput,
  route: ReportRoute,
  /** Drill data: marked 【訓練】/[EXERCISE] everywhere and kept out of statistics. */
  exercise: Type.Boolean(),
  /** People addressed by name (the only recipients a TLP:RED report reaches). */
  namedRecipients: Type.Array(Uuid, { uniqueItems: true, maxItems: 100 }),
  /** Anonymized route: the relay (the operator's CEPTOAR or a CIP supporting agency); default: the operator's CEPTOAR. */
  relayOrgId: Nullable(Uuid),
  /** Consent route: the receiving office (police, PPC, a sector regulator). */
  consentOfficeOrgId: Nullable(Uuid),
  /** Consent route: the reporter agrees that the office forwards the report to the coordinator. */
  consentToForward: Type.Boolean(),
};

const RoutingChoices = Type.Object(ROUTING_FIELDS);

// The scale is SEVERITY_LEVELS (vocabulary.ts); severity.ts imports this file, so the
// schema is built here from the shared list rather than imported from there.
const ProvisionalLevel = Type.Integer({
  minimum: SEVERITY_LEVELS[0],
  maximum: SEVERITY_LEVELS[SEVERITY_LEVELS.length - 1],
});

/** The reporter's provisional severity rating, sent with a report filed in one call. */
export const ProvisionalSeverity = Type.Object(
  {
    continuity: ProvisionalLevel,
    safety: ProvisionalLevel,
    trust: ProvisionalLevel,
    rationale: Type.String({ minLength: 1, maxLength: 8000 }),
  },
  { additionalProperties: false },
);
export type ProvisionalSeverity = Static<typeof ProvisionalSeverity>;

export const CreateReportBody = Type.Object(
  {
    kind: ReportKind,
    ...Type.Partial(Type.Omit(ReportFacts, ['kind'])).properties,
    ...Type.Partial(RoutingChoices).properties,
    /** File in one call: create, rate (optional) and submit in one transaction. */
    submit: Type.Optional(Type.Boolean()),
    /** The reporter's provisional rating, recorded before the submit; only with `submit: true`. */
    provisionalSeverity: Type.Optional(ProvisionalSeverity),
  },
  { additionalProperties: false },
);
export type CreateReportBody = Static<typeof CreateReportBody>;

/**
 * A change of a report. In a draft every field may change; after submit only the facts
 * (each change is kept in the timeline). `version` (or the `If-Match` header) is the
 * version the change was made against.
 */
export const UpdateReportBody = Type.Object(
  {
    version: Type.Optional(Type.Integer({ minimum: 1 })),
    ...Type.Partial(ReportFacts).properties,
    ...Type.Partial(RoutingChoices).properties,
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateReportBody = Static<typeof UpdateReportBody>;

// --- what the API shows -----------------------------------------------------------

export const ReportHop = Type.Object({
  seq: Type.Integer({ minimum: 1 }),
  /** For anonymized reports seen by others than the originator and the relay: the relay. */
  fromOrgId: Nullable(Uuid),
  toOrgId: Uuid,
  mode: HopMode,
  /** A copy (hotline: the ministry) rather than a step towards the coordinator. */
  copy: Type.Boolean(),
  status: HopStatus,
  dueAt: Nullable(DateTime),
  forwardedAt: Nullable(DateTime),
  acknowledgedAt: Nullable(DateTime),
});
export type ReportHop = Static<typeof ReportHop>;

const OrganizationRef = Type.Object({ id: Uuid, name: BilingualName });

export const ReportSummary = Type.Object({
  id: Uuid,
  number: Type.String(),
  kind: ReportKind,
  status: ReportStatus,
  route: ReportRoute,
  tlp: Tlp,
  exercise: Type.Boolean(),
  sectorCode: Nullable(Type.String()),
  title: Type.String(),
  serviceImpact: Nullable(ServiceImpact),
  /** Overall severity (0–4) when rated. */
  severityOverall: Nullable(Type.Integer({ minimum: 0, maximum: 4 })),
  /** The originator as the viewer may know it: the relay for anonymized reports, unless the viewer is the originator or the relay. */
  originator: Nullable(OrganizationRef),
  anonymized: Type.Boolean(),
  reportedAt: Nullable(DateTime),
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type ReportSummary = Static<typeof ReportSummary>;

/** Codes of the advice CIPX gives with a draft; advice never blocks a submit. */
export const REPORT_WARNING_CODES = ['RELAY_COMMUNITY_SMALL'] as const;
export type ReportWarningCode = (typeof REPORT_WARNING_CODES)[number];

/**
 * Advice on a draft. RELAY_COMMUNITY_SMALL: the relay of an anonymized report has fewer than
 * five member organizations that could have filed it, so recipients may guess the reporter
 * (DESIGN.md §4.1).
 */
export const ReportWarning = Type.Object({
  code: Type.Enum(REPORT_WARNING_CODES),
  relayOrgId: Uuid,
  /** Organizations in the relay's community that could have filed the report (the reporter's included). */
  members: Type.Integer({ minimum: 0 }),
  message: BilingualName,
});
export type ReportWarning = Static<typeof ReportWarning>;

export const ReportDetail = Type.Object({
  ...ReportSummary.properties,
  ...Type.Omit(ReportFacts, ['kind', 'title']).properties,
  editionId: Type.String(),
  relayOrgId: Nullable(Uuid),
  /** Null unless the viewer may know who originated the report. */
  authorUserId: Nullable(Uuid),
  /** Whether the viewer acts for the originating organization (may edit facts, submit). */
  viewerIsOriginator: Type.Boolean(),
  audience: Type.Array(AudienceEntry),
  /** Routing choices; shown to the originator only. */
  routing: Nullable(
    Type.Object({
      namedRecipients: Type.Array(Uuid),
      relayOrgId: Nullable(Uuid),
      consentOfficeOrgId: Nullable(Uuid),
      consentToForward: Type.Boolean(),
    }),
  ),
  hops: Type.Array(ReportHop),
  submittedAt: Nullable(DateTime),
  version: Type.Integer({ minimum: 1 }),
  /** Advice for the originator, returned by create, update and submit (never by reads). */
  warnings: Type.Optional(Type.Array(ReportWarning)),
});
export type ReportDetail = Static<typeof ReportDetail>;

export const ReportListQuery = Type.Object({
  /** Part of the title, description or number (Japanese or English). */
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  sector: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  kind: Type.Optional(ReportKind),
  status: Type.Optional(ReportStatus),
  /** At least this overall severity (0–4). */
  severity: Type.Optional(Type.Integer({ minimum: 0, maximum: 4 })),
  /** Reported (or, for drafts, created) at or after this time. */
  from: Type.Optional(DateTime),
  /** Reported (or, for drafts, created) before this time. */
  to: Type.Optional(DateTime),
  exercise: Type.Optional(Type.Boolean()),
  cursor: Type.Optional(Type.String({ maxLength: 512 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});
export type ReportListQuery = Static<typeof ReportListQuery>;

export const ReportPage = Type.Object({
  items: Type.Array(ReportSummary),
  next: Type.Optional(Type.String()),
});
export type ReportPage = Static<typeof ReportPage>;

export const ReportParams = Type.Object({ id: Uuid });
export type ReportParams = Static<typeof ReportParams>;

export const TimelineActor = Type.Object({
  userId: Nullable(Uuid),
  organizationId: Nullable(Uuid),
  /** A pseudonym instead of the real actor (the reporter of an anonymized report). */
  label: Nullable(Type.String()),
});
export type TimelineActor = Static<typeof TimelineActor>;

export const TimelineEntry = Type.Object({
  id: Uuid,
  seq: Type.Integer({ minimum: 1 }),
  at: DateTime,
  kind: TimelineKind,
  actor: TimelineActor,
  /** What changed: for facts_updated, `changes` maps each field to {before, after}. */
  detail: Type.Record(Type.String(), Type.Unknown()),
  stage: Nullable(ReportStage),
});
export type TimelineEntry = Static<typeof TimelineEntry>;

export const Timeline = Type.Object({ items: Type.Array(TimelineEntry) });
export type Timeline = Static<typeof Timeline>;

export const ChangeStatusBody = Type.Object(
  {
    status: Type.Enum(['under_analysis', 'resolved', 'closed'] as const),
    note: Type.Optional(Type.String({ maxLength: 5_000 })),
  },
  { additionalProperties: false },
);
export type ChangeStatusBody = Static<typeof ChangeStatusBody>;

export const ForwardBody = Type.Object(
  {
    /** forward (default) or decline the report this organization holds for review. */
    decision: Type.Optional(Type.Enum(['forward', 'decline'] as const)),
    note: Type.Optional(Type.String({ maxLength: 5_000 })),
  },
  { additionalProperties: false },
);
export type ForwardBody = Static<typeof ForwardBody>;

export const AcknowledgeBody = Type.Object(
  { note: Type.Optional(Type.String({ maxLength: 5_000 })) },
  { additionalProperties: false },
);
export type AcknowledgeBody = Static<typeof AcknowledgeBody>;

export const ReportExportQuery = Type.Omit(ReportListQuery, ['cursor', 'limit']);
export type ReportExportQuery = Static<typeof ReportExportQuery>;

/** The CSV columns of a report export, in order. */
export const REPORT_CSV_COLUMNS = [
  'number',
  'kind',
  'status',
  'route',
  'tlp',
  'exercise',
  'sector_code',
  'title',
  'cause',
  'service_impact',
  'severity_overall',
  'originator',
  'occurred_at',
  'detected_at',
  'reported_at',
  'affected_prefectures',
  'affected_users_estimate',
] as const;
