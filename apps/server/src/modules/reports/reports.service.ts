import type {
  AudienceEntry,
  CreateReportBody,
  HopMode,
  OrganizationKind,
  RelayOptionList,
  ReportFacts,
  ReportForms,
  ReportRoute,
  ReportStatus,
  ReportWarning,
  RoutingSetting,
  Tlp,
  UpdateReportBody,
} from '@cipx/contracts';
import { RELAY_COMMUNITY_MINIMUM } from '@cipx/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/tables.js';
import { enqueueJobs, type NewJob } from '../../platform/jobs/outbox.js';
import { AppError } from '../../shared/app-error.js';
import type { Clock } from '../../shared/clock.js';
import { newId } from '../../shared/ids.js';
import type { Viewer } from '../../shared/viewer.js';
import { parseTlp } from '../access/index.js';
import type { AuditService } from '../audit/index.js';
import type { DeadlinesService } from '../deadlines/index.js';
import { roleAtLeast } from '../identity/index.js';
import {
  actorFor,
  auditEvent,
  requirePermission,
  timelineEntry,
  visibleOrNotFound,
  type RequestOrigin,
} from './report-acts.js';
import {
  advanceHops,
  checkComplete,
  checkFacts,
  decideHops,
  defaultRelay,
  diffFacts,
  formatReportNumber,
  isSmallCommunity,
  permission,
  planRoute,
  recipientOrganizations,
  relayWarnings,
  releaseHeldHops,
  toFieldErrors,
  DEFAULT_ROUTING,
  type Hop,
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
import type { SeverityService } from './severity.service.js';

export const REPORT_JOBS = {
  arrived: 'reports.arrived',
  /** Tells the originator of an anonymized report that its relay forwarded it. */
  relayed: 'reports.relayed',
  /** A follow-up question or answer to one organization's contact points. */
  followUp: 'reports.follow_up',
} as const;

export type ReportsAudit = Pick<AuditService, 'record' | 'flushSoon'>;

export type { RequestOrigin } from './report-acts.js';

/** Runs inside the create transaction with the new report (the Idempotency-Key store uses it). */
export type InCreateTransaction = (
  trx: Kysely<Database>,
  report: ReportRecord,
  hops: Hop[],
  warnings: ReportWarning[],
) => Promise<void>;

/** The deadline engine's hooks: a stage report meets its stage; edited times move the clocks. */
export type ReportsDeadlines = Pick<DeadlinesService, 'recordStageMet' | 'recomputeForReport'>;

/** The severity service's hooks for a rating recorded while a report is created. */
export type ReportsSeverity = Pick<SeverityService, 'ready' | 'rateInTransaction'>;

export interface ReportsServiceDeps {
  repository: ReportsRepository;
  clock: Clock;
  audit?: ReportsAudit | undefined;
  deadlines?: ReportsDeadlines | undefined;
  /** Records the provisional rating sent with a new report, inside the report's transaction. */
  severity?: ReportsSeverity | undefined;
}

/** A report as its writer sees it after a change, with advice for the originator. */
export interface WrittenReport {
  report: ReportRecord;
  hops: Hop[];
  warnings: ReportWarning[];
}

/** The facts whose change moves deadline clocks (their anchors). */
const ANCHOR_FIELDS = ['occurredAt', 'detectedAt', 'reportedAt'] as const;

/** Organizations that pass reports on (their own hops' senders) and so may set how. */
const ROUTING_KINDS: readonly OrganizationKind[] = [
  'coordinator',
  'ministry',
  'ceptoar',
  'supporting_agency',
];

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
  const { repository, clock, audit, deadlines, severity } = deps;

  function invalid(
    viewer: Viewer,
    problems: readonly ReportFieldProblem[],
    code: 'VALIDATION_FAILED' | 'REPORT_INCOMPLETE',
  ) {
    return new AppError(code, { count: problems.length }, toFieldErrors(problems, viewer.locale));
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

  /** The originator of an anonymized report hears when its relay passes it on (the relay's hop forwarded). */
  function relayedJobs(report: ReportRecord, forwarded: readonly Hop[]): NewJob[] {
    if (!report.anonymized || !forwarded.some((h) => h.fromOrgId === report.relayOrgId)) return [];
    return [
      {
        kind: REPORT_JOBS.relayed,
        payload: { reportId: report.id, organizationId: report.hidden.originatorOrgId },
        dedupeKey: `${REPORT_JOBS.relayed}:${report.id}`,
      },
    ];
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
          // The reporter is told when the relay passes its report on (DOMAIN.md §5).
          ...(report.anonymized && h.fromOrgId === report.relayOrgId ? { relayed: true } : {}),
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

  /**
   * Advice for the originator of an anonymized report: its relay (chosen, or the default
   * submit would pick) has a community small enough to give the reporter away.
   */
  async function draftWarnings(
    queries: Pick<ReportQueries, 'relayCandidates' | 'relayCommunitySize'>,
    report: ReportRecord,
  ): Promise<ReportWarning[]> {
    if (report.route !== 'anonymized' || !report.viewerIsOriginator) return [];
    const relay =
      report.relayOrgId ??
      report.routing.relayOrgId ??
      defaultRelay(await queries.relayCandidates(report.hidden.originatorOrgId), report.facts.sectorCode);
    if (relay === null) return [];
    return relayWarnings(relay, await queries.relayCommunitySize(relay, report.facts.sectorCode));
  }

  async function written(viewer: Viewer, id: string): Promise<WrittenReport> {
    const read = await readReport(viewer, id);
    return { ...read, warnings: await draftWarnings(repository, read.report) };
  }

  /** Writes a new draft in the caller's transaction; throws (writing nothing) when a fact is invalid. */
  async function createIn(
    queries: ReportQueries,
    trx: Kysely<Database>,
    viewer: Viewer,
    input: CreateReportBody,
    origin: RequestOrigin | undefined,
    now: Date,
  ): Promise<ReportRecord> {
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
    return report;
  }

  /**
   * Submits a draft in the caller's transaction: checks it is complete (throwing
   * REPORT_INCOMPLETE with the fields), plans its route, forwards the hops that forward
   * themselves and announces each arrival through the outbox.
   */
  async function submitIn(
    queries: ReportQueries,
    trx: Kysely<Database>,
    viewer: Viewer,
    id: string,
    origin: RequestOrigin | undefined,
    now: Date,
  ): Promise<void> {
    await queries.lock(id);
    const report = await visibleOrNotFound(queries, viewer, id);
    requirePermission(viewer, report, [], 'submit');
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
      relayOrgId = defaultRelay(await queries.relayCandidates(viewer.organizationId), facts.sectorCode);
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
    // Submitting sets the reported time, the anchor of notification-based stages.
    await deadlines?.recomputeForReport(id, trx);
  }

  /** The organization whose routing setting the viewer asks about: only its own administrators may. */
  async function routingOrganization(viewer: Viewer, organizationId: string): Promise<void> {
    const organization = await repository.findOrganization(organizationId);
    if (!organization) throw new AppError('ORGANIZATION_NOT_FOUND');
    if (viewer.organizationId !== organizationId || !roleAtLeast(viewer.role, 'admin')) {
      throw new AppError('FORBIDDEN');
    }
    // Consent-route offices (police, the PPC) forward too, whatever their kind.
    if (!ROUTING_KINDS.includes(organization.kind) && !(await repository.isConsentOffice(organizationId))) {
      throw new AppError('FORBIDDEN');
    }
  }

  return {
    /**
     * A new report of the viewer's organization. With `provisionalSeverity` the reporter's
     * rating is recorded, and with `submit` the report is submitted, in the same transaction:
     * any failure (422 REPORT_INCOMPLETE included) writes nothing, not even the draft.
     * `inTransaction` runs before commit with the report as written (Idempotency-Key).
     */
    async createReport(
      viewer: Viewer,
      input: CreateReportBody,
      origin?: RequestOrigin,
      inTransaction?: InCreateTransaction,
    ): Promise<WrittenReport> {
      const now = clock.now();
      const provisional = input.provisionalSeverity;
      if (provisional !== undefined) {
        if (!severity) throw new Error('reports service built without the severity service');
        // The shipped rubric is stored outside the filing's transaction (PGlite has one connection).
        await severity.ready();
      }
      const result = await repository.inTransaction(async (queries, trx) => {
        const created = await createIn(queries, trx, viewer, input, origin, now);
        if (provisional !== undefined && severity) {
          await severity.rateInTransaction(
            trx,
            viewer,
            created.id,
            { basis: 'provisional', ...provisional },
            origin,
          );
        }
        if (input.submit !== true) {
          const warnings = await draftWarnings(queries, created);
          if (inTransaction) await inTransaction(trx, created, [], warnings);
          return { report: created, hops: [], warnings };
        }
        await submitIn(queries, trx, viewer, created.id, origin, now);
        const report = await visibleOrNotFound(queries, viewer, created.id);
        const hops = await queries.listHops(created.id);
        const warnings = await draftWarnings(queries, report);
        if (inTransaction) await inTransaction(trx, report, hops, warnings);
        return { report, hops, warnings };
      });
      if (provisional !== undefined) audit?.flushSoon();
      return result;
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
    ): Promise<WrittenReport> {
      const now = clock.now();
      await repository.inTransaction(async (queries, trx) => {
        await queries.lock(id);
        const report = await visibleOrNotFound(queries, viewer, id);
        const hops = await queries.listHops(id);
        const draft = report.status === 'draft';
        requirePermission(viewer, report, hops, draft ? 'edit_draft' : 'update_facts');
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
        if (ANCHOR_FIELDS.some((field) => changes[field] !== undefined)) {
          await deadlines?.recomputeForReport(id, trx);
        }
      });
      return written(viewer, id);
    },

    /**
     * Submits a draft: checks it is complete (a failure leaves the draft as it was and lists
     * the fields), plans its route, forwards the hops that forward themselves and announces
     * each arrival through the outbox, all in one transaction.
     */
    async submitReport(viewer: Viewer, id: string, origin?: RequestOrigin): Promise<WrittenReport> {
      const now = clock.now();
      await repository.inTransaction((queries, trx) => submitIn(queries, trx, viewer, id, origin, now));
      return written(viewer, id);
    },

    /** The viewer's organization confirms it has received the report; the first confirmation moves it to acknowledged. */
    async acknowledgeReport(viewer: Viewer, id: string, note: string | undefined, origin?: RequestOrigin) {
      const now = clock.now();
      await repository.inTransaction(async (queries, trx) => {
        await queries.lock(id);
        const report = await visibleOrNotFound(queries, viewer, id);
        const hops = await queries.listHops(id);
        requirePermission(viewer, report, hops, 'acknowledge');
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
        requirePermission(viewer, report, hops, to);
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
        requirePermission(viewer, report, hops, 'forward');
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
        await enqueueJobs(
          trx,
          [...arrivalJobs(id, result.forwarded), ...relayedJobs(report, result.forwarded)],
          clock,
        );
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

    /**
     * The originator's consent on the consent route: granted releases the hop held at the
     * receiving office, which then forwards to the coordinator (at once, or after its review);
     * declined keeps the report with the office, and consent may still be granted later.
     * Either way the decision is a timeline entry naming who recorded it and when.
     */
    async recordConsent(
      viewer: Viewer,
      id: string,
      granted: boolean,
      note: string | undefined,
      origin?: RequestOrigin,
    ): Promise<{ report: ReportRecord; hops: Hop[] }> {
      const now = clock.now();
      await repository.inTransaction(async (queries, trx) => {
        await queries.lock(id);
        const report = await visibleOrNotFound(queries, viewer, id);
        const stored = await queries.listHops(id);
        requirePermission(viewer, report, stored, 'consent');
        const held = stored.filter((h) => h.status === 'held_for_consent');
        if (report.route !== 'consent' || held.length === 0) {
          throw new AppError('CONFLICT', {
            reason: 'nothing of this report waits for consent / この報告に同意待ちの転送はありません',
          });
        }
        let forwarded: Hop[] = [];
        let released: Hop[] = [];
        if (granted) {
          // The office's review time as it stands now: the hop waited, its setting may have changed.
          const settings = await queries.routingSettings(held.map((h) => h.fromOrgId));
          const hops = stored.map((h) =>
            h.status === 'held_for_consent'
              ? {
                  ...h,
                  reviewMinutes: (settings.get(h.fromOrgId) ?? DEFAULT_ROUTING).forwardWithinMinutes,
                }
              : h,
          );
          const result = releaseHeldHops(report.hidden.originatorOrgId, hops, now, viewer.userId);
          forwarded = result.forwarded;
          released = result.released;
          await queries.saveHops(id, result.hops);
          await updateOrConflict(
            queries,
            report,
            {
              audience: audienceOf(report, result.hops),
              routing: { ...report.routing, consentToForward: true },
            },
            report.version,
            now,
          );
        }
        await queries.appendTimeline(id, [
          timelineEntry(
            viewer,
            report,
            'consent_recorded',
            { granted, hops: (granted ? released : held).map((h) => h.seq), ...(note ? { note } : {}) },
            now,
          ),
          ...forwardedEntries(viewer, report, forwarded, now),
        ]);
        await enqueueJobs(trx, arrivalJobs(id, forwarded), clock);
        await audit?.record(
          auditEvent(actorFor(viewer, report), origin, 'reports.consent', [id], {
            granted,
            forwardedTo: forwarded.length,
          }),
          trx,
        );
      });
      return readReport(viewer, id);
    },

    /**
     * The relays the viewer's organization may file anonymized reports through — its CEPTOARs
     * and the CIP supporting agencies — with the size of each one's community in `sector`
     * (default: the viewer's sector) and whether it is small enough to give a reporter away.
     */
    async relayOptions(viewer: Viewer, sector: string | undefined): Promise<RelayOptionList> {
      const sectorCode = sector ?? viewer.sectorCode;
      const candidates = await repository.relayCandidates(viewer.organizationId);
      const preferred = defaultRelay(candidates, sectorCode);
      const names = await repository.organizationNames(candidates.map((c) => c.id));
      const items: RelayOptionList['items'] = [];
      for (const c of candidates) {
        if (c.kind !== 'ceptoar' && c.kind !== 'supporting_agency') continue;
        const members = await repository.relayCommunitySize(c.id, sectorCode);
        const name = names.get(c.id);
        items.push({
          organization: { id: c.id, name: { ja: name?.nameJa ?? '', en: name?.nameEn ?? '' } },
          kind: c.kind,
          sectorCode: c.sectorCode,
          members,
          smallCommunity: isSmallCommunity(members),
          isDefault: c.id === preferred,
        });
      }
      return { items, minimumMembers: RELAY_COMMUNITY_MINIMUM };
    },

    /** How an organization passes on the reports it receives; its administrators only. */
    async getRoutingSetting(viewer: Viewer, organizationId: string): Promise<RoutingSetting> {
      await routingOrganization(viewer, organizationId);
      const stored = await repository.findRoutingSetting(organizationId);
      return stored
        ? { organizationId, ...stored.setting, isDefault: false, updatedAt: stored.updatedAt.toISOString() }
        : { organizationId, ...DEFAULT_ROUTING, isDefault: true, updatedAt: null };
    },

    /**
     * Sets how the organization passes on reports: automatic, or reviewed within N minutes.
     * Applies to hops planned from now on; hops already planned keep their mode.
     */
    async changeRoutingSetting(
      viewer: Viewer,
      organizationId: string,
      setting: { mode: HopMode; forwardWithinMinutes: number },
      origin?: RequestOrigin,
    ): Promise<RoutingSetting> {
      await routingOrganization(viewer, organizationId);
      const now = clock.now();
      await repository.inTransaction(async (queries, trx) => {
        const before = await queries.findRoutingSetting(organizationId);
        await queries.setRoutingSetting(organizationId, setting.mode, setting.forwardWithinMinutes, now);
        await audit?.record(
          {
            ...auditEvent(
              { userId: viewer.userId, organizationId: viewer.organizationId },
              origin,
              'reports.routing.update',
              [organizationId],
              { before: before?.setting ?? null, after: setting },
            ),
            targetType: 'organization',
          },
          trx,
        );
      });
      audit?.flushSoon();
      return { organizationId, ...setting, isDefault: false, updatedAt: now.toISOString() };
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
