import { createHash } from 'node:crypto';

// The audit chain as pure rules: what an event is, how it is sealed into the chain, and
// how a stored link is checked. No I/O here.

export interface AuditActorInput {
  userId?: string | null;
  organizationId?: string | null;
  /** A pseudonym shown instead of a real person (anonymized items: "reporter via <relay>"). */
  label?: string | null;
}

export interface AuditEventInput {
  /** Dotted lower-case words, e.g. `auth.sign_in`, `directory.import`, `organization.read`. */
  action: string;
  actor: AuditActorInput;
  targetType?: string | null;
  /** Every record the request touched, in one event (not one event per record). */
  targetIds?: readonly string[];
  /** Context for a reader; secret-looking keys are redacted before storage. */
  detail?: Record<string, unknown>;
  requestId?: string | null;
  ip?: string | null;
}

/** An event as recorded, before it has a place in the chain. */
export interface PendingAuditEvent {
  at: Date;
  actorUserId: string | null;
  actorOrgId: string | null;
  actorLabel: string | null;
  action: string;
  targetType: string | null;
  targetIds: string[];
  detail: Record<string, unknown>;
  requestId: string | null;
  ip: string | null;
}

export interface ChainedAuditEvent extends PendingAuditEvent {
  seq: number;
  prevHash: string;
  hash: string;
}

export interface ChainTail {
  seq: number;
  hash: string;
}

/** prev_hash of the first event. */
export const GENESIS_HASH = '0'.repeat(64);

export const ACTION_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/;

// Keys whose values must never reach the log, whatever a caller passes in `detail`.
const SECRET_KEY =
  /^(password|passcode|passphrase|secret|token|otp|totp|cookie|authorization|apikey|privatekey)$|(password|secret|token|cookie)$/i;

/**
 * The detail exactly as jsonb will give it back (JSON round trip: no undefined, no
 * functions, dates as ISO strings, no U+0000, which jsonb refuses), with the values of
 * secret-looking keys replaced by "[redacted]", so what is hashed is what is stored.
 */
export function normalizeDetail(detail: Record<string, unknown> | undefined): Record<string, unknown> {
  if (detail === undefined) return {};
  const json = JSON.stringify(detail, (key: string, value: unknown) => {
    if (key !== '' && SECRET_KEY.test(key) && value !== null && value !== undefined) return '[redacted]';
    return typeof value === 'string' ? value.replaceAll('\u0000', '') : value;
  });
  const parsed: unknown = JSON.parse(json);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error('audit detail must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}

export function toPendingEvent(input: AuditEventInput, at: Date): PendingAuditEvent {
  if (!ACTION_PATTERN.test(input.action))
    throw new Error(`invalid audit action ${JSON.stringify(input.action)}`);
  return {
    at,
    actorUserId: input.actor.userId ?? null,
    actorOrgId: input.actor.organizationId ?? null,
    actorLabel: input.actor.label ?? null,
    action: input.action,
    targetType: input.targetType ?? null,
    targetIds: [...(input.targetIds ?? [])],
    detail: normalizeDetail(input.detail),
    requestId: input.requestId ?? null,
    ip: input.ip ?? null,
  };
}

/** JSON with object keys sorted at every depth: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** SHA-256 (hex) over the canonical form of every stored field and the previous hash. */
export function hashEvent(event: Omit<ChainedAuditEvent, 'hash'>): string {
  const canonical = canonicalJson({
    v: 1,
    seq: event.seq,
    at: event.at.toISOString(),
    actorUserId: event.actorUserId,
    actorOrgId: event.actorOrgId,
    actorLabel: event.actorLabel,
    action: event.action,
    targetType: event.targetType,
    targetIds: event.targetIds,
    detail: event.detail,
    requestId: event.requestId,
    ip: event.ip,
    prevHash: event.prevHash,
  });
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/** Places pending events after the tail, in the given order, each linked to the one before. */
export function sealEvents(
  tail: ChainTail | undefined,
  pending: readonly PendingAuditEvent[],
): ChainedAuditEvent[] {
  let seq = tail?.seq ?? 0;
  let prevHash = tail?.hash ?? GENESIS_HASH;
  return pending.map((event) => {
    seq += 1;
    const unsealed = { ...event, seq, prevHash };
    const hash = hashEvent(unsealed);
    prevHash = hash;
    return { ...unsealed, hash };
  });
}

export type ChainBreak = 'SEQ_GAP' | 'PREV_HASH_MISMATCH' | 'HASH_MISMATCH';

export type VerifyResult =
  { ok: true; count: number } | { ok: false; firstBrokenSeq: number; reason: ChainBreak };

/** Checks one stored event against the one before it (undefined for the first). */
export function checkLink(
  previous: ChainTail | undefined,
  event: ChainedAuditEvent,
): { ok: true } | { ok: false; seq: number; reason: ChainBreak } {
  const expectedSeq = (previous?.seq ?? 0) + 1;
  if (event.seq !== expectedSeq) return { ok: false, seq: expectedSeq, reason: 'SEQ_GAP' };
  if (event.prevHash !== (previous?.hash ?? GENESIS_HASH)) {
    return { ok: false, seq: event.seq, reason: 'PREV_HASH_MISMATCH' };
  }
  if (hashEvent(event) !== event.hash) return { ok: false, seq: event.seq, reason: 'HASH_MISMATCH' };
  return { ok: true };
}
