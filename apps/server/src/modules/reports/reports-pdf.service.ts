import type { BilingualName } from '@cipx/contracts';
import type { Clock } from '../../shared/clock.js';
import type { Viewer } from '../../shared/viewer.js';
import type { ReportsReadService } from './reports-read.service.js';
import { pdfFilename, renderReportPdf, type ReportPdfInput } from './reports.pdf.js';
import type { ReportsRepository } from './reports.repository.js';
import type { RequestOrigin } from './reports.service.js';
import type { SeverityService } from './severity.service.js';

// The PDF shows exactly what the detail, timeline and severity endpoints show the viewer:
// it reads through them (visibility, anonymity and audit included) and adds names only for
// organizations those views already refer to.

export interface ReportsPdfDeps {
  reads: Pick<ReportsReadService, 'getReport' | 'getTimeline'>;
  severity: Pick<SeverityService, 'getReportSeverity'>;
  repository: Pick<ReportsRepository, 'organizationNames'>;
  clock: Clock;
  fontPath: string;
}

export function createReportsPdfService(deps: ReportsPdfDeps) {
  async function input(viewer: Viewer, id: string, origin?: RequestOrigin): Promise<ReportPdfInput> {
    const report = await deps.reads.getReport(viewer, id, origin);
    const timeline = await deps.reads.getTimeline(viewer, id, origin);
    const severity = await deps.severity.getReportSeverity(viewer, id, origin);
    const ids = new Set<string>([viewer.organizationId]);
    if (report.relayOrgId !== null) ids.add(report.relayOrgId);
    for (const hop of report.hops) {
      if (hop.fromOrgId !== null) ids.add(hop.fromOrgId);
      ids.add(hop.toOrgId);
    }
    for (const entry of timeline.items) {
      if (entry.actor.organizationId !== null) ids.add(entry.actor.organizationId);
    }
    const rows = await deps.repository.organizationNames([...ids]);
    const organizations = new Map<string, BilingualName>();
    for (const [orgId, name] of rows) organizations.set(orgId, { ja: name.nameJa, en: name.nameEn });
    return {
      report,
      timeline: timeline.items,
      severity,
      organizations,
      viewerOrganization: organizations.get(viewer.organizationId) ?? {
        ja: viewer.organizationId,
        en: viewer.organizationId,
      },
      generatedAt: deps.clock.now(),
    };
  }

  return {
    /** What the PDF is built from, as presented to the viewer. */
    input,

    async render(
      viewer: Viewer,
      id: string,
      origin?: RequestOrigin,
      options: { compress?: boolean } = {},
    ): Promise<{ filename: string; pdf: Buffer }> {
      const data = await input(viewer, id, origin);
      const pdf = await renderReportPdf(data, { fontPath: deps.fontPath, ...options });
      return { filename: pdfFilename(data.report.number), pdf };
    },
  };
}

export type ReportsPdfService = ReturnType<typeof createReportsPdfService>;
