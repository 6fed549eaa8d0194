import type { Role } from '@cipx/contracts';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, UserTable } from '../../platform/db/tables.js';
import { AppError } from '../../shared/app-error.js';
import type { Membership, User } from './user.js';

export type Queryable = Kysely<Database>;

function rowToUser(row: Selectable<UserTable>): User {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    locale: row.locale,
    passwordHash: row.password_hash,
    totpSecret: row.totp_secret,
    totpEnabledAt: row.totp_enabled_at,
    failedSignIns: row.failed_sign_ins,
    lockedUntil: row.locked_until,
    disabledAt: row.disabled_at,
  };
}

export async function findUserByEmail(db: Queryable, email: string): Promise<User | undefined> {
  const row = await db
    .selectFrom('users')
    .selectAll()
    .where(sql`lower(email)`, '=', email.toLowerCase())
    .executeTakeFirst();
  return row ? rowToUser(row) : undefined;
}

export async function findUserById(db: Queryable, id: string): Promise<User | undefined> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? rowToUser(row) : undefined;
}

export async function getUserById(db: Queryable, id: string): Promise<User> {
  const user = await findUserById(db, id);
  if (!user) throw new AppError('USER_NOT_FOUND');
  return user;
}

export interface NewUser {
  id: string;
  email: string;
  displayName: string;
  locale: 'ja' | 'en';
  passwordHash: string | null;
  totpSecret: string | null;
  now: Date;
}

export async function insertUser(db: Queryable, user: NewUser): Promise<void> {
  await db
    .insertInto('users')
    .values({
      id: user.id,
      email: user.email,
      display_name: user.displayName,
      locale: user.locale,
      password_hash: user.passwordHash,
      password_changed_at: user.passwordHash ? user.now : null,
      totp_secret: user.totpSecret,
      totp_enabled_at: user.totpSecret ? user.now : null,
      created_at: user.now,
      updated_at: user.now,
    })
    .execute();
}

/** Grants or changes the user's role in an organization (one role per organization). */
export async function upsertRole(
  db: Queryable,
  userId: string,
  organizationId: string,
  role: Role,
): Promise<void> {
  await db
    .insertInto('user_roles')
    .values({ user_id: userId, organization_id: organizationId, role })
    .onConflict((oc) => oc.columns(['user_id', 'organization_id']).doUpdateSet({ role }))
    .execute();
}

export async function listMemberships(db: Queryable, userId: string): Promise<Membership[]> {
  const rows = await db
    .selectFrom('user_roles as r')
    .innerJoin('organizations as o', 'o.id', 'r.organization_id')
    .select(['o.id', 'o.slug', 'o.kind', 'o.name_ja', 'o.name_en', 'r.role'])
    .where('r.user_id', '=', userId)
    .orderBy('o.slug')
    .execute();
  return rows.map((r) => ({
    organizationId: r.id,
    slug: r.slug,
    kind: r.kind,
    nameJa: r.name_ja,
    nameEn: r.name_en,
    role: r.role,
  }));
}

export async function findRole(
  db: Queryable,
  userId: string,
  organizationId: string,
): Promise<Role | undefined> {
  const row = await db
    .selectFrom('user_roles')
    .select('role')
    .where('user_id', '=', userId)
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
  return row?.role;
}

/**
 * Counts one failed sign-in; the attempt that reaches `attempts` locks the account until
 * `lockUntil` and restarts the count, in one statement so parallel guesses cannot skip it.
 */
export async function recordFailedSignIn(
  db: Queryable,
  userId: string,
  attempts: number,
  lockUntil: Date,
  now: Date,
): Promise<Date | null> {
  const row = await db
    .updateTable('users')
    .set({
      failed_sign_ins: sql`CASE WHEN failed_sign_ins + 1 >= ${attempts} THEN 0 ELSE failed_sign_ins + 1 END`,
      locked_until: sql`CASE WHEN failed_sign_ins + 1 >= ${attempts} THEN ${lockUntil}::timestamptz ELSE locked_until END`,
      updated_at: now,
    })
    .where('id', '=', userId)
    .returning('locked_until')
    .executeTakeFirst();
  return row?.locked_until ?? null;
}

export async function clearFailedSignIns(db: Queryable, userId: string, now: Date): Promise<void> {
  await db
    .updateTable('users')
    .set({ failed_sign_ins: 0, locked_until: null, updated_at: now })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('failed_sign_ins', '<>', 0), eb('locked_until', 'is not', null)]))
    .execute();
}

/** Records a TOTP step as used; false when that step (or a later one) was used already. */
export async function claimTotpStep(db: Queryable, userId: string, step: number): Promise<boolean> {
  const row = await db
    .updateTable('users')
    .set({ totp_last_step: step })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', String(step))]))
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function updatePendingTotpSecret(
  db: Queryable,
  userId: string,
  secret: string,
  now: Date,
): Promise<void> {
  await db
    .updateTable('users')
    .set({ totp_secret: secret, updated_at: now })
    .where('id', '=', userId)
    .execute();
}

export async function enableTotp(db: Queryable, userId: string, step: number, now: Date): Promise<void> {
  await db
    .updateTable('users')
    .set({ totp_enabled_at: now, totp_last_step: step, updated_at: now })
    .where('id', '=', userId)
    .execute();
}

export async function updatePassword(
  db: Queryable,
  userId: string,
  passwordHash: string,
  now: Date,
): Promise<void> {
  await db
    .updateTable('users')
    .set({
      password_hash: passwordHash,
      password_changed_at: now,
      failed_sign_ins: 0,
      locked_until: null,
      updated_at: now,
    })
    .where('id', '=', userId)
    .execute();
}

export async function updateLocale(
  db: Queryable,
  userId: string,
  locale: 'ja' | 'en',
  now: Date,
): Promise<void> {
  await db.updateTable('users').set({ locale, updated_at: now }).where('id', '=', userId).execute();
}

export async function findOrganization(
  db: Queryable,
  id: string,
): Promise<{ id: string; kind: Membership['kind']; nameJa: string; nameEn: string } | undefined> {
  const row = await db
    .selectFrom('organizations')
    .select(['id', 'kind', 'name_ja', 'name_en'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? { id: row.id, kind: row.kind, nameJa: row.name_ja, nameEn: row.name_en } : undefined;
}
