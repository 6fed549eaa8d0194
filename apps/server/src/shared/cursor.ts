import { AppError } from './app-error.js';

/**
 * Opaque keyset cursors: base64url JSON of the sort key of the last row seen.
 * Keyset (not offset) keeps pages stable while rows are inserted concurrently.
 */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, arity: number): (string | number)[] {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === arity &&
      parsed.every((v) => typeof v === 'string' || typeof v === 'number')
    ) {
      return parsed;
    }
  } catch {
    // fall through: a malformed cursor is the caller's error, reported below
  }
  throw new AppError('BAD_REQUEST', { reason: 'cursor' }, [
    { field: '/cursor', code: 'INVALID_CURSOR', message: 'cursor is not one this server issued' },
  ]);
}
