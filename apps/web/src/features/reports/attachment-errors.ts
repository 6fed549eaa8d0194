import type { TFunction } from 'i18next';
import { isApiError } from '../../lib/api.js';
import { problemMessage } from '../../lib/problem-message.js';

/** A size for people: bytes, KiB or MiB, as the server words its limit. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) {
    const mib = bytes / (1024 * 1024);
    return `${Number.isInteger(mib) ? mib : mib.toFixed(1)} MiB`;
  }
  if (bytes >= 1024) return `${Math.floor(bytes / 1024)} KiB`;
  return `${bytes} B`;
}

/**
 * Why an upload was refused, in the person's language: too large (413) names the limit,
 * unsupported (415) lists what is accepted; anything else reads as any other failure.
 */
export function uploadErrorMessage(t: TFunction, error: unknown, maxBytes: number | undefined): string {
  if (isApiError(error)) {
    if (error.status === 413) {
      return maxBytes === undefined
        ? t('reports.attachments.errors.tooLargeNoLimit')
        : t('reports.attachments.errors.tooLarge', { limit: formatBytes(maxBytes) });
    }
    if (error.status === 415) return t('reports.attachments.errors.unsupported');
  }
  return problemMessage(t, error);
}
