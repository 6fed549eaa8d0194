import type { ErrorCode, FieldError } from '@cipx/contracts';

/**
 * The one error type services throw. It carries a stable code; the HTTP layer
 * maps codes to statuses and translated titles in one table (platform/http/errors.ts).
 * `params` fill placeholders of the translated detail and must never hold secrets.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly params: Record<string, string | number>;
  readonly fieldErrors: FieldError[] | undefined;

  constructor(code: ErrorCode, params: Record<string, string | number> = {}, fieldErrors?: FieldError[]) {
    super(code);
    this.name = 'AppError';
    this.code = code;
    this.params = params;
    this.fieldErrors = fieldErrors;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
