import type {
  AudienceEntry,
  CreateReportBody,
  HopMode,
  ReportFacts,
  ReportForms,
  ReportRoute,
  ReportStatus,
  Tlp,
  UpdateReportBody,
} from '@cipx/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/tables.js';
import { enqueueJobs, type NewJob } from '../../platform/jobs/outbox.js';
import { AppError } from '../../shared/app-error.js';
import type { Clock } from '../../shared/clock.js';
import { newId } from '../../shared/ids.js';
import type { Viewer } from '../../shared/viewer.js';
import { parseTlp } from '../access/index.js';
import type { AuditActorInput, AuditEventInput, AuditService } from '../audit/index.js';
import { pseudonymousActor } from '../audit/index.js';
import {
  advanceHops,
  checkComplete,
  checkFacts,
  decideHops,
  diffFacts,
  formatReportNumber,
  holdsPendingHop,
  permission,
  planRoute,
  recipientOrganizations,
  reporterPseudonym,
  toFieldErrors,
  DEFAULT_ROUTING,
  type Hop,
  type ReportAction,
  type ReportFieldProblem,
} from './report.js';
import {
  NO_ROUTING_CHOICES,
  type NewTimelineEntry,
  type ReportQueries,
  type ReportRecord,
  type ReportsRepository,
  type RoutingChoices,
} from './reports.repository.js';

export const REPORT_JOBS = { arrived: 'reports.arrived' } as const;

export type ReportsAudit = Pick<AuditService, 'record' | 'flushSoon'>;

export interface RequestOrigin {
  requestId: string | null;
  ip: string | null;
}

/** Runs inside the create transaction with the new report (the Idempotency-Key store uses it). */
export type InCreateTransaction = (trx: Kysely<Database>, report: ReportRecord, hops: Hop[]) => Promise<void>;

export interface ReportsServiceDeps {
  repository: ReportsRepository;
  clock: Clock;
  audit?: ReportsAudit | undefined;
}

const EMPTY_FORMS: ReportForms = {};

export function blankFacts(kind: ReportFacts['kind'], language: ReportFacts['language']): ReportFacts {
  return {
    kind,
    sectorCode: null,
    service: null,
    title: '',
    description: '',
    language,
    cause: null,
    systems: [],
    occurredAt: null,
    detectedAt: null,
    reportedAt: null,
    serviceImpact: null,
    affectedPrefectures: [],
    affectedUsersEstimate: null,
    expectedRestorationAt: null,
    safetyImpact: null,
    rsitClass: null,
    ncissLocation: null,
    ncissFunctionalImpact: null,
    ncissRecoverability: null,
    euOutlook: null,
    forms: EMPTY_FORMS,
  };
}

/** Times as the database returns them (ISO, UTC, milliseconds), so diffs compare like with like. */
function normalizeTime(value: string | null | undefined): string | null | undefined {
  return value === null || value === undefined ? value : new Date(value).toISOString();
}

type FactsInput = Partial<Omit<ReportFacts, 'kind'>> & { kind?: ReportFacts['kind'] };

function mergeFacts(base: ReportFacts, input: FactsInput): ReportFacts {
  const merged: ReportFacts = { ...base };
  for (const [field, value] of Object.entries(input) as [keyof ReportFacts, unknown][]) {
    if (value === undefined || !(field in base)) continue;
    (merged as Record<keyof ReportFacts, unknown>)[field] = value;
  }
  for (const field of ['occurredAt', 'detectedAt', 'reportedAt', 'expectedRestorationAt'] as const) {
    merged[field] = normalizeTime(merged[field]) ?? null;
  }
  for (const field of ['service', 'safetyImpact', 'sectorCode'] as const) {
    const value = merged[field];
    merged[field] = value === null || value.trim() === '' ? null : value.trim();
  }
  merged.title = merged.title.trim();
  merged.affectedPrefectures = [...merged.affectedPrefectures].sort();
  return merged;
}

function tlpOf(input: string | undefined, fallback: Tlp): Tlp {
  if (input === undefined) return fallback;
  const tlp = parseTlp(input);
  if (tlp === null) throw new AppError('BAD_REQUEST', { reason: 'tlp' });
  return tlp;
}

function routingOf(input: Partial<RoutingChoices>, base: RoutingChoices): RoutingChoices {
  return {
    namedRecipients: input.namedRecipients ?? base.namedRecipients,
    relayOrgId: input.relayOrgId === undefined ? base.relayOrgId : input.relayOrgId,
    consentOfficeOrgId:
      input.consentOfficeOrgId === undefined ? base.consentOfficeOrgId : input.consentOfficeOrgId,
    consentToForward: input.consentToForward ?? base.consentToForward,
  };
}

const ROUTING_FIELDS = [
  'tlp',
  'route',
  'exercise',
  'namedRecipients',
  'relayOrgId',
  'consentOfficeOrgId',
] as const;

export function createReportsService(deps: ReportsServiceDeps) {
  const { repository, clock, audit } = deps;

  function invalid(
    viewer: Viewer,
    problems: readonly ReportFieldProblem[],
    code: 'VALIDATION_FAILED' | 'REPORT_INCOMPLETE',
  ) {
    return new AppError(code, { count: problems.length }, toFieldErrors(problems, viewer.locale));
  }

  /** The actor to record: the reporter of an anonymized-route report is never named (DESIGN.md §4.1). */
  function actorFor(
    viewer: Viewer,
    report: Pick<ReportRecord, 'route' | 'viewerIsOriginator' | 'number' | 'routing' | 'relayOrgId'>,
  ): AuditActorInput {
    if (report.route === 'anonymized' && report.viewerIsOriginator) {
      const relay = report.relayOrgId ?? report.routing.relayOrgId;
      const label = reporterPseudonym(report.number);
      return relay === null ? { userId: null, organizationId: null, label } : pseudonymousActor(relay, label);
    }
    return { userId: viewer.userId, organizationId: viewer.organizationId };
  }

  function auditEvent(
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

  /**
   * One audit event per request listing the reports read; reports the viewer filed on the
   * anonymized route go into a second, pseudonymous event so no event ties them to a person.
   */
  async function recordReads(
    viewer: Viewer,
    origin: RequestOrigin | undefined,
    action: string,
    records: readonly ReportRecord[],
    detail: Record<string, unknown> = {},
  ): Promise<void> {
    if (!audit) return;
    const hidden = records.filter((r) => r.route === 'anonymized' && r.viewerIsOriginator);
    const plain = records.filter((r) => !hidden.includes(r));
    if (plain.length > 0 || hidden.length === 0) {
      await audit.record(
        auditEvent(
          { userId: viewer.userId, organizationId: viewer.organizationId },
          origin,
          action,
          plain.map((r) => r.id),
          detail,
        ),
      );
    }
    for (const r of hidden) {
      await audit.record(auditEvent(actorFor(viewer, r), origin, action, [r.id], detail));
    }
  }

  function timelineEntry(
    viewer: Viewer,
    report: Pick<ReportRecord, 'route' | 'viewerIsOriginator' | 'number' | 'routing' | 'relayOrgId'>,
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

  async function visibleOrNotFound(
    queries: ReportQueries,
    viewer: Viewer,
    id: string,
  ): Promise<ReportRecord> {
    const report = await queries.findVisible(viewer, id);
    if (!report) throw new AppError('REPORT_NOT_FOUND');
    return report;
  }

  function require(viewer: Viewer, report: ReportRecord, hops: readonly Hop[], action: ReportAction): void {
    const verdict = permission(
      {
        role: viewer.role,
        organizationKind: viewer.organizationKind,
        isOriginator: report.viewerIsOriginator,
        isRecipient: recipientOrganizations(report.hidden.originatorOrgId, hops).includes(
          viewer.organizationId,
        ),
        holdsPendingHop: holdsPendingHop(report.hidden.originatorOrgId, hops, viewer.organizationId),
      },
      action,
      report.status,
    );
    if (verdict === 'forbidden') throw new AppError('FORBIDDEN');
    if (verdict === 'wrong_status')
      throw new AppError('REPORT_TRANSITION_NOT_ALLOWED', { status: report.status, action });
  }

  /** Checks of the routing choices that need the database; field problems, not errors. */
  async function checkRouting(
    queries: ReportQueries,
    viewer: Viewer,
    route: ReportRoute,
    tlp: Tlp,
    routing: RoutingChoices,
  ): Promise<ReportFieldProblem[]> {
    const problems: ReportFieldProblem[] = [];
    if (routing.namedRecipients.length > 0) {
      const known = await queries.existingUsers(routing.namedRecipients);
      if (routing.namedRecipients.some((id) => !known.has(id))) {
        problems.push({ field: 'namedRecipients', code: 'UNKNOWN_RECIPIENT' });
      }
    }
    if (tlp === 'red' && routing.namedRecipients.length === 0) {
      problems.push({ field: 'namedRecipients', code: 'RED_NEEDS_RECIPIENTS' });
    }
    if (route === 'anonymized' && routing.relayOrgId !== null) {
      const candidates = await queries.relayCandidates(viewer.organizationId);
      if (!candidates.some((c) => c.id === routing.relayOrgId)) {
        problems.push({ field: 'relayOrgId', code: 'RELAY_NOT_ALLOWED' });
      }
    }
    if (route === 'consent' && routing.consentOfficeOrgId !== null) {
      if (!(await queries.isConsentOffice(routing.consentOfficeOrgId))) {
        problems.push({ field: 'consentOfficeOrgId', code: 'CONSENT_OFFICE_NOT_ALLOWED' });
      }
    }
    return problems;
  }

  async function checkSector(queries: ReportQueries, facts: ReportFacts): Promise<ReportFieldProblem[]> {
    if (facts.sectorCode === null) return [];
    const routing = await queries.currentRouting(facts.sectorCode);
    return routing.sectorExists ? [] : [{ field: 'sectorCode', code: 'UNKNOWN_SECTOR' }];
  }

  function arrivalJobs(reportId: string, forwarded: readonly Hop[]): NewJob[] {
    return [...new Set(forwarded.map((h) => h.toOrgId))].map((organizationId) => ({
      kind: REPORT_JOBS.arrived,
      payload: { reportId, organizationId },
      dedupeKey: `${REPORT_JOBS.arrived}:${reportId}:${organizationId}`,
    }));
  }

  function audienceOf(report: ReportRecord, hops: readonly Hop[]): AudienceEntry[] {
    return [
      ...recipientOrganizations(report.hidden.originatorOrgId, hops).map((organizationId): AudienceEntry => ({
        kind: 'organization',
        organizationId,
      })),
      ...report.routing.namedRecipients.map((userId): AudienceEntry => ({ kind: 'person', userId })),
    ];
  }

  function forwardedEntries(
    viewer: Viewer,
    report: ReportRecord,
    forwarded: readonly Hop[],
    at: Date,
  ): NewTimelineEntry[] {
    return forwarded.map((h) => ({
      ...timelineEntry(
        viewer,
        report,
        'forwarded',
        {
          hop: h.seq,
          fromOrgId: h.fromOrgId,
          toOrgId: h.toOrgId,
          mode: h.mode,
          copy: h.copy,
        },
        at,
      ),
      // Automatic hops are the system's act on the sender's behalf.
      byOriginator: h.fromOrgId === report.hidden.originatorOrgId && report.viewerIsOriginator,
    }));
  }

  async function updateOrConflict(
    queries: ReportQueries,
    report: ReportRecord,
    change: Parameters<ReportQueries['update']>[2],
    expectedVersion: number,
    at: Date,
  ): Promise<void> {
    const version = await queries.update(report.id, expectedVersion, change, at);
    if (version === null) {
      throw new AppError('REPORT_VERSION_CONFLICT', {
        current: (await queries.currentVersion(report.id)) ?? report.version,
      });
    }
  }

  /** A report and its hops as the viewer may see them, without auditing (callers audit the request). */
  async function readReport(viewer: Viewer, id: string): Promise<{ report: ReportRecord; hops: Hop[] }> {
    const report = await visibleOrNotFound(repository, viewer, id);
    return { report, hops: await repository.listHops(id) };
  }

  return {
    /** A new draft of the viewer's organization. `inTransaction` runs before commit (Idempotency-Key). */
    async createReport(
      viewer: Viewer,
      input: CreateReportBody,
      origin?: RequestOrigin,
      inTransaction?: InCreateTransaction,
    ): Promise<{ report: ReportRecord; hops: Hop[] }> {
      const now = clock.now();
      const facts = mergeFacts(blankFacts(input.kind, input.language ?? viewer.locale), {
        ...input,
        sectorCode: input.sectorCode === undefined ? viewer.sectorCode : input.sectorCode,
        forms: input.forms ?? EMPTY_FORMS,
      });
      const route = input.route ?? 'normal';
      const tlp = tlpOf(input.tlp, 'amber');
      const routing = routingOf(input, NO_ROUTING_CHOICES);
      const creator = {
        role: viewer.role,
        organizationKind: viewer.organizationKind,
        isOriginator: true,
        isRecipient: false,
        holdsPendingHop: false,
      };
      if (permission(creator, 'edit_draft', 'draft') !== 'allowed') throw new AppError('FORBIDDEN');
      return repository.inTransaction(async (queries, trx) => {
        const problems = [
          ...checkFacts(facts, now),
          ...(await checkSector(queries, facts)),
          ...(await checkRouting(queries, viewer, route, tlp, routing)),
        ];
        if (problems.length > 0) throw invalid(viewer, problems, 'VALIDATION_FAILED');
        const { editionId } = await queries.currentRouting(null);
        const id = newId();
        const number = formatReportNumber(now, await queries.nextNumberSequence());
        await queries.insert({
          id,
          number,
          editionId,
          facts,
          route,
          routing,
          exercise: input.exercise ?? false,
          tlp,
          originatorOrgId: viewer.organizationId,
          authorUserId: viewer.userId,
          at: now,
        });
        const report = await visibleOrNotFound(queries, viewer, id);
        await queries.appendTimeline(id, [timelineEntry(viewer, report, 'created', { route, tlp }, now)]);
        await audit?.record(
          auditEvent(actorFor(viewer, report), origin, 'reports.create', [id], { number, kind: facts.kind }),
          trx,
        );
        if (inTransaction) await inTransaction(trx, report, []);
        return { report, hops: [] };
      });
    },

    /**
     * Changes a report made against `expectedVersion`. Drafts take any change; after submit
     * the originator may only add facts. Every change appends a `facts_updated` entry with
     * each field's value before and after, so history is never overwritten.
     */
    async updateReport(
      viewer: Viewer,
      id: string,
      input: UpdateReportBody,
      expectedVersion: number,
      origin?: RequestOrigin,
    ): Promise<{ report: ReportRecord; hops: Hop[] }> {
      const now = clock.now();
      await repository.inTransaction(async (queries, trx) => {
        await queries.lock(id);
        const report = await visibleOrNotFound(queries, viewer, id);
        const hops = await queries.listHops(id);
        const draft = report.status === 'draft';
        require(viewer, report, hops, draft ? 'edit_draft' : 'update_facts');
        if (report.version !== expectedVersion) {
          throw new AppError('REPORT_VERSION_CONFLICT', { current: report.version });
        }
        const problems: ReportFieldProblem[] = [];
        if (!draft) {
          for (const field of ROUTING_FIELDS) {
            if (input[field] !== undefined) problems.push({ field, code: 'NOT_EDITABLE_AFTER_SUBMIT' });
          }
        }
        // Earlier acts on a draft were recorded under the reporter's name: the anonymized route is chosen at creation only.
        if (input.route !== undefined && (input.route === 'anonymized') !== (report.route === 'anonymized')) {
          problems.push({ field: 'route', code: 'NOT_EDITABLE_AFTER_SUBMIT' });
        }
        const facts = mergeFacts(report.facts, input);
        const route = input.route ?? report.route;
        const tlp = tlpOf(input.tlp, report.tlp);
        const routing = routingOf(input, report.routing);
        problems.push(...checkFacts(facts, now), ...(await checkSector(queries, facts)));
        if (draft) problems.push(...(await checkRouting(queries, viewer, route, tlp, routing)));
        if (problems.length > 0) throw invalid(viewer, problems, 'VALIDATION_FAILED');

        const changes = diffFacts(report.facts, facts);
        const routingChanges: Record<string, { before: unknown; after: unknown }> = {};
        if (route !== report.route) routingChanges['route'] = { before: report.route, after: route };
        if (tlp !== report.tlp) routingChanges['tlp'] = { before: report.tlp, after: tlp };
        if (input.exercise !== undefined && input.exercise !== report.exercise) {
          routingChanges['exercise'] = { before: report.exercise, after: input.exercise };
        }
        if (JSON.stringify(routing) !== JSON.stringify(report.routing)) {
          routingChanges['routing'] = { before: report.routing, after: routing };
        }
        if (Object.keys(changes).length === 0 && Object.keys(routingChanges).length === 0) return;
        await updateOrConflict(
          queries,
          report,
          {
            facts,
            route,
            tlp,
            routing,
            ...(input.exercise !== undefined ? { exercise: input.exercise } : {}),
          },
          expectedVersion,
          now,
        );
        await queries.appendTimeline(id, [
          timelineEntry(viewer, report, 'facts_updated', { changes: { ...changes, ...routingChanges } }, now),
        ]);
        await audit?.record(
          auditEvent(actorFor(viewer, report), origin, 'reports.update', [id], {
            fields: [...Object.keys(changes), ...Object.keys(routingChanges)],
          }),
          trx,
        );
      });
      return readReport(viewer, id);
    },

    /**
     * Submits a draft: checks it is complete (a failure leaves the draft as it was and lists
     * the fields), plans its route, forwards the hops that forward themselves and announces
     * each arrival through the outbox, all in one transaction.
     */
    async submitReport(
      viewer: Viewer,
      id: string,
      origin?: RequestOrigin,
    ): Promise<{ report: ReportRecord; hops: Hop[] }> {
      const now = clock.now();
      await repository.inTransaction(async (queries, trx) => {
        await queries.lock(id);
        const report = await visibleOrNotFound(queries, viewer, id);
        require(viewer, report, [], 'submit');
        const facts: ReportFacts = {
          ...report.facts,
          reportedAt: report.facts.reportedAt ?? now.toISOString(),
        };
        const problems = [
          ...checkComplete(facts),
          ...checkFacts(facts, now),
          ...(await checkSector(queries, facts)),
          ...(await checkRouting(queries, viewer, report.route, report.tlp, report.routing)),
        ];
        const reference = await queries.currentRouting(facts.sectorCode);
        let relayOrgId = report.routing.relayOrgId;
        if (report.route === 'anonymized' && relayOrgId === null) {
          // Default relay: the operator's own CEPTOAR for the report's sector (or its only one).
          const candidates = (await queries.relayCandidates(viewer.organizationId)).filter(
            (c) => c.kind === 'ceptoar',
          );
          relayOrgId =
            (candidates.find((c) => c.sectorCode === facts.sectorCode) ?? candidates[0])?.id ?? null;
        }
        const organizations = [reference.ministryOrgId, relayOrgId, report.routing.consentOfficeOrgId].filter(
          (o): o is string => o !== null,
        );
        const settings = await queries.routingSettings(organizations);
        const plan = planRoute({
          route: report.route,
          tlp: report.tlp,
          originatorOrgId: report.hidden.originatorOrgId,
          ministryOrgId: reference.ministryOrgId,
          coordinatorOrgId: reference.coordinatorOrgId,
          relayOrgId,
          consentOfficeOrgId: report.routing.consentOfficeOrgId,
          consentToForward: report.routing.consentToForward,
          settingOf: (organizationId) => settings.get(organizationId) ?? DEFAULT_ROUTING,
        });
        if (!plan.ok) problems.push(...plan.problems);
        if (problems.length > 0 || !plan.ok) throw invalid(viewer, problems, 'REPORT_INCOMPLETE');

        const { hops, forwarded } = advanceHops(report.hidden.originatorOrgId, plan.hops, now, viewer.userId);
        const routed: ReportRecord = { ...report, relayOrgId: plan.relayOrgId, anonymized: plan.anonymized };
        await updateOrConflict(
          queries,
          report,
          {
            facts,
            status: 'submitted',
            submittedAt: now,
            audience: audienceOf(routed, hops),
            relayOrgId: plan.relayOrgId,
            anonymized: plan.anonymized,
          },
          report.version,
          now,
        );
        await queries.saveHops(id, hops);
        await queries.appendTimeline(id, [
          timelineEntry(viewer, routed, 'submitted', { route: report.route, hops: hops.length }, now),
          ...forwardedEntries(viewer, routed, forwarded, now),
        ]);
        await enqueueJobs(trx, arrivalJobs(id, forwarded), clock);
        await audit?.record(
          auditEvent(actorFor(viewer, routed), origin, 'reports.submit', [id], {
            route: report.route,
            forwardedTo: forwarded.length,
          }),
          trx,
        );
      });
      return readReport(viewer, id);
    },

    /** The viewer's organization confirms it has received the report; the first confirmation moves it to acknowledged. */
    async acknowledgeReport(viewer: Viewer, id: string, note: string | undefined, origin?: RequestOrigin) {
      const now = clock.now();
      await repository.inTransaction(async (queries, trx) => {
        await queries.lock(id);
        const report = await visibleOrNotFound(queries, viewer, id);
        const hops = await queries.listHops(id);
        require(viewer, report, hops, 'acknowledge');
        const mine = hops.filter((h) => h.status === 'forwarded' && h.toOrgId === viewer.organizationId);
        if (mine.every((h) => h.acknowledgedAt !== null)) {
          throw new AppError('CONFLICT', {
            reason: 'already acknowledged by your organization / 受領確認済みです',
          });
        }
        await queries.saveHops(
          id,
          mine
            .filter((h) => h.acknowledgedAt === null)
            .map((h) => ({ ...h, acknowledgedAt: now, acknowledgedBy: viewer.userId })),
        );
        const status: ReportStatus = report.status === 'submitted' ? 'acknowledged' : report.status;
        await updateOrConflict(queries, report, { status }, report.version, now);
        await queries.appendTimeline(id, [
          timelineEntry(
            viewer,
            report,
            'acknowledged',
            { organizationId: viewer.organizationId, ...(note ? { note } : {}) },
            now,
          ),
        ]);
        await audit?.record(auditEvent(actorFor(viewer, report), origin, 'reports.acknowledge', [id]), trx);
      });
      return readReport(viewer, id);
    },

    /** The coordinator or a ministry moves a report on: under analysis, resolved, closed (coordinator only). */
    async changeStatus(
      viewer: Viewer,
      id: string,
      to: 'under_analysis' | 'resolved' | 'closed',
      note: string | undefined,
      origin?: RequestOrigin,
    ) {
      const now = clock.now();
      await repository.inTransaction(async (queries, trx) => {
        await queries.lock(id);
        const report = await visibleOrNotFound(queries, viewer, id);
        const hops = await queries.listHops(id);
        require(viewer, report, hops, to);
        await updateOrConflict(queries, report, { status: to }, report.version, now);
        await queries.appendTimeline(id, [
          timelineEntry(
            viewer,
            report,
            'status_changed',
            { from: report.status, to, ...(note ? { note } : {}) },
            now,
          ),
        ]);
        await audit?.record(
          auditEvent(actorFor(viewer, report), origin, 'reports.status', [id], { from: report.status, to }),
          trx,
        );
      });
      return readReport(viewer, id);
    },

    /** The reviewing organization forwards (or declines) the hops it holds; arrivals are announced. */
    async forwardReport(
      viewer: Viewer,
      id: string,
      decision: 'forward' | 'decline',
      note: string | undefined,
      origin?: RequestOrigin,
    ) {
      const now = clock.now();
      await repository.inTransaction(async (queries, trx) => {
        await queries.lock(id);
        const report = await visibleOrNotFound(queries, viewer, id);
        const hops = await queries.listHops(id);
        require(viewer, report, hops, 'forward');
        const result = decideHops(
          report.hidden.originatorOrgId,
          hops,
          viewer.organizationId,
          decision,
          now,
          viewer.userId,
        );
        await queries.saveHops(id, result.hops);
        await updateOrConflict(
          queries,
          report,
          { audience: audienceOf(report, result.hops) },
          report.version,
          now,
        );
        await queries.appendTimeline(id, [
          ...forwardedEntries(viewer, report, result.forwarded, now),
          ...(decision === 'decline'
            ? result.decided.map((h) =>
                timelineEntry(
                  viewer,
                  report,
                  'forwarded',
                  { hop: h.seq, toOrgId: h.toOrgId, declined: true, ...(note ? { note } : {}) },
                  now,
                ),
              )
            : []),
        ]);
        await enqueueJobs(trx, arrivalJobs(id, result.forwarded), clock);
        await audit?.record(
          auditEvent(actorFor(viewer, report), origin, 'reports.forward', [id], {
            decision,
            hops: result.decided.map((h) => h.seq),
          }),
          trx,
        );
      });
      return readReport(viewer, id);
    },

    /** How an organization passes on the reports it receives (automatic, or reviewed within N minutes). */
    async setRoutingSetting(
      organizationId: string,
      mode: HopMode,
      forwardWithinMinutes: number,
    ): Promise<void> {
      await repository.setRoutingSetting(organizationId, mode, forwardWithinMinutes, clock.now());
    },

    readReport,
    recordReads,
  };
}

export type ReportsService = ReturnType<typeof createReportsService>;
