import type { Role } from '@cipx/contracts';
import type { Queryable } from './users.repository.js';

export type OneTimePurpose = 'invitation' | 'password_reset';

export interface OneTimeTokenRecord {
  purpose: OneTimePurpose;
  userId: string;
  organizationId: string | null;
  role: Role | null;
  expiresAt: Date;
}

export async function insertOneTimeToken(
  db: Queryable,
  token: OneTimeTokenRecord & { tokenHash: string; now: Date },
): Promise<void> {
  await db
    .insertInto('one_time_tokens')
    .values({
      token_hash: token.tokenHash,
      purpose: token.purpose,
      user_id: token.userId,
      organization_id: token.organizationId,
      role: token.role,
      created_at: token.now,
      expires_at: token.expiresAt,
    })
    .execute();
}

/**
 * Marks a token used and returns it, in one statement: of two concurrent uses exactly
 * one succeeds. Undefined when unknown, of another purpose, used or expired.
 */
export async function consumeOneTimeToken(
  db: Queryable,
  tokenHash: string,
  purpose: OneTimePurpose,
  now: Date,
): Promise<OneTimeTokenRecord | undefined> {
  const row = await db
    .updateTable('one_time_tokens')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning(['purpose', 'user_id', 'organization_id', 'role', 'expires_at'])
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    purpose: row.purpose,
    userId: row.user_id,
    organizationId: row.organization_id,
    role: row.role,
    expiresAt: row.expires_at,
  };
}

/** Earlier unused links of the same purpose stop working when a new one is sent. */
export async function expireOpenTokens(
  db: Queryable,
  userId: string,
  purpose: OneTimePurpose,
  now: Date,
): Promise<void> {
  await db
    .updateTable('one_time_tokens')
    .set({ used_at: now })
    .where('user_id', '=', userId)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .execute();
}

/** A usable token without using it: lets a request be validated before the token is spent. */
export async function findUsableOneTimeToken(
  db: Queryable,
  tokenHash: string,
  purpose: OneTimePurpose,
  now: Date,
): Promise<OneTimeTokenRecord | undefined> {
  const row = await db
    .selectFrom('one_time_tokens')
    .select(['purpose', 'user_id', 'organization_id', 'role', 'expires_at'])
    .where('token_hash', '=', tokenHash)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    purpose: row.purpose,
    userId: row.user_id,
    organizationId: row.organization_id,
    role: row.role,
    expiresAt: row.expires_at,
  };
}
