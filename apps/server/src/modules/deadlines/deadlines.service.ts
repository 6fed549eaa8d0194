import type {
  CreateDeadlineRegimeInput,
  DeadlineRegime,
  PutReportAnchorsInput,
  ReportDeadline,
  ReportDeadlineList,
} from '@cipx/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/tables.js';
import { enqueueJobs, type NewJob } from '../../platform/jobs/outbox.js';
import { AppError } from '../../shared/app-error.js';
import type { Clock } from '../../shared/clock.js';
import type { Viewer } from '../../shared/viewer.js';
import { pseudonymousActor, type AuditEventInput, type AuditService } from '../audit/index.js';
import { roleAtLeast } from '../identity/index.js';
import {
  checkStages,
  deadlineStatus,
  jobDedupeKey,
  planJobs,
  remindAtFor,
  scheduleStages,
  type DeadlineJobPayload,
} from './deadline.js';
import type {
  DeadlineQueries,
  DeadlineRecord,
  DeadlineReport,
  DeadlinesRepository,
  RegimeRecord,
} from './deadlines.repository.js';
import { DEFAULT_REGIMES } from './regimes.js';

export const DEADLINE_JOBS = { remind: 'deadlines.remind', escalate: 'deadlines.escalate' } as const;

export type DeadlinesAudit = Pick<AuditService, 'record' | 'flushSoon'>;

export interface RequestOrigin {
  requestId: string | null;
  ip: string | null;
}

export interface DeadlinesServiceDeps {
  repository: DeadlinesRepository;
  clock: Clock;
  audit?: DeadlinesAudit | undefined;
}

type Db = Kysely<Database>;

const sameTime = (a: Date | null, b: Date | null) =>
  a === null ? b === null : b !== null && a.getTime() === b.getTime();

function toRegime(r: RegimeRecord): DeadlineRegime {
  return {
    id: r.id,
    code: r.code,
    version: r.version,
    name: r.name,
    source: r.source,
    note: r.note,
    calendar: r.calendar,
    stages: r.stages,
    createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(),
  };
}

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

function toDeadline(d: DeadlineRecord, regime: RegimeRecord | undefined, now: Date): ReportDeadline {
  const stage = regime?.stages.find((s) => s.code === d.stageCode);
  return {
    id: d.id,
    regime: {
      id: d.regimeId,
      code: regime?.code ?? '',
      version: regime?.version ?? 0,
      name: regime?.name ?? { ja: '', en: '' },
    },
    stageCode: d.stageCode,
    stageName: stage?.name ?? { ja: d.stageCode, en: d.stageCode },
    anchor: d.anchor,
    anchorAt: iso(d.anchorAt),
    dueAt: iso(d.dueAt),
    remindAt: iso(d.remindAt),
    metAt: iso(d.metAt),
    metByTimelineEntry: d.metByTimelineEntry,
    remindedAt: iso(d.remindedAt),
    escalatedAt: iso(d.escalatedAt),
    status: deadlineStatus(d, now),
  };
}

/** Regimes in the order they were applied, each regime's stages in its own order. */
function ordered(deadlines: readonly DeadlineRecord[], regimes: readonly RegimeRecord[]): DeadlineRecord[] {
  const regimeOrder = [...new Set(deadlines.map((d) => d.regimeId))];
  const stageIndex = (d: DeadlineRecord) =>
    regimes.find((r) => r.id === d.regimeId)?.stages.findIndex((s) => s.code === d.stageCode) ?? 0;
  return [...deadlines].sort(
    (a, b) =>
      regimeOrder.indexOf(a.regimeId) - regimeOrder.indexOf(b.regimeId) || stageIndex(a) - stageIndex(b),
  );
}

/** The reporting organization (reporter role and above) and the coordinator's analysts manage a report's deadlines. */
export function mayManageDeadlines(viewer: Viewer, report: Pick<DeadlineReport, 'originatorOrgId'>): boolean {
  if (viewer.organizationId === report.originatorOrgId) return roleAtLeast(viewer.role, 'reporter');
  return viewer.organizationKind === 'coordinator' && roleAtLeast(viewer.role, 'analyst');
}

export function createDeadlinesService(deps: DeadlinesServiceDeps) {
  const { repository, clock, audit } = deps;
  let defaults: Promise<void> | undefined;

  /** The shipped regimes become version 1 of their codes the first time anything needs them. */
  function ensureDefaults(): Promise<void> {
    defaults ??= repository.insertDefaultRegimes(DEFAULT_REGIMES, clock.now()).catch((error: unknown) => {
      defaults = undefined;
      throw error;
    });
    return defaults;
  }

  function event(
    viewer: Viewer,
    action: string,
    targetType: string,
    targetIds: string[],
    detail: Record<string, unknown>,
    origin?: RequestOrigin,
    report?: DeadlineReport,
  ): AuditEventInput {
    // The reporter's side of an anonymized report acts under a pseudonym and the relay, so
    // the audit view cannot name it (DESIGN.md §4.1); the label is the reports module's.
    const hidden =
      report !== undefined &&
      report.anonymized &&
      report.relayOrgId !== null &&
      viewer.organizationId === report.originatorOrgId
        ? report.relayOrgId
        : null;
    return {
      action,
      actor:
        hidden !== null && report !== undefined
          ? pseudonymousActor(hidden, `匿名の報告者 / Anonymous reporter (${report.number})`)
          : { userId: viewer.userId, organizationId: viewer.organizationId },
      targetType,
      targetIds,
      detail,
      requestId: origin?.requestId ?? null,
      ip: origin?.ip ?? null,
    };
  }

  /**
   * Brings every clock of the report up to date inside `q`'s transaction (report locked):
   * stages met by flagged timeline entries, anchors as they stand now, and — where a due time
   * moved — a new revision with fresh reminder and escalation jobs. Returns the clocks.
   */
  async function bringUpToDate(q: DeadlineQueries, trx: Db, reportId: string): Promise<DeadlineRecord[]> {
    const now = clock.now();
    let deadlines = await q.listDeadlines(reportId);
    if (deadlines.length === 0) return deadlines;

    // A timeline entry flagged as a stage meets every open clock of that stage.
    const entries = await q.listStageEntries(reportId);
    for (const d of deadlines) {
      if (d.metAt !== null) continue;
      const entry = entries.find((e) => e.stage === d.stageCode);
      if (entry) await q.markMet(d.id, entry.at, entry.id, now);
    }
    deadlines = await q.listDeadlines(reportId);

    const sources = await q.anchorSources(reportId);
    const regimes = await q.findRegimes([...new Set(deadlines.map((d) => d.regimeId))]);
    const jobs: NewJob[] = [];
    for (const regime of regimes) {
      const mine = deadlines.filter((d) => d.regimeId === regime.id);
      const metAt = new Map(mine.map((d) => [d.stageCode, d.metAt]));
      for (const scheduled of scheduleStages(regime, sources, metAt)) {
        const d = mine.find((x) => x.stageCode === scheduled.stageCode);
        const stage = regime.stages.find((s) => s.code === scheduled.stageCode);
        if (!d || !stage) continue;
        if (sameTime(d.anchorAt, scheduled.anchorAt) && sameTime(d.dueAt, scheduled.dueAt)) continue;
        const remindAt =
          scheduled.anchorAt !== null && scheduled.dueAt !== null
            ? remindAtFor(scheduled.anchorAt, scheduled.dueAt, stage.reminderLeadMinutes)
            : null;
        const revision = await q.reschedule(d.id, { ...scheduled, remindAt }, now);
        if (scheduled.dueAt === null) continue;
        const plan = planJobs({ dueAt: scheduled.dueAt, remindAt, metAt: d.metAt }, now);
        const payload: DeadlineJobPayload = {
          deadlineId: d.id,
          revision,
          dueAt: scheduled.dueAt.toISOString(),
        };
        if (plan.remindAt) {
          jobs.push({
            kind: DEADLINE_JOBS.remind,
            payload: { ...payload },
            runAt: plan.remindAt,
            dedupeKey: jobDedupeKey('remind', payload),
          });
        }
        if (plan.escalateAt) {
          jobs.push({
            kind: DEADLINE_JOBS.escalate,
            payload: { ...payload },
            runAt: plan.escalateAt,
            dedupeKey: jobDedupeKey('escalate', payload),
          });
        }
      }
    }
    await enqueueJobs(trx, jobs, clock);
    return q.listDeadlines(reportId);
  }

  async function present(reportId: string, deadlines: DeadlineRecord[]): Promise<ReportDeadlineList> {
    const now = clock.now();
    const regimes = await repository.findRegimes([...new Set(deadlines.map((d) => d.regimeId))]);
    const sources = await repository.anchorSources(reportId);
    return {
      reportId,
      anchors: {
        occurrence: iso(sources.occurrence),
        detection: iso(sources.detection),
        awareness: iso(sources.awareness),
        payment: iso(sources.payment),
        notification: iso(sources.notification),
      },
      items: ordered(deadlines, regimes).map((d) =>
        toDeadline(
          d,
          regimes.find((r) => r.id === d.regimeId),
          now,
        ),
      ),
    };
  }

  async function visibleReport(viewer: Viewer, reportId: string): Promise<DeadlineReport> {
    const report = await repository.findVisibleReport(viewer, reportId);
    if (!report) throw new AppError('REPORT_NOT_FOUND');
    return report;
  }

  async function manageableReport(viewer: Viewer, reportId: string): Promise<DeadlineReport> {
    const report = await visibleReport(viewer, reportId);
    if (!mayManageDeadlines(viewer, report)) throw new AppError('FORBIDDEN');
    return report;
  }

  const service = {
    async listRegimes(): Promise<DeadlineRegime[]> {
      await ensureDefaults();
      return (await repository.listRegimes()).map(toRegime);
    },

    /** A domestic (or any) regime, or a new version of the regime with the same code. */
    async createRegime(
      viewer: Viewer,
      input: CreateDeadlineRegimeInput,
      origin?: RequestOrigin,
    ): Promise<DeadlineRegime> {
      const errors = checkStages(input.stages);
      if (errors.length > 0) throw new AppError('VALIDATION_FAILED', {}, errors);
      await ensureDefaults();
      const regime = await repository.inTransaction(async (q, trx) => {
        const saved = await q.insertRegime(
          {
            code: input.code,
            name: input.name,
            source: input.source,
            note: input.note ?? { ja: '', en: '' },
            calendar: input.calendar ?? 'jst',
            stages: input.stages,
            createdBy: viewer.userId,
          },
          clock.now(),
        );
        await audit?.record(
          event(
            viewer,
            'deadlines.regime.create',
            'deadline_regime',
            [saved.id],
            {
              code: saved.code,
              version: saved.version,
            },
            origin,
          ),
          trx,
        );
        return saved;
      });
      audit?.flushSoon();
      return toRegime(regime);
    },

    /**
     * Puts a report under a regime: one clock per stage, scheduled from the anchors known now,
     * with reminder and escalation jobs. A report is under at most one version of a regime.
     * Pass `trx` to do it inside the caller's transaction.
     */
    async applyRegime(reportId: string, regimeId: string, trx?: Db): Promise<DeadlineRecord[]> {
      await ensureDefaults();
      const regime = await repository.findRegime(regimeId);
      if (!regime) throw new AppError('DEADLINE_REGIME_NOT_FOUND');
      return repository.inTransaction(async (q, t) => {
        await q.lockReport(reportId);
        const existing = await q.listDeadlines(reportId);
        const applied = await q.findRegimes([...new Set(existing.map((d) => d.regimeId))]);
        if (applied.some((r) => r.code === regime.code))
          throw new AppError('DEADLINE_REGIME_ALREADY_APPLIED');
        await q.insertDeadlines(reportId, regime, clock.now());
        return bringUpToDate(q, t, reportId);
      }, trx);
    },

    /**
     * A timeline entry of the report fulfils `stageCode`: every open clock of that stage is met
     * at the entry's time, and stages anchored on the notification are rescheduled. Returns how
     * many clocks it met. Pass `trx` to do it inside the caller's transaction.
     */
    async recordStageMet(
      reportId: string,
      stageCode: string,
      timelineEntryId: string,
      trx?: Db,
    ): Promise<number> {
      return repository.inTransaction(async (q, t) => {
        await q.lockReport(reportId);
        const entry = await q.findTimelineEntry(reportId, timelineEntryId);
        if (!entry) throw new AppError('NOT_FOUND');
        const open = (await q.listDeadlines(reportId)).filter(
          (d) => d.stageCode === stageCode && d.metAt === null,
        );
        for (const d of open) await q.markMet(d.id, entry.at, entry.id, clock.now());
        await bringUpToDate(q, t, reportId);
        return open.length;
      }, trx);
    },

    /** Reschedules every clock of the report from its anchors as they stand (call after editing them). */
    async recomputeForReport(reportId: string, trx?: Db): Promise<DeadlineRecord[]> {
      return repository.inTransaction(async (q, t) => {
        await q.lockReport(reportId);
        return bringUpToDate(q, t, reportId);
      }, trx);
    },

    // --- for routes: the same, as a viewer ----------------------------------------------

    async listForReport(
      viewer: Viewer,
      reportId: string,
      origin?: RequestOrigin,
    ): Promise<ReportDeadlineList> {
      const report = await visibleReport(viewer, reportId);
      // Reading brings the clocks up to date (flagged entries, edited anchors); a report under
      // no regime needs no lock for that.
      const existing = await repository.listDeadlines(report.id);
      const deadlines = existing.length === 0 ? existing : await service.recomputeForReport(report.id);
      await audit?.record(
        event(
          viewer,
          'deadlines.read',
          'report',
          [report.id, ...deadlines.map((d) => d.id)],
          {},
          origin,
          report,
        ),
      );
      return present(report.id, deadlines);
    },

    async applyRegimeAs(
      viewer: Viewer,
      reportId: string,
      regimeId: string,
      origin?: RequestOrigin,
    ): Promise<ReportDeadlineList> {
      const report = await manageableReport(viewer, reportId);
      const deadlines = await service.applyRegime(report.id, regimeId);
      await audit?.record(
        event(
          viewer,
          'deadlines.apply',
          'report',
          [report.id, ...deadlines.filter((d) => d.regimeId === regimeId).map((d) => d.id)],
          {
            regimeId,
          },
          origin,
          report,
        ),
      );
      return present(report.id, deadlines);
    },

    async putAnchorsAs(
      viewer: Viewer,
      reportId: string,
      input: PutReportAnchorsInput,
      origin?: RequestOrigin,
    ): Promise<ReportDeadlineList> {
      const report = await manageableReport(viewer, reportId);
      const deadlines = await repository.inTransaction(async (q, trx) => {
        await q.lockReport(report.id);
        const now = clock.now();
        for (const anchor of ['awareness', 'payment'] as const) {
          const value = input[anchor];
          if (value !== undefined)
            await q.putAnchor(report.id, anchor, value === null ? null : new Date(value), viewer.userId, now);
        }
        const result = await bringUpToDate(q, trx, report.id);
        await audit?.record(
          event(viewer, 'deadlines.anchors.update', 'report', [report.id], { ...input }, origin, report),
          trx,
        );
        return result;
      });
      audit?.flushSoon();
      return present(report.id, deadlines);
    },

    async recordStageMetAs(
      viewer: Viewer,
      reportId: string,
      stageCode: string,
      timelineEntryId: string,
      origin?: RequestOrigin,
    ): Promise<ReportDeadlineList> {
      const report = await manageableReport(viewer, reportId);
      const met = await service.recordStageMet(report.id, stageCode, timelineEntryId);
      if (met === 0) throw new AppError('DEADLINE_STAGE_NOT_FOUND');
      await audit?.record(
        event(
          viewer,
          'deadlines.stage.met',
          'report',
          [report.id, timelineEntryId],
          { stageCode },
          origin,
          report,
        ),
      );
      return present(report.id, await repository.listDeadlines(report.id));
    },
  };
  return service;
}

export type DeadlinesService = ReturnType<typeof createDeadlinesService>;
