import { AppError } from '../../shared/app-error.js';
import type { Viewer } from '../../shared/viewer.js';
import type { AuditActorInput, AuditEventInput } from '../audit/index.js';
import { pseudonymousActor } from '../audit/index.js';
import {
  holdsPendingHop,
  permission,
  recipientOrganizations,
  reporterPseudonym,
  type Hop,
  type ReportAction,
} from './report.js';
import type { NewTimelineEntry, ReportQueries, ReportRecord } from './reports.repository.js';

// How the reports services record an act on a report: who it is shown as (a pseudonym for
// the reporter of an anonymized report, DESIGN.md §4.1), its audit event and timeline entry,
// and the permission check. Shared by every service that writes to a report.

export interface RequestOrigin {
  requestId: string | null;
  ip: string | null;
}

type ActingOn = Pick<ReportRecord, 'route' | 'viewerIsOriginator' | 'number' | 'routing' | 'relayOrgId'>;

/** The actor to record: the reporter of an anonymized-route report is never named. */
export function actorFor(viewer: Viewer, report: ActingOn): AuditActorInput {
  if (report.route === 'anonymized' && report.viewerIsOriginator) {
    const relay = report.relayOrgId ?? report.routing.relayOrgId;
    const label = reporterPseudonym(report.number);
    return relay === null ? { userId: null, organizationId: null, label } : pseudonymousActor(relay, label);
  }
  return { userId: viewer.userId, organizationId: viewer.organizationId };
}

export function auditEvent(
  actor: AuditActorInput,
  origin: RequestOrigin | undefined,
  action: string,
  targetIds: readonly string[],
  detail: Record<string, unknown> = {},
): AuditEventInput {
  return {
    action,
    actor,
    targetType: 'report',
    targetIds,
    detail,
    requestId: origin?.requestId ?? null,
    ip: origin?.ip ?? null,
  };
}

/** A timeline entry by the viewer; the originating side's entries are masked for those who may not know it. */
export function timelineEntry(
  viewer: Viewer,
  report: ActingOn,
  kind: NewTimelineEntry['kind'],
  detail: Record<string, unknown>,
  at: Date,
): NewTimelineEntry {
  return {
    kind,
    at,
    actorUserId: viewer.userId,
    actorOrgId: viewer.organizationId,
    actorLabel:
      report.route === 'anonymized' && report.viewerIsOriginator ? reporterPseudonym(report.number) : null,
    byOriginator: report.viewerIsOriginator,
    detail,
  };
}

/** The report if the viewer may see it; REPORT_NOT_FOUND otherwise, so existence does not leak. */
export async function visibleOrNotFound(
  queries: Pick<ReportQueries, 'findVisible'>,
  viewer: Viewer,
  id: string,
): Promise<ReportRecord> {
  const report = await queries.findVisible(viewer, id);
  if (!report) throw new AppError('REPORT_NOT_FOUND');
  return report;
}

/** Whether the viewer's organization is one the report has reached (other than the originator). */
export function isRecipient(viewer: Viewer, report: ReportRecord, hops: readonly Hop[]): boolean {
  return recipientOrganizations(report.hidden.originatorOrgId, hops).includes(viewer.organizationId);
}

/** FORBIDDEN or REPORT_TRANSITION_NOT_ALLOWED unless the viewer may take `action` now. */
export function requirePermission(
  viewer: Viewer,
  report: ReportRecord,
  hops: readonly Hop[],
  action: ReportAction,
): void {
  const verdict = permission(
    {
      role: viewer.role,
      organizationKind: viewer.organizationKind,
      isOriginator: report.viewerIsOriginator,
      isRecipient: isRecipient(viewer, report, hops),
      holdsPendingHop: holdsPendingHop(report.hidden.originatorOrgId, hops, viewer.organizationId),
    },
    action,
    report.status,
  );
  if (verdict === 'forbidden') throw new AppError('FORBIDDEN');
  if (verdict === 'wrong_status')
    throw new AppError('REPORT_TRANSITION_NOT_ALLOWED', { status: report.status, action });
}
