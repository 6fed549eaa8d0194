import type { Locale, Me } from '@cipx/contracts';
import type { Config } from '../../config.js';
import { AppError } from '../../shared/app-error.js';
import type { Clock } from '../../shared/clock.js';
import { hashSecret, newSecret } from '../../shared/ids.js';
import type { Viewer } from '../../shared/viewer.js';
import {
  findSessionViewer,
  findTokenViewer,
  insertSession,
  markSessionMfaVerified,
  revokeSession,
  touchSession,
  updateSessionOrganization,
  type ViewerRow,
} from './sessions.repository.js';
import { touchApiToken } from './api-tokens.repository.js';
import { currentTotp, matchTotpStep, newTotpSecret, otpauthUrl } from './totp.js';
import {
  minutesLeft,
  requiresTotp,
  SESSION_IDLE_MS,
  TOUCH_INTERVAL_MS,
  type Membership,
  type User,
} from './user.js';
import {
  claimTotpStep,
  clearFailedSignIns,
  enableTotp,
  findUserByEmail,
  getUserById,
  listMemberships,
  recordFailedSignIn,
  updateLocale,
  updatePendingTotpSecret,
  type Queryable,
} from './users.repository.js';
import { hashPassword, verifyPassword } from './users.service.js';

export interface SessionDeps {
  db: Queryable;
  clock: Clock;
  config: Pick<Config, 'sessionHours' | 'lockoutAttempts' | 'lockoutMinutes'>;
}

/** A signed-in session that may only enrol an authenticator (privileged first sign-in). */
export interface PendingEnrolment {
  userId: string;
  organizationId: string;
  sessionIdHash: string;
}

export type SessionResolution = { viewer: Viewer } | { pending: PendingEnrolment } | undefined;

export interface SignInInput {
  email: string;
  password: string;
  totp?: string | undefined;
  organizationId?: string | undefined;
  ip: string | null;
  userAgent: string | null;
}

export interface NewSessionInput {
  userId: string;
  organizationId: string;
  mfaVerified: boolean;
  ip?: string | null;
  userAgent?: string | null;
}

/** Opens a session and returns its secret (the cookie value); benchmarks and tests use it directly. */
export async function createSession(
  db: Queryable,
  input: NewSessionInput,
  clock: Clock,
  sessionHours: number,
): Promise<{ secret: string; idHash: string }> {
  const secret = newSecret();
  const idHash = hashSecret(secret);
  const now = clock.now();
  await insertSession(db, {
    idHash,
    userId: input.userId,
    organizationId: input.organizationId,
    mfaVerified: input.mfaVerified,
    now,
    expiresAt: new Date(now.getTime() + sessionHours * 3_600_000),
    ip: input.ip ?? null,
    userAgent: input.userAgent ?? null,
  });
  return { secret, idHash };
}

function toViewer(
  row: ViewerRow & { role: NonNullable<ViewerRow['role']> },
  extra: Pick<Viewer, 'via' | 'scopes' | 'sessionIdHash'>,
): Viewer {
  return {
    via: extra.via,
    userId: row.userId,
    displayName: row.displayName,
    locale: row.locale,
    organizationId: row.organizationId,
    organizationKind: row.organizationKind,
    sectorCode: row.sectorCode,
    role: row.role,
    communities: row.communities,
    scopes: extra.scopes,
    sessionIdHash: extra.sessionIdHash,
  };
}

function buildMe(
  user: User,
  memberships: Membership[],
  organizationId: string,
  totpEnrolmentRequired: boolean,
): Me {
  const active = memberships.find((m) => m.organizationId === organizationId);
  if (!active) throw new AppError('FORBIDDEN');
  return {
    user: {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      locale: user.locale,
      mfaEnabled: user.totpEnabledAt !== null,
    },
    organization: {
      id: active.organizationId,
      slug: active.slug,
      kind: active.kind,
      name: { ja: active.nameJa, en: active.nameEn },
    },
    role: active.role,
    organizations: memberships.map((m) => ({
      id: m.organizationId,
      slug: m.slug,
      kind: m.kind,
      name: { ja: m.nameJa, en: m.nameEn },
      role: m.role,
    })),
    totpEnrolmentRequired,
  };
}

export function createSessionService(deps: SessionDeps) {
  const { db, clock, config } = deps;
  // Unknown e-mail addresses are checked against this so they take as long as known ones.
  let dummyHash: Promise<string> | undefined;
  const dummy = (): Promise<string> => (dummyHash ??= hashPassword(newSecret()));
  // Computed up front so the first unknown address after start-up is not the slow one.
  dummy().catch(() => undefined);

  async function fail(user: User, code: 'INVALID_CREDENTIALS' | 'MFA_INVALID'): Promise<never> {
    const now = clock.now();
    const lockedUntil = await recordFailedSignIn(
      db,
      user.id,
      config.lockoutAttempts,
      new Date(now.getTime() + config.lockoutMinutes * 60_000),
      now,
    );
    if (lockedUntil && lockedUntil > now) {
      throw new AppError('ACCOUNT_LOCKED', { minutes: minutesLeft(lockedUntil, now) });
    }
    throw new AppError(code);
  }

  async function signIn(input: SignInInput): Promise<{ secret: string; me: Me }> {
    const user = await findUserByEmail(db, input.email.trim());
    if (!user || !user.passwordHash || user.disabledAt) {
      await verifyPassword(await dummy(), input.password);
      throw new AppError('INVALID_CREDENTIALS');
    }
    const now = clock.now();
    if (user.lockedUntil && user.lockedUntil > now) {
      throw new AppError('ACCOUNT_LOCKED', { minutes: minutesLeft(user.lockedUntil, now) });
    }
    if (!(await verifyPassword(user.passwordHash, input.password))) return fail(user, 'INVALID_CREDENTIALS');

    const memberships = await listMemberships(db, user.id);
    const active = input.organizationId
      ? memberships.find((m) => m.organizationId === input.organizationId)
      : memberships[0];
    if (!active) throw new AppError('FORBIDDEN');

    let mfaVerified = false;
    if (user.totpEnabledAt && user.totpSecret) {
      if (!input.totp) throw new AppError('MFA_REQUIRED');
      const step = matchTotpStep(user.totpSecret, input.totp, now);
      // A code already used (seen by a shoulder or a proxy log) must not open a second session.
      if (step === null || !(await claimTotpStep(db, user.id, step))) return fail(user, 'MFA_INVALID');
      mfaVerified = true;
    }
    const enrolmentRequired = !mfaVerified && requiresTotp(user, memberships);

    await clearFailedSignIns(db, user.id, now);
    const { secret } = await createSession(
      db,
      {
        userId: user.id,
        organizationId: active.organizationId,
        mfaVerified,
        ip: input.ip,
        userAgent: input.userAgent,
      },
      clock,
      config.sessionHours,
    );
    return { secret, me: buildMe(user, memberships, active.organizationId, enrolmentRequired) };
  }

  async function resolveSession(secret: string): Promise<SessionResolution> {
    const now = clock.now();
    const idHash = hashSecret(secret);
    const row = await findSessionViewer(db, idHash, now, new Date(now.getTime() - SESSION_IDLE_MS));
    if (!row || row.disabled || row.role === null) return undefined;
    if (row.lastActivityAt && now.getTime() - row.lastActivityAt.getTime() >= TOUCH_INTERVAL_MS) {
      await touchSession(db, idHash, now);
    }
    if (row.totpRequired && !row.mfaVerified) {
      return { pending: { userId: row.userId, organizationId: row.organizationId, sessionIdHash: idHash } };
    }
    return {
      viewer: toViewer({ ...row, role: row.role }, { via: 'session', scopes: null, sessionIdHash: idHash }),
    };
  }

  async function resolveToken(secret: string): Promise<Viewer | undefined> {
    const now = clock.now();
    const row = await findTokenViewer(db, hashSecret(secret), now);
    if (!row || row.disabled || row.role === null) return undefined;
    if (!row.lastActivityAt || now.getTime() - row.lastActivityAt.getTime() >= TOUCH_INTERVAL_MS) {
      await touchApiToken(db, row.tokenId, now);
    }
    return toViewer({ ...row, role: row.role }, { via: 'token', scopes: row.scopes, sessionIdHash: null });
  }

  async function signOut(sessionIdHash: string): Promise<void> {
    await revokeSession(db, sessionIdHash, clock.now());
  }

  async function me(userId: string, organizationId: string, totpEnrolmentRequired = false): Promise<Me> {
    const user = await getUserById(db, userId);
    return buildMe(user, await listMemberships(db, userId), organizationId, totpEnrolmentRequired);
  }

  async function switchOrganization(
    sessionIdHash: string,
    userId: string,
    organizationId: string,
  ): Promise<Me> {
    const user = await getUserById(db, userId);
    const memberships = await listMemberships(db, userId);
    if (!memberships.some((m) => m.organizationId === organizationId)) throw new AppError('FORBIDDEN');
    await updateSessionOrganization(db, sessionIdHash, organizationId);
    return buildMe(user, memberships, organizationId, false);
  }

  async function setLocale(userId: string, locale: Locale): Promise<void> {
    await updateLocale(db, userId, locale, clock.now());
  }

  /** Issues a new authenticator secret; it takes effect only once a code from it is confirmed. */
  async function startTotpEnrolment(userId: string): Promise<{ secret: string; otpauthUrl: string }> {
    const user = await getUserById(db, userId);
    if (user.totpEnabledAt) {
      throw new AppError('CONFLICT', {
        reason: '認証アプリは登録済みです / An authenticator is already enrolled.',
      });
    }
    const secret = newTotpSecret();
    await updatePendingTotpSecret(db, userId, secret, clock.now());
    return { secret, otpauthUrl: otpauthUrl(secret, user.email) };
  }

  /** Enables the pending authenticator; the current session counts as verified from now on. */
  async function confirmTotpEnrolment(
    userId: string,
    sessionIdHash: string | null,
    code: string,
  ): Promise<void> {
    const user = await getUserById(db, userId);
    if (user.totpEnabledAt || !user.totpSecret) throw new AppError('MFA_INVALID');
    const now = clock.now();
    const step = matchTotpStep(user.totpSecret, code, now);
    if (step === null) throw new AppError('MFA_INVALID');
    await enableTotp(db, userId, step, now);
    if (sessionIdHash) await markSessionMfaVerified(db, sessionIdHash);
  }

  return {
    signIn,
    signOut,
    resolveSession,
    resolveToken,
    me,
    switchOrganization,
    setLocale,
    startTotpEnrolment,
    confirmTotpEnrolment,
    /** The code an authenticator shows now; for tests and the CLI's enrolment check. */
    currentTotp: (secret: string) => currentTotp(secret, clock.now()),
  };
}

export type SessionService = ReturnType<typeof createSessionService>;
