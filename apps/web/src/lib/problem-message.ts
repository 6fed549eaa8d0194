import type { TFunction } from 'i18next';
import { isApiError } from './api.js';

/**
 * The person-facing message for a failed call: our own translation of the stable
 * code, else the server's (already translated) title, else a generic message.
 */
export function problemMessage(t: TFunction, error: unknown): string {
  if (isApiError(error)) {
    const fallback = error.title && error.code !== 'HTTP_ERROR' ? error.title : t('errors.UNKNOWN');
    return t(`errors.${error.code}`, { defaultValue: fallback });
  }
  return t('errors.UNKNOWN');
}
