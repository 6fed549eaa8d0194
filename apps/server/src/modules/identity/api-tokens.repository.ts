import type { Selectable } from 'kysely';
import type { ApiTokenTable } from '../../platform/db/tables.js';
import type { Queryable } from './users.repository.js';

export interface ApiTokenRecord {
  id: string;
  userId: string;
  organizationId: string;
  name: string;
  scopes: string[];
  createdAt: Date;
  expiresAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

function rowToToken(row: Omit<Selectable<ApiTokenTable>, 'token_hash'>): ApiTokenRecord {
  return {
    id: row.id,
    userId: row.user_id,
    organizationId: row.organization_id,
    name: row.name,
    scopes: row.scopes,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

const COLUMNS = [
  'id',
  'user_id',
  'organization_id',
  'name',
  'scopes',
  'created_at',
  'expires_at',
  'last_used_at',
  'revoked_at',
] as const;

export async function insertApiToken(
  db: Queryable,
  token: Omit<ApiTokenRecord, 'lastUsedAt' | 'revokedAt'> & { tokenHash: string },
): Promise<ApiTokenRecord> {
  const row = await db
    .insertInto('api_tokens')
    .values({
      id: token.id,
      user_id: token.userId,
      organization_id: token.organizationId,
      name: token.name,
      token_hash: token.tokenHash,
      scopes: token.scopes,
      created_at: token.createdAt,
      expires_at: token.expiresAt,
    })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return rowToToken(row);
}

export async function listApiTokensByUser(db: Queryable, userId: string): Promise<ApiTokenRecord[]> {
  const rows = await db
    .selectFrom('api_tokens')
    .select(COLUMNS)
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
  return rows.map(rowToToken);
}

export async function findApiToken(db: Queryable, id: string): Promise<ApiTokenRecord | undefined> {
  const row = await db.selectFrom('api_tokens').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  return row ? rowToToken(row) : undefined;
}

export async function revokeApiToken(db: Queryable, id: string, now: Date): Promise<void> {
  await db
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute();
}

export async function touchApiToken(db: Queryable, id: string, now: Date): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
}
