import type {
  AudienceEntry,
  FollowUp,
  ReportDetail,
  ReportHop,
  ReportSummary,
  ReportWarning,
  TimelineEntry,
} from '@cipx/contracts';
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

/** `warnings` is advice for the originator after its own create, update or submit. */
export function toDetail(
  report: ReportRecord,
  hops: readonly Hop[],
  warnings: readonly ReportWarning[] = [],
): ReportDetail {
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
    ...(warnings.length > 0 ? { warnings: [...warnings] } : {}),
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

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * Questions with their answers from timeline entries already presented to the viewer (so the
 * answerer of an anonymized report is the relay under a pseudonym), oldest question first.
 */
export function toFollowUps(entries: readonly TimelineEntry[]): FollowUp[] {
  const answers = new Map<string, TimelineEntry>();
  for (const e of entries) {
    const followUpId = e.detail['followUpId'];
    if (e.kind === 'follow_up_answer' && typeof followUpId === 'string' && !answers.has(followUpId)) {
      answers.set(followUpId, e);
    }
  }
  return entries
    .filter((e) => e.kind === 'follow_up_question')
    .map((q) => {
      const answer = answers.get(q.id);
      const addressed = q.detail['addressedOrgId'];
      return {
        id: q.id,
        askedAt: q.at,
        askedBy: q.actor,
        question: text(q.detail['question']),
        addressedToOrgId: typeof addressed === 'string' ? addressed : null,
        viaRelay: q.detail['viaRelay'] === true,
        answer: answer
          ? { entryId: answer.id, at: answer.at, by: answer.actor, text: text(answer.detail['answer']) }
          : null,
      };
    });
}
