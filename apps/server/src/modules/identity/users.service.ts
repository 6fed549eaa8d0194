import { hash, verify } from '@node-rs/argon2';
import type { Locale } from '@cipx/contracts';
import { AppError } from '../../shared/app-error.js';
import { systemClock, type Clock } from '../../shared/clock.js';
import { newId } from '../../shared/ids.js';
import { checkPassword, PASSWORD_PROBLEM_TEXT, type AccountWords } from './password.js';
import { newTotpSecret } from './totp.js';
import type { RoleGrant, User } from './user.js';
import {
  findOrganization,
  findUserByEmail,
  getUserById,
  insertUser,
  upsertRole,
  type Queryable,
} from './users.repository.js';

// argon2id with OWASP's minimum (m=19 MiB, t=2, p=1): about 24 ms here. argon2id is the
// library's default algorithm; the costs are stated so a library upgrade cannot lower them.
const ARGON2 = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return verify(passwordHash, password);
}

/** Throws PASSWORD_REJECTED with the reason in the caller's language. */
export function assertPasswordAllowed(password: string, account: AccountWords, locale: Locale): void {
  const problem = checkPassword(password, account);
  if (!problem) return;
  const reason = PASSWORD_PROBLEM_TEXT[problem][locale];
  throw new AppError('PASSWORD_REJECTED', { reason }, [
    { field: '/password', code: problem.toUpperCase(), message: reason },
  ]);
}

export interface CreateUserInput {
  email: string;
  displayName: string;
  /** Omitted for people who set their own through an invitation link. */
  password?: string;
  locale: Locale;
  roles: RoleGrant[];
  /** Enrols an authenticator now and returns its secret once (for privileged accounts made by the CLI). */
  enrollTotp?: boolean;
}

export interface CreatedUser {
  user: User;
  totpSecret?: string;
}

/**
 * Creates a person with roles, for the CLI, seeds and tests (invitations use the same path).
 * Run inside a transaction when the caller needs all-or-nothing with its own writes.
 */
export async function createUser(
  db: Queryable,
  input: CreateUserInput,
  clock: Clock = systemClock,
): Promise<CreatedUser> {
  const email = input.email.trim();
  if (await findUserByEmail(db, email)) {
    throw new AppError('CONFLICT', {
      reason: 'このメールアドレスは登録済みです / This e-mail address is already registered.',
    });
  }
  let passwordHash: string | null = null;
  if (input.password !== undefined) {
    assertPasswordAllowed(input.password, { email, displayName: input.displayName }, input.locale);
    passwordHash = await hashPassword(input.password);
  }
  const totpSecret = input.enrollTotp ? newTotpSecret() : null;
  const id = newId();
  await insertUser(db, {
    id,
    email,
    displayName: input.displayName,
    locale: input.locale,
    passwordHash,
    totpSecret,
    now: clock.now(),
  });
  for (const grant of input.roles) await grantRole(db, { userId: id, ...grant });
  const user = await getUserById(db, id);
  return totpSecret ? { user, totpSecret } : { user };
}

/** Gives a person a role in an organization, replacing any role they had there. */
export async function grantRole(db: Queryable, grant: RoleGrant & { userId: string }): Promise<void> {
  if (!(await findOrganization(db, grant.organizationId))) throw new AppError('ORGANIZATION_NOT_FOUND');
  await upsertRole(db, grant.userId, grant.organizationId, grant.role);
}
