import { randomBytes, randomUUID } from 'node:crypto';
import type { OrganizationKind, Role } from '@cipx/contracts';
import type { Kysely } from 'kysely';
import { createSession } from '../src/modules/identity/sessions.service.js';
import { issueApiToken } from '../src/modules/identity/api-tokens.service.js';
import { createUser } from '../src/modules/identity/users.service.js';
import type { Database } from '../src/platform/db/tables.js';
import type { TestApp } from './app.js';

// Signed-in callers for http tests, made directly in the database (no mail, no argon2,
// no TOTP): each call creates a fresh person with exactly the requested role.

export interface AsWho {
  /** The organization to act for; give one of the two. */
  organizationSlug?: string;
  organizationId?: string;
  role: Role;
  email?: string;
  displayName?: string;
  locale?: 'ja' | 'en';
}

export interface SignedIn {
  userId: string;
  organizationId: string;
  /** `cipx_session=<secret>` */
  cookie: string;
  /** Ready for app.inject: the cookie plus an Origin matching the public URL (needed for writes). */
  headers: { cookie: string; origin: string };
}

export interface WithToken {
  userId: string;
  organizationId: string;
  token: string;
  tokenId: string;
  headers: { authorization: string };
}

async function organizationIdOf(db: Kysely<Database>, who: AsWho): Promise<string> {
  if (who.organizationId) return who.organizationId;
  if (!who.organizationSlug) throw new Error('signInAs/tokenFor need organizationSlug or organizationId');
  const row = await db
    .selectFrom('organizations')
    .select('id')
    .where('slug', '=', who.organizationSlug)
    .executeTakeFirst();
  if (!row) throw new Error(`no organization with slug ${who.organizationSlug}`);
  return row.id;
}

async function newPerson(t: TestApp, who: AsWho): Promise<{ userId: string; organizationId: string }> {
  const db = t.database.db;
  const organizationId = await organizationIdOf(db, who);
  const tag = randomBytes(5).toString('hex');
  const { user } = await createUser(
    db,
    {
      email: who.email ?? `${who.role}-${tag}@test.cipx.jp`,
      displayName: who.displayName ?? `Test ${who.role} ${tag}`,
      locale: who.locale ?? 'ja',
      roles: [{ organizationId, role: who.role }],
    },
    t.clock,
  );
  return { userId: user.id, organizationId };
}

/** A new person with `role` in the organization, signed in by session cookie (second factor already passed). */
export async function signInAs(t: TestApp, who: AsWho): Promise<SignedIn> {
  const { userId, organizationId } = await newPerson(t, who);
  const { secret } = await createSession(
    t.database.db,
    { userId, organizationId, mfaVerified: true },
    t.clock,
    t.platform.config.sessionHours,
  );
  const cookie = `cipx_session=${secret}`;
  return { userId, organizationId, cookie, headers: { cookie, origin: t.platform.config.publicUrl } };
}

/** A new person with `role` in the organization and an API token for it (Bearer; no Origin needed). */
export async function tokenFor(
  t: TestApp,
  who: AsWho & { scopes: string[]; expiresInDays?: number },
): Promise<WithToken> {
  const { userId, organizationId } = await newPerson(t, who);
  const expiresAt = new Date(t.clock.now().getTime() + (who.expiresInDays ?? 30) * 86_400_000);
  const { token, secret } = await issueApiToken(
    t.database.db,
    { userId, organizationId, name: 'test', scopes: who.scopes, expiresAt },
    t.clock,
  );
  return {
    userId,
    organizationId,
    token: secret,
    tokenId: token.id,
    headers: { authorization: `Bearer ${secret}` },
  };
}

export interface TestOrganization {
  slug: string;
  kind: OrganizationKind;
  sectorCode?: string | null;
  nameJa?: string;
  nameEn?: string;
}

/** Inserts a minimal organization row (no reference seed needed); returns its id. */
export async function createTestOrganization(db: Kysely<Database>, org: TestOrganization): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto('organizations')
    .values({
      id,
      slug: org.slug,
      kind: org.kind,
      name_ja: org.nameJa ?? `テスト組織 ${org.slug}`,
      name_en: org.nameEn ?? `Test organization ${org.slug}`,
      sector_code: org.sectorCode ?? null,
      member_kind: null,
      prefecture_code: null,
      valid_from: null,
      valid_to: null,
    })
    .execute();
  return id;
}
