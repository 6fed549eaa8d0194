import type { TFunction } from 'i18next';
import type { FieldError } from '../../lib/types.js';

/**
 * The wizard's name for a field a server error points at. The reports service answers with
 * pointers like '/title', schema validation with 'body/forms/ddos/pps' and the severity
 * service with '/body/rationale'; all become 'title', 'forms.ddos.pps', 'rationale'.
 */
export function fieldKey(pointer: string): string {
  const parts = pointer.split('/').filter((p) => p !== '');
  if (parts[0] === 'body') parts.shift();
  return parts.join('.');
}

/**
 * A field error in the person's language: our own text for a code we know, else the server's
 * message (already in the request's language).
 */
export function fieldErrorMessage(t: TFunction, error: Pick<FieldError, 'code' | 'message'>): string {
  return t(`reports.fieldErrors.${error.code}`, { defaultValue: error.message || error.code });
}

/** Server field errors keyed by wizard field; the first message per field wins. */
export function mapFieldErrors(t: TFunction, errors: readonly FieldError[]): Record<string, string> {
  const mapped: Record<string, string> = {};
  for (const error of errors) {
    const key = fieldKey(error.field);
    if (key === '' || mapped[key] !== undefined) continue;
    mapped[key] = fieldErrorMessage(t, error);
  }
  return mapped;
}
