import type { ReportDetail, ReportExportQuery, ReportListQuery, ReportPage, Timeline } from '@cipx/contracts';
import { REPORT_CSV_COLUMNS } from '@cipx/contracts';
import { AppError } from '../../shared/app-error.js';
import type { Clock } from '../../shared/clock.js';
import { toCsv } from '../../shared/csv-export.js';
import { decodeCursor, encodeCursor } from '../../shared/cursor.js';
import type { Viewer } from '../../shared/viewer.js';
import { toDetail, toSummary, toTimelineEntry } from './report-view.js';
import type { ReportFilter, ReportRecord, ReportSortKey, ReportsRepository } from './reports.repository.js';
import type { ReportsService, RequestOrigin } from './reports.service.js';

// Reads of reports: every one filtered by the access policy and audited, one event per request.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Exports stop here; a larger export is a sign the filter is wrong, not a use case. */
export const MAX_EXPORT_ROWS = 10_000;

export interface ReportsReadDeps {
  repository: ReportsRepository;
  clock: Clock;
  writes: Pick<ReportsService, 'readReport' | 'recordReads'>;
}

function filterOf(query: ReportExportQuery, inbox: boolean): ReportFilter {
  return {
    q: query.q?.trim() || undefined,
    sectorCode: query.sector,
    kind: query.kind,
    status: query.status,
    minSeverity: query.severity,
    from: query.from !== undefined ? new Date(query.from) : undefined,
    to: query.to !== undefined ? new Date(query.to) : undefined,
    exercise: query.exercise,
    inbox,
  };
}

function afterOf(cursor: string | undefined): ReportSortKey | undefined {
  if (cursor === undefined) return undefined;
  const [createdAt, id] = decodeCursor(cursor, 2);
  if (
    typeof createdAt !== 'string' ||
    Number.isNaN(Date.parse(createdAt)) ||
    typeof id !== 'string' ||
    !UUID.test(id)
  ) {
    throw new AppError('BAD_REQUEST', { reason: 'cursor' });
  }
  return [createdAt, id];
}

/** Japan time for people reading a spreadsheet (the API itself speaks UTC). */
function jst(value: string | null): string | null {
  if (value === null) return null;
  const shifted = new Date(Date.parse(value) + 9 * 3600_000).toISOString();
  return `${shifted.slice(0, 10)} ${shifted.slice(11, 16)} JST`;
}

function csvRow(report: ReportRecord): (string | null)[] {
  const f = report.facts;
  const originator = report.presentedOriginator;
  const values: Record<(typeof REPORT_CSV_COLUMNS)[number], string | null> = {
    number: report.number,
    kind: f.kind,
    status: report.status,
    route: report.route,
    tlp: `TLP:${report.tlp.toUpperCase()}`,
    exercise: report.exercise ? 'true' : 'false',
    sector_code: f.sectorCode,
    title: report.exercise ? `【訓練】[EXERCISE] ${f.title}` : f.title,
    cause: f.cause,
    service_impact: f.serviceImpact,
    severity_overall: report.severityOverall === null ? null : String(report.severityOverall),
    originator: originator ? `${originator.nameJa} / ${originator.nameEn}` : null,
    occurred_at: jst(f.occurredAt),
    detected_at: jst(f.detectedAt),
    reported_at: jst(f.reportedAt),
    affected_prefectures: f.affectedPrefectures.join(' '),
    affected_users_estimate: f.affectedUsersEstimate === null ? null : String(f.affectedUsersEstimate),
  };
  return REPORT_CSV_COLUMNS.map((column) => values[column]);
}

export function createReportsReadService(deps: ReportsReadDeps) {
  const { repository, clock, writes } = deps;

  async function page(
    viewer: Viewer,
    query: ReportListQuery,
    inbox: boolean,
    origin?: RequestOrigin,
  ): Promise<ReportPage> {
    const limit = query.limit ?? 50;
    const rows = await repository.list(viewer, filterOf(query, inbox), afterOf(query.cursor), limit);
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    await writes.recordReads(viewer, origin, inbox ? 'reports.inbox.read' : 'reports.list', items, {
      ...(query.q ? { q: query.q } : {}),
    });
    return {
      items: items.map(toSummary),
      ...(rows.length > limit && last ? { next: encodeCursor([last.createdAt.toISOString(), last.id]) } : {}),
    };
  }

  return {
    /** Reports the viewer may see, newest first, with filters and q= search. */
    listReports(viewer: Viewer, query: ReportListQuery, origin?: RequestOrigin): Promise<ReportPage> {
      return page(viewer, query, false, origin);
    },

    /** Reports addressed to the viewer's organization that it did not originate. */
    inbox(viewer: Viewer, query: ReportListQuery, origin?: RequestOrigin): Promise<ReportPage> {
      return page(viewer, query, true, origin);
    },

    async getReport(viewer: Viewer, id: string, origin?: RequestOrigin): Promise<ReportDetail> {
      const { report, hops } = await writes.readReport(viewer, id);
      await writes.recordReads(viewer, origin, 'reports.read', [report]);
      return toDetail(report, hops);
    },

    async getTimeline(viewer: Viewer, id: string, origin?: RequestOrigin): Promise<Timeline> {
      const { report } = await writes.readReport(viewer, id);
      const entries = await repository.listTimeline(id);
      await writes.recordReads(viewer, origin, 'reports.timeline.read', [report]);
      return { items: entries.map((e) => toTimelineEntry(report, e)) };
    },

    /** The filtered list as CSV (UTF-8 with BOM, formula-guarded cells), newest first, at most MAX_EXPORT_ROWS. */
    async exportCsv(
      viewer: Viewer,
      query: ReportExportQuery,
      origin?: RequestOrigin,
    ): Promise<{ filename: string; csv: string }> {
      const rows = (await repository.list(viewer, filterOf(query, false), undefined, MAX_EXPORT_ROWS)).slice(
        0,
        MAX_EXPORT_ROWS,
      );
      await writes.recordReads(viewer, origin, 'reports.export', rows, { rows: rows.length });
      const stamp = clock.now().toISOString().slice(0, 10);
      return { filename: `cipx-reports-${stamp}.csv`, csv: toCsv(REPORT_CSV_COLUMNS, rows.map(csvRow)) };
    },
  };
}

export type ReportsReadService = ReturnType<typeof createReportsReadService>;
