import { Type, type Static } from 'typebox';

/**
 * Stable error codes. The server maps each to an HTTP status in one table;
 * the web app translates each by code. Add new codes here first.
 */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'BAD_REQUEST',
  'UNAUTHENTICATED',
  'MFA_REQUIRED',
  'MFA_INVALID',
  'INVALID_CREDENTIALS',
  'ACCOUNT_LOCKED',
  'FORBIDDEN',
  'ORIGIN_MISMATCH',
  'NOT_FOUND',
  'CONFLICT',
  'TOKEN_INVALID',
  'PASSWORD_REJECTED',
  'RATE_LIMITED',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'IDEMPOTENCY_KEY_REUSED',
  'CSV_INVALID',
  'CSV_NOT_UTF8',
  'CSV_TOO_LARGE',
  'EDITION_NOT_FOUND',
  'ORGANIZATION_NOT_FOUND',
  'USER_NOT_FOUND',
  'REPORT_NOT_FOUND',
  'REPORT_VERSION_CONFLICT',
  'REPORT_TRANSITION_NOT_ALLOWED',
  'REPORT_INCOMPLETE',
  'FOLLOW_UP_NOT_FOUND',
  'DEADLINE_REGIME_NOT_FOUND',
  'DEADLINE_REGIME_ALREADY_APPLIED',
  'DEADLINE_STAGE_NOT_FOUND',
  'CRISIS_NOT_FOUND',
  'CRISIS_ENDED',
  'CRISIS_REPORT_ALREADY_LINKED',
  'INTERNAL',
  'UNAVAILABLE',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const FieldError = Type.Object({
  /** JSON pointer or CSV column of the offending field. */
  field: Type.String(),
  code: Type.String(),
  message: Type.String(),
  /** For CSV imports: the spreadsheet row (header = 1) and column name. */
  row: Type.Optional(Type.Integer({ minimum: 1 })),
  column: Type.Optional(Type.String()),
});
export type FieldError = Static<typeof FieldError>;

/** RFC 9457 problem details with CIPX's stable code. */
export const Problem = Type.Object({
  type: Type.String(),
  title: Type.String(),
  status: Type.Integer(),
  code: Type.String(),
  detail: Type.Optional(Type.String()),
  instance: Type.Optional(Type.String()),
  requestId: Type.Optional(Type.String()),
  errors: Type.Optional(Type.Array(FieldError)),
});
export type Problem = Static<typeof Problem>;
