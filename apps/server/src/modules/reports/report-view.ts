import type { AudienceEntry, ReportDetail, ReportHop, ReportSummary, TimelineEntry } from '@cipx/contracts';
import { reporterPseudonym, scrubOriginator, type Hop } from './report.js';
import type { ReportRecord, TimelineRecord } from './reports.repository.js';

// What a viewer is shown of a report. Whoever may not know an anonymized report's
// originator sees the relay in its place everywhere: originator, hops, audience, timeline.

const iso = (value: Date | null): string | null => (value === null ? null : value.toISOString());

function hidden(report: ReportRecord) {
  return { ...report.hidden, relayOrgId: report.relayOrgId };
}

export function toSummary(report: ReportRecord): ReportSummary {
  return {
    id: report.id,
    number: report.number,
    kind: report.facts.kind,
    status: report.status,
    route: report.route,
    tlp: report.tlp,
    exercise: report.exercise,
    sectorCode: report.facts.sectorCode,
    title: report.facts.title,
    serviceImpact: report.facts.serviceImpact,
    severityOverall: report.severityOverall,
    originator: report.presentedOriginator
      ? {
          id: report.presentedOriginator.id,
          name: { ja: report.presentedOriginator.nameJa, en: report.presentedOriginator.nameEn },
        }
      : null,
    anonymized: report.anonymized,
    reportedAt: report.facts.reportedAt,
    createdAt: report.createdAt.toISOString(),
    updatedAt: report.updatedAt.toISOString(),
  };
}

function toHop(hop: Hop): ReportHop {
  return {
    seq: hop.seq,
    fromOrgId: hop.fromOrgId,
    toOrgId: hop.toOrgId,
    mode: hop.mode,
    copy: hop.copy,
    status: hop.status,
    dueAt: iso(hop.dueAt),
    forwardedAt: iso(hop.forwardedAt),
    acknowledgedAt: iso(hop.acknowledgedAt),
  };
}

export function toDetail(report: ReportRecord, hops: readonly Hop[]): ReportDetail {
  const knows = report.viewerKnowsOriginator;
  // The hop out of a hidden originator would name it; the rest of the route is the relay's.
  const shownHops = knows ? hops : hops.filter((h) => h.fromOrgId !== report.hidden.originatorOrgId);
  // Named people could be the reporter's colleagues: they stay with those who know the originator.
  const audience: AudienceEntry[] = knows
    ? report.audience
    : report.audience.filter(
        (e) =>
          e.kind !== 'person' &&
          !(e.kind === 'organization' && e.organizationId === report.hidden.originatorOrgId),
      );
  const { kind: _kind, title: _title, ...facts } = report.facts;
  return {
    ...toSummary(report),
    ...facts,
    editionId: report.editionId,
    relayOrgId: report.relayOrgId,
    authorUserId: knows ? report.hidden.authorUserId : null,
    viewerIsOriginator: report.viewerIsOriginator,
    audience,
    routing: report.viewerIsOriginator ? report.routing : null,
    hops: shownHops.map(toHop),
    submittedAt: iso(report.submittedAt),
    version: report.version,
  };
}

export function toTimelineEntry(report: ReportRecord, entry: TimelineRecord): TimelineEntry {
  const knows = report.viewerKnowsOriginator;
  const masked = !knows && entry.byOriginator;
  return {
    id: entry.id,
    seq: entry.seq,
    at: entry.at.toISOString(),
    kind: entry.kind,
    actor: masked
      ? {
          userId: null,
          organizationId: report.relayOrgId,
          label: entry.actorLabel ?? reporterPseudonym(report.number),
        }
      : { userId: entry.actorUserId, organizationId: entry.actorOrgId, label: entry.actorLabel },
    detail: knows ? entry.detail : (scrubOriginator(entry.detail, hidden(report)) as Record<string, unknown>),
    stage: entry.stage,
  };
}
