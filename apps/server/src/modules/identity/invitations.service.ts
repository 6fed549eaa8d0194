import type { Invitation, InvitationBody, Locale } from '@cipx/contracts';
import { enqueueJob } from '../../platform/jobs/outbox.js';
import { AppError } from '../../shared/app-error.js';
import type { Clock } from '../../shared/clock.js';
import { hashSecret } from '../../shared/ids.js';
import type { Viewer } from '../../shared/viewer.js';
import { authorize, roleAtLeast } from './guards.js';
import { IDENTITY_JOBS } from './identity.jobs.js';
import {
  consumeOneTimeToken,
  findUsableOneTimeToken,
  type OneTimePurpose,
} from './one-time-tokens.repository.js';
import { revokeUserSessions } from './sessions.repository.js';
import { INVITATION_TTL_MS } from './user.js';
import {
  findOrganization,
  findRole,
  findUserByEmail,
  getUserById,
  updatePassword,
  upsertRole,
  type Queryable,
} from './users.repository.js';
import { assertPasswordAllowed, createUser, hashPassword } from './users.service.js';

export interface InvitationDeps {
  db: Queryable;
  clock: Clock;
}

/**
 * Invitations and password resets. Links are minted by the mail jobs (identity.jobs.ts)
 * when the mail is sent, so the outbox never holds a usable secret.
 */
export function createInvitationService(deps: InvitationDeps) {
  const { db, clock } = deps;

  function mayInvite(viewer: Viewer, input: InvitationBody): boolean {
    if (viewer.organizationKind === 'coordinator' && viewer.role === 'admin') return true;
    // Managers and admins invite into their own organization, never above their own role.
    return (
      viewer.organizationId === input.organizationId &&
      roleAtLeast(viewer.role, 'manager') &&
      roleAtLeast(viewer.role, input.role)
    );
  }

  async function invite(viewer: Viewer, input: InvitationBody): Promise<Invitation> {
    authorize(viewer, { scope: 'users:write' });
    if (!mayInvite(viewer, input)) throw new AppError('FORBIDDEN');
    if (!(await findOrganization(db, input.organizationId))) throw new AppError('ORGANIZATION_NOT_FOUND');
    const now = clock.now();
    return db.transaction().execute(async (trx) => {
      const existing = await findUserByEmail(trx, input.email.trim());
      const grant = { organizationId: input.organizationId, role: input.role };
      let userId: string;
      if (existing) {
        if (await findRole(trx, existing.id, input.organizationId)) {
          throw new AppError('CONFLICT', {
            reason:
              'この方はすでにこの組織に所属しています / This person already belongs to the organization.',
          });
        }
        userId = existing.id;
        await upsertRole(trx, userId, grant.organizationId, grant.role);
      } else {
        const created = await createUser(
          trx,
          { email: input.email, displayName: input.displayName, locale: input.locale, roles: [grant] },
          clock,
        );
        userId = created.user.id;
      }
      // Someone who already has a password only needs to hear about the new role; sending
      // them a password link would let one organization's admin take over another's account.
      const needsPassword = !existing?.passwordHash;
      await enqueueJob(
        trx,
        {
          kind: needsPassword ? IDENTITY_JOBS.invitationMail : IDENTITY_JOBS.roleGrantedMail,
          payload: { userId, organizationId: grant.organizationId, role: grant.role },
        },
        clock,
      );
      return {
        userId,
        email: existing?.email ?? input.email.trim(),
        organizationId: grant.organizationId,
        role: grant.role,
        expiresAt: needsPassword ? new Date(now.getTime() + INVITATION_TTL_MS).toISOString() : null,
      };
    });
  }

  /** Sets a password through a one-time link; the link is spent only when the password is accepted. */
  async function setPasswordWithToken(
    purpose: OneTimePurpose,
    input: { token: string; password: string },
    locale: Locale,
  ): Promise<string> {
    const tokenHash = hashSecret(input.token);
    const found = await findUsableOneTimeToken(db, tokenHash, purpose, clock.now());
    if (!found) throw new AppError('TOKEN_INVALID');
    const user = await getUserById(db, found.userId);
    assertPasswordAllowed(input.password, { email: user.email, displayName: user.displayName }, locale);
    const passwordHash = await hashPassword(input.password);
    await db.transaction().execute(async (trx) => {
      const now = clock.now();
      if (!(await consumeOneTimeToken(trx, tokenHash, purpose, now))) throw new AppError('TOKEN_INVALID');
      await updatePassword(trx, user.id, passwordHash, now);
      // Whoever knew the old password loses every session it opened.
      if (purpose === 'password_reset') await revokeUserSessions(trx, user.id, now);
    });
    return user.id;
  }

  /** Always succeeds: whether the address is known is not revealed. */
  async function requestPasswordReset(email: string): Promise<void> {
    const user = await findUserByEmail(db, email.trim());
    if (!user || user.disabledAt) return;
    await enqueueJob(db, { kind: IDENTITY_JOBS.passwordResetMail, payload: { userId: user.id } }, clock);
  }

  return {
    invite,
    acceptInvitation: (input: { token: string; password: string }, locale: Locale) =>
      setPasswordWithToken('invitation', input, locale),
    requestPasswordReset,
    completePasswordReset: (input: { token: string; password: string }, locale: Locale) =>
      setPasswordWithToken('password_reset', input, locale),
  };
}

export type InvitationService = ReturnType<typeof createInvitationService>;
