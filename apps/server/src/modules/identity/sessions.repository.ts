import type { MembershipRelation, OrganizationKind, Role } from '@cipx/contracts';
import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import { PRIVILEGED_KINDS } from './user.js';
import type { Queryable } from './users.repository.js';

export interface NewSession {
  idHash: string;
  userId: string;
  organizationId: string;
  mfaVerified: boolean;
  now: Date;
  expiresAt: Date;
  ip: string | null;
  userAgent: string | null;
}

export async function insertSession(db: Queryable, s: NewSession): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      id_hash: s.idHash,
      user_id: s.userId,
      organization_id: s.organizationId,
      mfa_verified: s.mfaVerified,
      created_at: s.now,
      last_seen_at: s.now,
      expires_at: s.expiresAt,
      ip: s.ip,
      user_agent: s.userAgent?.slice(0, 512) ?? null,
    })
    .execute();
}

export async function revokeSession(db: Queryable, idHash: string, now: Date): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('id_hash', '=', idHash)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Revokes every live session of a user, except `keepIdHash` when given. */
export async function revokeUserSessions(
  db: Queryable,
  userId: string,
  now: Date,
  keepIdHash?: string,
): Promise<number> {
  let query = db
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null);
  if (keepIdHash) query = query.where('id_hash', '<>', keepIdHash);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function touchSession(db: Queryable, idHash: string, now: Date): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: now }).where('id_hash', '=', idHash).execute();
}

export async function updateSessionOrganization(
  db: Queryable,
  idHash: string,
  organizationId: string,
): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ organization_id: organizationId })
    .where('id_hash', '=', idHash)
    .execute();
}

export async function markSessionMfaVerified(db: Queryable, idHash: string): Promise<void> {
  await db.updateTable('sessions').set({ mfa_verified: true }).where('id_hash', '=', idHash).execute();
}

/** Everything a request needs to act, loaded in one round trip. */
export interface ViewerRow {
  userId: string;
  displayName: string;
  locale: 'ja' | 'en';
  organizationId: string;
  organizationKind: OrganizationKind;
  sectorCode: string | null;
  /** Null when the user no longer holds a role in the acting organization. */
  role: Role | null;
  communities: { groupId: string; relation: MembershipRelation }[];
  disabled: boolean;
  totpRequired: boolean;
  /** When the activity timestamp was last written (session last_seen_at / token last_used_at). */
  lastActivityAt: Date | null;
}

export interface SessionViewerRow extends ViewerRow {
  mfaVerified: boolean;
  expiresAt: Date;
}

export interface TokenViewerRow extends ViewerRow {
  tokenId: string;
  scopes: string[];
}

function communitiesOf(organizationId: Expression<string>): RawBuilder<ViewerRow['communities']> {
  return sql<ViewerRow['communities']>`coalesce((
    SELECT json_agg(json_build_object('groupId', m.group_id, 'relation', m.relation) ORDER BY m.group_id)
    FROM memberships m WHERE m.organization_id = ${organizationId}), '[]'::json)`;
}

function totpRequired(userId: Expression<string>): RawBuilder<SqlBool> {
  return sql<SqlBool>`(u.totp_enabled_at IS NOT NULL OR EXISTS (
    SELECT 1 FROM user_roles pr JOIN organizations po ON po.id = pr.organization_id
    WHERE pr.user_id = ${userId} AND pr.role = 'admin' AND po.kind IN (${sql.join([...PRIVILEGED_KINDS])})))`;
}

/** A live (not revoked, not expired, not idle) session with its viewer, or undefined. */
export async function findSessionViewer(
  db: Queryable,
  idHash: string,
  now: Date,
  idleSince: Date,
): Promise<SessionViewerRow | undefined> {
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .innerJoin('organizations as o', 'o.id', 's.organization_id')
    .leftJoin('user_roles as r', (j) =>
      j.onRef('r.user_id', '=', 's.user_id').onRef('r.organization_id', '=', 's.organization_id'),
    )
    .select((eb) => [
      's.user_id',
      's.organization_id',
      's.mfa_verified',
      's.expires_at',
      's.last_seen_at',
      'u.display_name',
      'u.locale',
      'u.disabled_at',
      'o.kind',
      'o.sector_code',
      'r.role',
      communitiesOf(eb.ref('s.organization_id')).as('communities'),
      totpRequired(eb.ref('s.user_id')).as('totp_required'),
    ])
    .where('s.id_hash', '=', idHash)
    .where('s.revoked_at', 'is', null)
    .where('s.expires_at', '>', now)
    .where('s.last_seen_at', '>', idleSince)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    userId: row.user_id,
    displayName: row.display_name,
    locale: row.locale,
    organizationId: row.organization_id,
    organizationKind: row.kind,
    sectorCode: row.sector_code,
    role: row.role,
    communities: row.communities,
    disabled: row.disabled_at !== null,
    totpRequired: Boolean(row.totp_required),
    lastActivityAt: row.last_seen_at,
    mfaVerified: row.mfa_verified,
    expiresAt: row.expires_at,
  };
}

/** A live (not revoked, not expired) API token with its viewer, or undefined. */
export async function findTokenViewer(
  db: Queryable,
  tokenHash: string,
  now: Date,
): Promise<TokenViewerRow | undefined> {
  const row = await db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .innerJoin('organizations as o', 'o.id', 't.organization_id')
    .leftJoin('user_roles as r', (j) =>
      j.onRef('r.user_id', '=', 't.user_id').onRef('r.organization_id', '=', 't.organization_id'),
    )
    .select((eb) => [
      't.id',
      't.user_id',
      't.organization_id',
      't.scopes',
      't.last_used_at',
      'u.display_name',
      'u.locale',
      'u.disabled_at',
      'o.kind',
      'o.sector_code',
      'r.role',
      communitiesOf(eb.ref('t.organization_id')).as('communities'),
    ])
    .where('t.token_hash', '=', tokenHash)
    .where('t.revoked_at', 'is', null)
    .where('t.expires_at', '>', now)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    tokenId: row.id,
    userId: row.user_id,
    displayName: row.display_name,
    locale: row.locale,
    organizationId: row.organization_id,
    organizationKind: row.kind,
    sectorCode: row.sector_code,
    role: row.role,
    communities: row.communities,
    disabled: row.disabled_at !== null,
    // A token is issued from a session that passed the second factor; it is its own factor.
    totpRequired: false,
    lastActivityAt: row.last_used_at,
    scopes: row.scopes,
  };
}
