import type { Locale, OrganizationKind, Role } from '@cipx/contracts';

export interface User {
  id: string;
  email: string;
  displayName: string;
  locale: Locale;
  passwordHash: string | null;
  totpSecret: string | null;
  totpEnabledAt: Date | null;
  failedSignIns: number;
  lockedUntil: Date | null;
  disabledAt: Date | null;
}

export interface RoleGrant {
  organizationId: string;
  role: Role;
}

export interface Membership {
  organizationId: string;
  slug: string;
  kind: OrganizationKind;
  nameJa: string;
  nameEn: string;
  role: Role;
}

/** Organization kinds whose admins hold national reach and must use a second factor (DESIGN §4.7). */
export const PRIVILEGED_KINDS: readonly OrganizationKind[] = ['coordinator', 'ministry', 'ceptoar'];

export function isPrivileged(kind: OrganizationKind, role: Role): boolean {
  return role === 'admin' && PRIVILEGED_KINDS.includes(kind);
}

/** A second factor is required once enrolled, and always for privileged roles. */
export function requiresTotp(user: Pick<User, 'totpEnabledAt'>, memberships: readonly Membership[]): boolean {
  return user.totpEnabledAt !== null || memberships.some((m) => isPrivileged(m.kind, m.role));
}

/** Whole minutes left until a lock ends, never less than one. */
export function minutesLeft(lockedUntil: Date, now: Date): number {
  return Math.max(1, Math.ceil((lockedUntil.getTime() - now.getTime()) / 60_000));
}

export const SESSION_IDLE_MS = 2 * 60 * 60 * 1000;
/** Activity timestamps are written at most this often, to keep the hot path read-only. */
export const TOUCH_INTERVAL_MS = 60 * 1000;
export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
export const PASSWORD_RESET_TTL_MS = 60 * 60 * 1000;
export const API_TOKEN_MAX_DAYS = 366;
