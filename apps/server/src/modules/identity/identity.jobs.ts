import { ROLES, type Role } from '@cipx/contracts';
import type { Config } from '../../config.js';
import type { JobContext, JobHandlers } from '../../platform/jobs/outbox.js';
import type { Mailer } from '../../platform/mail/mailer.js';
import { hashSecret, newSecret } from '../../shared/ids.js';
import { invitationMail, passwordResetMail, roleGrantedMail } from './identity.mail.js';
import { expireOpenTokens, insertOneTimeToken, type OneTimePurpose } from './one-time-tokens.repository.js';
import { INVITATION_TTL_MS, PASSWORD_RESET_TTL_MS } from './user.js';
import { findOrganization, findUserById, type Queryable } from './users.repository.js';

export const IDENTITY_JOBS = {
  invitationMail: 'identity.invitation_mail',
  passwordResetMail: 'identity.password_reset_mail',
  roleGrantedMail: 'identity.role_granted_mail',
} as const;

export interface IdentityJobDeps {
  db: Queryable;
  mailer: Mailer;
  config: Pick<Config, 'publicUrl'>;
}

function text(payload: Record<string, unknown>, key: string): string {
  const value = payload[key];
  if (typeof value !== 'string') throw new Error(`job payload lacks ${key}`);
  return value;
}

function role(payload: Record<string, unknown>): Role {
  const value = text(payload, 'role');
  const known = ROLES.find((r) => r === value);
  if (!known) throw new Error(`job payload has unknown role ${value}`);
  return known;
}

/**
 * Mail jobs. Each run mints a fresh link and retires the person's earlier unused ones of
 * the same purpose, so a retried send never leaves two live links behind.
 */
export function createIdentityJobs(deps: IdentityJobDeps): JobHandlers {
  const { db, mailer, config } = deps;

  async function mintLink(
    userId: string,
    purpose: OneTimePurpose,
    ttlMs: number,
    grant: { organizationId: string; role: Role } | null,
    context: JobContext,
  ): Promise<string> {
    const secret = newSecret();
    const now = context.clock.now();
    await db.transaction().execute(async (trx) => {
      await expireOpenTokens(trx, userId, purpose, now);
      await insertOneTimeToken(trx, {
        tokenHash: hashSecret(secret),
        purpose,
        userId,
        organizationId: grant?.organizationId ?? null,
        role: grant?.role ?? null,
        expiresAt: new Date(now.getTime() + ttlMs),
        now,
      });
    });
    const path = purpose === 'invitation' ? 'invitation' : 'reset-password';
    return `${config.publicUrl}/${path}?token=${secret}`;
  }

  return {
    async [IDENTITY_JOBS.invitationMail](payload, context) {
      const user = await findUserById(db, text(payload, 'userId'));
      const organization = await findOrganization(db, text(payload, 'organizationId'));
      // The person or organization was removed before the mail went out: nothing to send.
      if (!user || user.disabledAt || !organization) return;
      const grant = { organizationId: organization.id, role: role(payload) };
      const link = await mintLink(user.id, 'invitation', INVITATION_TTL_MS, grant, context);
      const mail = invitationMail({
        displayName: user.displayName,
        organization: { ja: organization.nameJa, en: organization.nameEn },
        role: grant.role,
        link,
        days: INVITATION_TTL_MS / 86_400_000,
      });
      await mailer.send({ to: user.email, ...mail });
    },

    async [IDENTITY_JOBS.passwordResetMail](payload, context) {
      const user = await findUserById(db, text(payload, 'userId'));
      if (!user || user.disabledAt) return;
      const link = await mintLink(user.id, 'password_reset', PASSWORD_RESET_TTL_MS, null, context);
      const mail = passwordResetMail({
        displayName: user.displayName,
        link,
        minutes: PASSWORD_RESET_TTL_MS / 60_000,
      });
      await mailer.send({ to: user.email, ...mail });
    },

    async [IDENTITY_JOBS.roleGrantedMail](payload, context) {
      const user = await findUserById(db, text(payload, 'userId'));
      const organization = await findOrganization(db, text(payload, 'organizationId'));
      if (!user || user.disabledAt || !organization) return;
      const mail = roleGrantedMail({
        displayName: user.displayName,
        organization: { ja: organization.nameJa, en: organization.nameEn },
        role: role(payload),
        link: `${config.publicUrl}/`,
      });
      await mailer.send({ to: user.email, messageId: `<identity-${context.id}@cipx>`, ...mail });
    },
  };
}
