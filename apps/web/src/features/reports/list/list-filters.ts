import {
  REPORT_KINDS,
  REPORT_STATUSES,
  type ReportKind,
  type ReportStatus,
  type SeverityLevel,
} from '../../../lib/types.js';
import { jstDayEnd, jstDayStart } from '../jst.js';

/**
 * A report list's filters as they live in the URL (and in saved views): plain values a
 * person can read, with the period as JST calendar days.
 */
export interface ReportFilters {
  q?: string;
  sector?: string;
  kind?: ReportKind;
  status?: ReportStatus;
  /** At least this overall severity. */
  severity?: SeverityLevel;
  /** First JST day of the period, 'YYYY-MM-DD'. */
  from?: string;
  /** Last JST day of the period (included). */
  to?: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const oneOf = <T extends string>(list: readonly T[], value: unknown): T | undefined =>
  typeof value === 'string' && (list as readonly string[]).includes(value) ? (value as T) : undefined;

/** Filters from untrusted input (the URL, localStorage); anything unknown is dropped. */
export function parseFilters(input: Record<string, unknown>): ReportFilters {
  const filters: ReportFilters = {};
  const q = input['q'];
  if (typeof q === 'string' && q.trim() !== '') filters.q = q.trim().slice(0, 200);
  const sector = input['sector'];
  if (typeof sector === 'string' && /^[a-z0-9_-]{1,64}$/.test(sector)) filters.sector = sector;
  const kind = oneOf(REPORT_KINDS, input['kind']);
  if (kind) filters.kind = kind;
  const status = oneOf(REPORT_STATUSES, input['status']);
  if (status) filters.status = status;
  const severity = Number(input['severity']);
  if (input['severity'] !== undefined && input['severity'] !== '' && Number.isInteger(severity)) {
    if (severity >= 0 && severity <= 4) filters.severity = severity as SeverityLevel;
  }
  for (const key of ['from', 'to'] as const) {
    const value = input[key];
    if (typeof value === 'string' && DAY.test(value) && jstDayStart(value) !== null) filters[key] = value;
  }
  return filters;
}

/** The list API's query for the filters: the period becomes UTC bounds of the JST days. */
export function filterQuery(filters: ReportFilters): Record<string, string | number | undefined> {
  return {
    q: filters.q,
    sector: filters.sector,
    kind: filters.kind,
    status: filters.status,
    severity: filters.severity,
    from: filters.from ? (jstDayStart(filters.from) ?? undefined) : undefined,
    to: filters.to ? (jstDayEnd(filters.to) ?? undefined) : undefined,
  };
}

export const hasFilters = (filters: ReportFilters): boolean => Object.keys(filters).length > 0;
