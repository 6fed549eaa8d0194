import { AppError } from '../../shared/app-error.js';
import type { Clock } from '../../shared/clock.js';
import { hashSecret, newId, newSecret } from '../../shared/ids.js';
import type { Viewer } from '../../shared/viewer.js';
import {
  findApiToken,
  insertApiToken,
  listApiTokensByUser,
  revokeApiToken as revokeApiTokenRow,
  type ApiTokenRecord,
} from './api-tokens.repository.js';
import { roleAtLeast } from './guards.js';
import { API_TOKEN_MAX_DAYS } from './user.js';
import { findRole, type Queryable } from './users.repository.js';

const SCOPE = /^[a-z][a-z_]*:(read|write)$/;

export interface IssueApiTokenInput {
  userId: string;
  organizationId: string;
  name: string;
  scopes: readonly string[];
  expiresAt: Date;
}

/**
 * Issues a token bound to a person and one of their organizations. The secret is
 * returned once; only its SHA-256 is stored (a fast hash keeps token checks cheap).
 */
export async function issueApiToken(
  db: Queryable,
  input: IssueApiTokenInput,
  clock: Clock,
): Promise<{ token: ApiTokenRecord; secret: string }> {
  const now = clock.now();
  if (input.expiresAt <= now || input.expiresAt.getTime() - now.getTime() > API_TOKEN_MAX_DAYS * 86_400_000) {
    throw new AppError('VALIDATION_FAILED', {}, [
      {
        field: '/expiresAt',
        code: 'EXPIRY_RANGE',
        message: `expiresAt must be in the future and at most ${API_TOKEN_MAX_DAYS} days ahead`,
      },
    ]);
  }
  const badScope = input.scopes.find((s) => !SCOPE.test(s));
  if (badScope !== undefined || input.scopes.length === 0) {
    throw new AppError('VALIDATION_FAILED', {}, [
      { field: '/scopes', code: 'SCOPE', message: 'scopes look like area:read or area:write' },
    ]);
  }
  if (!(await findRole(db, input.userId, input.organizationId))) throw new AppError('FORBIDDEN');
  const secret = newSecret();
  const token = await insertApiToken(db, {
    id: newId(),
    userId: input.userId,
    organizationId: input.organizationId,
    name: input.name,
    scopes: [...new Set(input.scopes)],
    createdAt: now,
    expiresAt: input.expiresAt,
    tokenHash: hashSecret(secret),
  });
  return { token, secret };
}

export function createApiTokenService(deps: { db: Queryable; clock: Clock }) {
  const { db, clock } = deps;
  return {
    /** Tokens are made from a signed-in session only: a token cannot mint its own successors. */
    async issue(viewer: Viewer, input: { name: string; scopes: readonly string[]; expiresAt: Date }) {
      if (viewer.via !== 'session') throw new AppError('FORBIDDEN');
      return issueApiToken(
        db,
        { ...input, userId: viewer.userId, organizationId: viewer.organizationId },
        clock,
      );
    },
    list(viewer: Viewer): Promise<ApiTokenRecord[]> {
      return listApiTokensByUser(db, viewer.userId);
    },
    /** Owners revoke their own tokens; an organization's admin may revoke any token acting for it. */
    async revoke(viewer: Viewer, id: string): Promise<void> {
      const token = await findApiToken(db, id);
      const mayRevoke =
        token !== undefined &&
        (token.userId === viewer.userId ||
          (token.organizationId === viewer.organizationId && roleAtLeast(viewer.role, 'admin')));
      if (!token || !mayRevoke) throw new AppError('NOT_FOUND');
      await revokeApiTokenRow(db, id, clock.now());
    },
  };
}

export type ApiTokenService = ReturnType<typeof createApiTokenService>;
