import { Secret, TOTP } from 'otpauth';

// RFC 6238 with the parameters every authenticator app accepts: SHA-1, 6 digits, 30 s.
const PERIOD_SECONDS = 30;

function totpFor(secret: string, label = 'CIPX'): TOTP {
  return new TOTP({
    issuer: 'CIPX',
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD_SECONDS,
    secret: Secret.fromBase32(secret),
  });
}

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function otpauthUrl(secret: string, email: string): string {
  return totpFor(secret, email).toString();
}

/**
 * The time step a code belongs to (one step of clock drift either way is allowed),
 * or null when it matches none. Callers store the step to refuse a replay.
 */
export function matchTotpStep(secret: string, code: string, now: Date): number | null {
  const delta = totpFor(secret).validate({ token: code, timestamp: now.getTime(), window: 1 });
  if (delta === null) return null;
  return Math.floor(now.getTime() / 1000 / PERIOD_SECONDS) + delta;
}

/** The current code; for the CLI's enrolment check and for tests. */
export function currentTotp(secret: string, now: Date): string {
  return totpFor(secret).generate({ timestamp: now.getTime() });
}
