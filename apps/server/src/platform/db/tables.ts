import type { ContactRole, MemberCounts, MembershipRelation, OrganizationKind, Role } from '@cipx/contracts';
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
}

export type OrganizationRow = Selectable<OrganizationTable>;
export type NewOrganizationRow = Insertable<OrganizationTable>;
export type OrganizationUpdate = Updateable<OrganizationTable>;
