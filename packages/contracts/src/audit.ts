import { Type, type Static } from 'typebox';
import { Uuid } from './common.js';

/** The hash-chained audit log as the API shows it (DESIGN.md §4.6). */

export const AuditActor = Type.Object({
  userId: Type.Union([Uuid, Type.Null()]),
  organizationId: Type.Union([Uuid, Type.Null()]),
  /** A pseudonym (e.g. "reporter via Banking CEPTOAR") shown instead of the real actor. */
  label: Type.Union([Type.String(), Type.Null()]),
});
export type AuditActor = Static<typeof AuditActor>;

export const AuditEvent = Type.Object({
  seq: Type.Integer({ minimum: 1 }),
  at: Type.String({ format: 'date-time' }),
  action: Type.String(),
  actor: AuditActor,
  targetType: Type.Union([Type.String(), Type.Null()]),
  targetIds: Type.Array(Type.String()),
  detail: Type.Record(Type.String(), Type.Unknown()),
  requestId: Type.Union([Type.String(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
  hash: Type.String(),
});
export type AuditEvent = Static<typeof AuditEvent>;

export const AuditEventList = Type.Object({
  items: Type.Array(AuditEvent),
  /** Cursor of the next (older) page; absent on the last page. */
  next: Type.Optional(Type.String()),
});
export type AuditEventList = Static<typeof AuditEventList>;

/** Action names are dotted lower-case words, e.g. `auth.sign_in`, `directory.import`. */
export const AuditAction = Type.String({
  minLength: 3,
  maxLength: 100,
  pattern: '^[a-z][a-z0-9_]*(\\.[a-z0-9_]+)+$',
});

export const AuditQuery = Type.Object({
  /** An exact action, or a prefix ending in `.*` (e.g. `auth.*`). */
  action: Type.Optional(
    Type.String({ minLength: 1, maxLength: 100, pattern: '^[a-z][a-z0-9_]*(\\.[a-z0-9_]+)*(\\.\\*)?$' }),
  ),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
  cursor: Type.Optional(Type.String({ maxLength: 512 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
});
export type AuditQuery = Static<typeof AuditQuery>;
