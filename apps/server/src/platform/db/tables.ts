import type { ContactRole, MemberCounts, MembershipRelation, OrganizationKind, Role } from '@cipx/contracts';
import type {
  EuOutlook,
  HopMode,
  HopStatus,
  NcissFunctionalImpact,
  NcissLocation,
  NcissRecoverability,
  ReportCause,
  ReportForms,
  ReportKind,
  ReportRoute,
  ReportStage,
  ReportStatus,
  ReportSystem,
  RsitClass,
  ServiceImpact,
  TimelineKind,
  Tlp,
} from '@cipx/contracts';
import type {
  DeadlineAnchor,
  DeadlineCalendar,
  DeadlineStage,
  RubricThresholds,
  SeverityBasis,
  SeverityMappingEntry,
  SeverityRaterRole,
} from '@cipx/contracts';
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

// The Kysely Database interface, written by hand; a db test compares it with the
// migrated schema (platform/db/schema.test.ts) so the two cannot drift apart.

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type DateOnly = ColumnType<string, string, string>;
type Json<T> = ColumnType<T, string, string>;

export interface EditionTable {
  id: string;
  name_ja: string;
  name_en: string;
  as_of: DateOnly;
  source: string;
  is_current: boolean;
  sort_order: number;
}

export interface SectorTable {
  edition_id: string;
  code: string;
  name_ja: string;
  name_en: string;
  ministry_org_id: string;
  sort_order: number;
  designated_on: DateOnly | null;
}

export interface OrganizationTable {
  id: string;
  slug: string;
  kind: OrganizationKind;
  name_ja: string;
  name_en: string;
  sector_code: string | null;
  member_kind: string | null;
  prefecture_code: string | null;
  synthetic: Generated<boolean>;
  valid_from: DateOnly | null;
  valid_to: DateOnly | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface CeptoarProfileTable {
  edition_id: string;
  organization_id: string;
  sector_code: string;
  service_ja: string;
  service_en: string;
  member_counts: Json<MemberCounts>;
  scope_counts: Json<MemberCounts>;
  scope_note_ja: string | null;
  scope_note_en: string | null;
  counts_known: Generated<boolean>;
  sort_order: number;
}

export interface MembershipTable {
  organization_id: string;
  group_id: string;
  relation: MembershipRelation;
  created_at: CreatedAt;
}

export interface ContactTable {
  id: string;
  organization_id: string;
  role: ContactRole;
  name_ja: string;
  name_en: string;
  email: string | null;
  phone: string | null;
  mobile: string | null;
  fax: string | null;
  user_id: string | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface UserTable {
  id: string;
  email: string;
  display_name: string;
  locale: ColumnType<'ja' | 'en', 'ja' | 'en' | undefined, 'ja' | 'en'>;
  password_hash: string | null;
  password_changed_at: Timestamp | null;
  totp_secret: string | null;
  totp_enabled_at: Timestamp | null;
  totp_last_step: ColumnType<string | null, number | string | null, number | string | null>;
  failed_sign_ins: Generated<number>;
  locked_until: Timestamp | null;
  disabled_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface UserRoleTable {
  user_id: string;
  organization_id: string;
  role: Role;
  created_at: CreatedAt;
}

export interface SessionTable {
  id_hash: string;
  user_id: string;
  organization_id: string;
  mfa_verified: Generated<boolean>;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
  ip: string | null;
  user_agent: string | null;
}

export interface ApiTokenTable {
  id: string;
  user_id: string;
  organization_id: string;
  name: string;
  token_hash: string;
  scopes: string[];
  created_at: Timestamp;
  expires_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface OneTimeTokenTable {
  token_hash: string;
  purpose: 'invitation' | 'password_reset';
  user_id: string;
  organization_id: string | null;
  role: Role | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface AuditLogTable {
  seq: ColumnType<string, number | string, never>;
  at: Timestamp;
  actor_user_id: string | null;
  actor_org_id: string | null;
  actor_label: string | null;
  action: string;
  target_type: string | null;
  target_ids: ColumnType<string[], string[] | undefined, never>;
  detail: Json<Record<string, unknown>>;
  request_id: string | null;
  ip: string | null;
  prev_hash: string;
  hash: string;
}

export interface OutboxTable {
  id: Generated<string>;
  kind: string;
  payload: Json<Record<string, unknown>>;
  dedupe_key: string | null;
  run_at: Timestamp;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  locked_until: Timestamp | null;
  locked_by: string | null;
  last_error: string | null;
  done_at: Timestamp | null;
  failed_at: Timestamp | null;
  created_at: CreatedAt;
}

export type EditionOrganizationRole =
  | 'coordinator'
  | 'cybersecurity_ministry'
  | 'crisis_management'
  | 'disaster_prevention'
  | 'cybersecurity_agency'
  | 'digital_government'
  | 'privacy_regulator'
  | 'supporting_agency';

export interface EditionOrganizationTable {
  edition_id: string;
  organization_id: string;
  role: EditionOrganizationRole;
  sort_order: number;
}

/** Audit events not yet chained; the chainer moves them into audit_log. */
export interface AuditPendingTable {
  id: Generated<string>;
  at: Timestamp;
  actor_user_id: string | null;
  actor_org_id: string | null;
  actor_label: string | null;
  action: string;
  target_type: string | null;
  target_ids: ColumnType<string[], string[] | undefined, string[]>;
  detail: Json<Record<string, unknown>>;
  request_id: string | null;
  ip: string | null;
}

export interface ReportTable {
  id: string;
  number: string;
  kind: ReportKind;
  edition_id: string;
  sector_code: string | null;
  service: string | null;
  title: Generated<string>;
  description: Generated<string>;
  language: 'ja' | 'en';
  cause: ReportCause | null;
  systems: ColumnType<ReportSystem[], ReportSystem[] | undefined, ReportSystem[]>;
  occurred_at: Timestamp | null;
  detected_at: Timestamp | null;
  reported_at: Timestamp | null;
  service_impact: ServiceImpact | null;
  affected_prefectures: ColumnType<string[], string[] | undefined, string[]>;
  affected_users_estimate: number | null;
  expected_restoration_at: Timestamp | null;
  safety_impact: string | null;
  rsit_class: RsitClass | null;
  nciss_location: NcissLocation | null;
  nciss_functional_impact: NcissFunctionalImpact | null;
  nciss_recoverability: NcissRecoverability | null;
  eu_outlook: EuOutlook | null;
  forms: ColumnType<ReportForms, string | undefined, string>;
  status: ColumnType<ReportStatus, ReportStatus | undefined, ReportStatus>;
  route: ColumnType<ReportRoute, ReportRoute | undefined, ReportRoute>;
  /** Routing choices made with the draft (named recipients, relay, consent); they take effect at submit. */
  routing: ColumnType<Record<string, unknown>, string | undefined, string>;
  exercise: Generated<boolean>;
  tlp: Tlp;
  originator_org_id: string;
  author_user_id: string | null;
  relay_org_id: string | null;
  anonymized: Generated<boolean>;
  audience: ColumnType<object, string | undefined, string>;
  created_at: Timestamp;
  updated_at: Timestamp;
  submitted_at: Timestamp | null;
  version: Generated<number>;
  /** The current severity rating's overall level and basis (final beats provisional); kept by the severity service. */
  severity_overall: number | null;
  severity_basis: SeverityBasis | null;
}

export interface ReportTimelineTable {
  id: string;
  report_id: string;
  seq: number;
  at: Timestamp;
  kind: TimelineKind;
  actor_user_id: string | null;
  actor_org_id: string | null;
  actor_label: string | null;
  /** Written by the originating side: masked for viewers who may not know an anonymized reporter. */
  by_originator: Generated<boolean>;
  detail: ColumnType<Record<string, unknown>, string | undefined, string>;
  stage: ReportStage | null;
}

export interface ReportHopTable {
  report_id: string;
  seq: number;
  from_org_id: string;
  to_org_id: string;
  mode: HopMode;
  copy: Generated<boolean>;
  status: HopStatus;
  due_at: Timestamp | null;
  forwarded_at: Timestamp | null;
  forwarded_by: string | null;
  acknowledged_at: Timestamp | null;
  acknowledged_by: string | null;
}

export interface RoutingSettingTable {
  organization_id: string;
  mode: HopMode;
  forward_within_minutes: Generated<number>;
  updated_at: Timestamp;
  /** Minutes a recipient has to acknowledge before the next contact is called (escalation). */
  escalate_after_minutes: Generated<number>;
  /** The same from overall severity 3. */
  escalate_severe_after_minutes: Generated<number>;
}

/** Stored first responses of requests made with an Idempotency-Key (24 h). */
export interface IdempotencyKeyTable {
  caller: string;
  key: string;
  request_hash: string;
  status_code: number;
  response_body: ColumnType<object, string, string>;
  created_at: Timestamp;
}

/** CIPX's helper rubric, one version per edit; exactly one active. */
export interface SeverityRubricTable {
  version: number;
  thresholds: Json<RubricThresholds>;
  note_ja: string;
  note_en: string;
  created_by: string | null;
  created_at: Timestamp;
  active: Generated<boolean>;
}

/** The NISC → CISS mapping, one version per edit; exactly one active. */
export interface SeverityMappingTable {
  version: number;
  edition: string;
  entries: Json<SeverityMappingEntry[]>;
  source: string;
  note_ja: string;
  note_en: string;
  created_by: string | null;
  created_at: Timestamp;
  active: Generated<boolean>;
}

export interface SeverityRatingTable {
  id: string;
  report_id: string;
  basis: SeverityBasis;
  rater_org_id: string;
  rater_user_id: string | null;
  rater_role: SeverityRaterRole;
  continuity: number;
  safety: number;
  trust: number;
  overall: number;
  ciss_level: number;
  mapping_version: number;
  rationale: string;
  rubric_version: number | null;
  created_at: Timestamp;
}

export interface DeadlineRegimeTable {
  id: string;
  code: string;
  version: number;
  name_ja: string;
  name_en: string;
  source: string;
  note_ja: Generated<string>;
  note_en: Generated<string>;
  calendar: DeadlineCalendar;
  stages: Json<DeadlineStage[]>;
  created_by: string | null;
  created_at: Timestamp;
}

/** Anchors a report does not carry itself. */
export interface ReportDeadlineAnchorTable {
  report_id: string;
  anchor: 'awareness' | 'payment';
  at: Timestamp;
  set_by: string | null;
  set_at: Timestamp;
}

export interface ReportDeadlineTable {
  id: string;
  report_id: string;
  regime_id: string;
  stage_code: string;
  anchor: DeadlineAnchor;
  anchor_at: Timestamp | null;
  due_at: Timestamp | null;
  remind_at: Timestamp | null;
  met_at: Timestamp | null;
  met_by_timeline_entry: string | null;
  reminded_at: Timestamp | null;
  escalated_at: Timestamp | null;
  revision: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** A file attached to a report; its bytes are in `attachment_chunks`. */
export interface AttachmentTable {
  id: string;
  report_id: string;
  /** Sanitised: no path, no control characters, at most 255 characters. */
  filename: string;
  /** The Content-Type the uploader's client sent; kept for the record, never served. */
  declared_type: string;
  /** The type found in the bytes; what downloads are served as. */
  sniffed_type: string;
  size: number;
  sha256: string;
  uploaded_by_user_id: string;
  uploaded_by_org_id: string;
  created_at: Timestamp;
  /** False when CIPX could not remove embedded metadata (author, device, location) from the file. */
  metadata_stripped: boolean;
}

export interface AttachmentChunkTable {
  attachment_id: string;
  seq: number;
  data: ColumnType<Uint8Array, Uint8Array, never>;
}

/** A large-scale outage (DOMAIN.md §5.6); protected columns per the access convention. */
export interface CrisisTable {
  id: string;
  title_ja: string;
  title_en: string;
  description: Generated<string>;
  sectors: ColumnType<string[], string[] | undefined, string[]>;
  update_interval_minutes: number;
  exercise: Generated<boolean>;
  declared_at: Timestamp;
  ended_at: Timestamp | null;
  ended_by: string | null;
  tlp: Tlp;
  originator_org_id: string;
  author_user_id: string | null;
  relay_org_id: string | null;
  anonymized: Generated<boolean>;
  audience: ColumnType<object, string | undefined, string>;
  updated_at: Timestamp;
}

export interface CrisisReportTable {
  crisis_id: string;
  report_id: string;
  linked_by: string | null;
  linked_by_org_id: string;
  linked_at: Timestamp;
  last_reminded_at: Timestamp | null;
}

export interface CrisisUpdateTable {
  id: string;
  crisis_id: string;
  at: Timestamp;
  author_user_id: string | null;
  author_org_id: string;
  kind: 'update' | 'situation' | 'note';
  text: string;
}

export interface Database {
  editions: EditionTable;
  sectors: SectorTable;
  organizations: OrganizationTable;
  ceptoar_profiles: CeptoarProfileTable;
  memberships: MembershipTable;
  contacts: ContactTable;
  users: UserTable;
  user_roles: UserRoleTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  one_time_tokens: OneTimeTokenTable;
  audit_log: AuditLogTable;
  audit_pending: AuditPendingTable;
  outbox: OutboxTable;
  edition_organizations: EditionOrganizationTable;
  reports: ReportTable;
  report_timeline: ReportTimelineTable;
  report_hops: ReportHopTable;
  routing_settings: RoutingSettingTable;
  idempotency_keys: IdempotencyKeyTable;
  severity_rubrics: SeverityRubricTable;
  severity_mappings: SeverityMappingTable;
  severity_ratings: SeverityRatingTable;
  deadline_regimes: DeadlineRegimeTable;
  report_deadline_anchors: ReportDeadlineAnchorTable;
  report_deadlines: ReportDeadlineTable;
  attachments: AttachmentTable;
  attachment_chunks: AttachmentChunkTable;
  crises: CrisisTable;
  crisis_reports: CrisisReportTable;
  crisis_updates: CrisisUpdateTable;
}

export type OrganizationRow = Selectable<OrganizationTable>;
export type NewOrganizationRow = Insertable<OrganizationTable>;
export type OrganizationUpdate = Updateable<OrganizationTable>;
