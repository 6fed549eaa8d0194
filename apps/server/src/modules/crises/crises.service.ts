import type {
  ActiveCrises,
  ChangeCrisisBody,
  Crisis,
  CrisisDetail,
  CrisisListQuery,
  CrisisPage,
  CrisisReport,
  CrisisUpdate,
  CrisisUpdateListQuery,
  CrisisUpdatePage,
  DeclareCrisisBody,
  EndCrisisBody,
  PostCrisisUpdateBody,
} from '@cipx/contracts';
import { enqueueJobs, type NewJob } from '../../platform/jobs/outbox.js';
import { AppError } from '../../shared/app-error.js';
import type { Clock } from '../../shared/clock.js';
import { decodeCursor, encodeCursor } from '../../shared/cursor.js';
import { newId } from '../../shared/ids.js';
import type { Viewer } from '../../shared/viewer.js';
import { pseudonymousActor, type AuditActorInput, type AuditService } from '../audit/index.js';
import { reporterPseudonym } from '../reports/index.js';
import {
  DEFAULT_UPDATE_INTERVAL_MINUTES,
  defaultAudience,
  mayDeclare,
  mayLink,
  mayPost,
  maySteer,
} from './crisis.js';
import type {
  CrisesRepository,
  CrisisQueries,
  CrisisRecord,
  CrisisSortKey,
  CrisisUpdateRecord,
  LinkedReportRecord,
} from './crises.repository.js';

export const CRISIS_JOBS = { remind: 'crises.remind' } as const;

export type CrisesAudit = Pick<AuditService, 'record' | 'flushSoon'>;

export interface RequestOrigin {
  requestId: string | null;
  ip: string | null;
}

export interface CrisesServiceDeps {
  repository: CrisesRepository;
  clock: Clock;
  audit?: CrisesAudit | undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function afterOf(cursor: string | undefined): CrisisSortKey | undefined {
  if (cursor === undefined) return undefined;
  const [at, id] = decodeCursor(cursor, 2);
  if (typeof at !== 'string' || Number.isNaN(Date.parse(at)) || typeof id !== 'string' || !UUID.test(id)) {
    throw new AppError('BAD_REQUEST', { reason: 'cursor' });
  }
  return [at, id];
}

/** The reminder job of one linked report, due at `due`; the key carries the due time, so chains that agree merge. */
export function reminderJob(crisisId: string, reportId: string, due: Date): NewJob {
  return {
    kind: CRISIS_JOBS.remind,
    payload: { crisisId, reportId, due: due.toISOString() },
    runAt: due,
    dedupeKey: `${CRISIS_JOBS.remind}:${crisisId}:${reportId}:${due.toISOString()}`,
  };
}

export function toCrisis(record: CrisisRecord): Crisis {
  return {
    id: record.id,
    title: { ja: record.titleJa, en: record.titleEn },
    description: record.description,
    sectors: record.sectors,
    updateIntervalMinutes: record.updateIntervalMinutes,
    exercise: record.exercise,
    tlp: record.tlp,
    audience: record.audience,
    status: record.endedAt === null ? 'active' : 'ended',
    declaredAt: record.declaredAt.toISOString(),
    declaredBy: {
      userId: record.authorUserId,
      organizationId: record.originatorOrgId,
      organizationName: record.originatorName,
    },
    endedAt: record.endedAt?.toISOString() ?? null,
    endedBy: record.endedBy,
    reportCount: record.reportCount,
    updatedAt: record.updatedAt.toISOString(),
  };
}

/** A linked report as the viewer may see it: a hidden originator that linked its own report shows as the relay. */
export function toCrisisReport(record: LinkedReportRecord): CrisisReport {
  const linker = record.linkerHidden
    ? {
        userId: null,
        organizationId: record.relay?.id ?? null,
        organizationName: record.relay ? { ja: record.relay.nameJa, en: record.relay.nameEn } : null,
      }
    : {
        userId: record.linkedBy.userId,
        organizationId: record.linkedBy.organizationId,
        organizationName: { ja: record.linkedBy.nameJa, en: record.linkedBy.nameEn },
      };
  return {
    reportId: record.reportId,
    number: record.number,
    title: record.title,
    status: record.status,
    severityOverall: record.severityOverall,
    originator: record.presentedOriginator
      ? {
          id: record.presentedOriginator.id,
          name: { ja: record.presentedOriginator.nameJa, en: record.presentedOriginator.nameEn },
        }
      : null,
    linkedAt: record.linkedAt.toISOString(),
    linkedBy: linker,
    lastRemindedAt: record.lastRemindedAt?.toISOString() ?? null,
  };
}

function toUpdate(record: CrisisUpdateRecord): CrisisUpdate {
  return {
    id: record.id,
    crisisId: record.crisisId,
    at: record.at.toISOString(),
    kind: record.kind,
    text: record.text,
    author: {
      userId: record.authorUserId,
      organizationId: record.authorOrgId,
      organizationName: record.authorOrgName,
    },
  };
}

export function createCrisesService(deps: CrisesServiceDeps) {
  const { repository, clock, audit } = deps;

  const actorOf = (viewer: Viewer): AuditActorInput => ({
    userId: viewer.userId,
    organizationId: viewer.organizationId,
  });

  async function record(
    actor: AuditActorInput,
    origin: RequestOrigin | undefined,
    action: string,
    targetIds: readonly string[],
    detail: Record<string, unknown>,
    trx?: Parameters<CrisesAudit['record']>[1],
  ): Promise<void> {
    await audit?.record(
      {
        action,
        actor,
        targetType: 'crisis',
        targetIds,
        detail,
        requestId: origin?.requestId ?? null,
        ip: origin?.ip ?? null,
      },
      trx,
    );
  }

  async function visibleOrNotFound(
    queries: CrisisQueries,
    viewer: Viewer,
    id: string,
  ): Promise<CrisisRecord> {
    const crisis = await queries.findVisible(viewer, id);
    if (!crisis) throw new AppError('CRISIS_NOT_FOUND');
    return crisis;
  }

  async function detailOf(queries: CrisisQueries, viewer: Viewer, id: string): Promise<CrisisDetail> {
    const crisis = await visibleOrNotFound(queries, viewer, id);
    const reports = await queries.listLinkedReports(viewer, id);
    return { ...toCrisis(crisis), reports: reports.map(toCrisisReport) };
  }

  /** Checks run on every change to a crisis: visible (404), allowed (403), still active (409). */
  async function lockForChange(
    queries: CrisisQueries,
    viewer: Viewer,
    id: string,
    allowed: (crisis: CrisisRecord) => boolean,
  ): Promise<CrisisRecord> {
    await queries.lock(id);
    const crisis = await visibleOrNotFound(queries, viewer, id);
    if (!allowed(crisis)) throw new AppError('FORBIDDEN');
    if (crisis.endedAt !== null) throw new AppError('CRISIS_ENDED');
    return crisis;
  }

  return {
    /** The coordinator declares a large-scale outage (analysts and above). */
    async declareCrisis(
      viewer: Viewer,
      input: DeclareCrisisBody,
      origin?: RequestOrigin,
    ): Promise<CrisisDetail> {
      if (!mayDeclare(viewer)) throw new AppError('FORBIDDEN');
      const now = clock.now();
      const sectors = input.sectors ?? [];
      const id = newId();
      return repository.inTransaction(async (queries, trx) => {
        const known = await queries.currentSectors(sectors);
        const unknown = sectors.filter((code) => !known.has(code));
        if (unknown.length > 0) {
          throw new AppError(
            'VALIDATION_FAILED',
            { count: unknown.length },
            unknown.map((code) => ({
              field: '/sectors',
              code: 'UNKNOWN_SECTOR',
              message:
                viewer.locale === 'ja'
                  ? `分野「${code}」は現行の参照データにありません`
                  : `No sector has the code "${code}" in the current edition`,
            })),
          );
        }
        await queries.insertCrisis({
          id,
          titleJa: input.title.ja.trim(),
          titleEn: input.title.en.trim(),
          description: input.description ?? '',
          sectors,
          updateIntervalMinutes: input.updateIntervalMinutes ?? DEFAULT_UPDATE_INTERVAL_MINUTES,
          exercise: input.exercise ?? false,
          tlp: input.tlp ?? 'green',
          audience:
            input.audience ??
            defaultAudience(
              sectors,
              [...known.values()].map((s) => s.ministryOrgId),
            ),
          originatorOrgId: viewer.organizationId,
          authorUserId: viewer.userId,
          at: now,
        });
        await record(
          actorOf(viewer),
          origin,
          'crises.declare',
          [id],
          { sectors, tlp: input.tlp ?? 'green' },
          trx,
        );
        return detailOf(queries, viewer, id);
      });
    },

    async listCrises(viewer: Viewer, query: CrisisListQuery, origin?: RequestOrigin): Promise<CrisisPage> {
      const limit = query.limit ?? 50;
      const rows = await repository.list(viewer, query.status, afterOf(query.cursor), limit);
      const items = rows.slice(0, limit);
      const last = items.at(-1);
      await record(
        actorOf(viewer),
        origin,
        'crises.list',
        items.map((c) => c.id),
        {},
      );
      return {
        items: items.map(toCrisis),
        ...(rows.length > limit && last
          ? { next: encodeCursor([last.declaredAt.toISOString(), last.id]) }
          : {}),
      };
    },

    /** Every active crisis the viewer may see, newest first: what the web banner shows. */
    async activeCrises(viewer: Viewer, origin?: RequestOrigin): Promise<ActiveCrises> {
      const rows = await repository.list(viewer, 'active', undefined, 100);
      const items = rows.slice(0, 100);
      await record(
        actorOf(viewer),
        origin,
        'crises.active.read',
        items.map((c) => c.id),
        {},
      );
      return { items: items.map(toCrisis) };
    },

    async getCrisis(viewer: Viewer, id: string, origin?: RequestOrigin): Promise<CrisisDetail> {
      const detail = await detailOf(repository, viewer, id);
      await record(actorOf(viewer), origin, 'crises.read', [id], { reports: detail.reports.length });
      return detail;
    },

    /**
     * Links a report the viewer can see to an active crisis, and starts its originator's
     * reminder chain. A reporter linking its own anonymized report is recorded under the
     * report's pseudonym, never by name.
     */
    async linkReport(
      viewer: Viewer,
      id: string,
      reportId: string,
      origin?: RequestOrigin,
    ): Promise<CrisisReport> {
      const now = clock.now();
      await repository.inTransaction(async (queries, trx) => {
        const crisis = await lockForChange(queries, viewer, id, () => true);
        const report = await queries.findVisibleReport(viewer, reportId);
        if (!report) throw new AppError('REPORT_NOT_FOUND');
        if (!mayLink(viewer, report.viewerIsOriginator)) throw new AppError('FORBIDDEN');
        const inserted = await queries.insertLink({
          crisisId: id,
          reportId,
          linkedBy: viewer.userId,
          linkedByOrgId: viewer.organizationId,
          at: now,
        });
        if (!inserted) throw new AppError('CRISIS_REPORT_ALREADY_LINKED');
        const due = new Date(now.getTime() + crisis.updateIntervalMinutes * 60_000);
        await enqueueJobs(trx, [reminderJob(id, reportId, due)], clock);
        const actor =
          report.anonymizedRelayOrgId !== null
            ? pseudonymousActor(report.anonymizedRelayOrgId, reporterPseudonym(report.number))
            : actorOf(viewer);
        await record(actor, origin, 'crises.link', [id, reportId], {}, trx);
      });
      const linked = (await repository.listLinkedReports(viewer, id)).find((r) => r.reportId === reportId);
      if (!linked) throw new AppError('REPORT_NOT_FOUND');
      return toCrisisReport(linked);
    },

    async postUpdate(
      viewer: Viewer,
      id: string,
      input: PostCrisisUpdateBody,
      origin?: RequestOrigin,
    ): Promise<CrisisUpdate> {
      const kind = input.kind ?? 'update';
      const now = clock.now();
      const updateId = newId();
      await repository.inTransaction(async (queries, trx) => {
        await lockForChange(queries, viewer, id, () => mayPost(viewer, kind));
        await queries.insertUpdate({
          id: updateId,
          crisisId: id,
          at: now,
          kind,
          text: input.text,
          authorUserId: viewer.userId,
          authorOrgId: viewer.organizationId,
        });
        await record(actorOf(viewer), origin, 'crises.update', [id, updateId], { kind }, trx);
      });
      const posted = await repository.findUpdate(updateId);
      if (!posted) throw new AppError('NOT_FOUND');
      return toUpdate(posted);
    },

    async listUpdates(
      viewer: Viewer,
      id: string,
      query: CrisisUpdateListQuery,
      origin?: RequestOrigin,
    ): Promise<CrisisUpdatePage> {
      await visibleOrNotFound(repository, viewer, id);
      const limit = query.limit ?? 50;
      const rows = await repository.listUpdates(id, afterOf(query.cursor), limit);
      const items = rows.slice(0, limit);
      const last = items.at(-1);
      await record(actorOf(viewer), origin, 'crises.updates.read', [id, ...items.map((u) => u.id)], {});
      return {
        items: items.map(toUpdate),
        ...(rows.length > limit && last ? { next: encodeCursor([last.at.toISOString(), last.id]) } : {}),
      };
    },

    /** Ends the crisis: reminder chains stop at their next run. A note becomes the last situation statement. */
    async endCrisis(
      viewer: Viewer,
      id: string,
      input: EndCrisisBody,
      origin?: RequestOrigin,
    ): Promise<CrisisDetail> {
      const now = clock.now();
      return repository.inTransaction(async (queries, trx) => {
        await lockForChange(queries, viewer, id, (crisis) => maySteer(viewer, crisis));
        if (input.note !== undefined) {
          await queries.insertUpdate({
            id: newId(),
            crisisId: id,
            at: now,
            kind: 'situation',
            text: input.note,
            authorUserId: viewer.userId,
            authorOrgId: viewer.organizationId,
          });
        }
        await queries.endCrisis(id, viewer.userId, now);
        await record(actorOf(viewer), origin, 'crises.end', [id], {}, trx);
        return detailOf(queries, viewer, id);
      });
    },

    /** Changes the update interval; every linked report's chain is re-timed from its current state. */
    async changeCrisis(
      viewer: Viewer,
      id: string,
      input: ChangeCrisisBody,
      origin?: RequestOrigin,
    ): Promise<CrisisDetail> {
      const now = clock.now();
      return repository.inTransaction(async (queries, trx) => {
        const crisis = await lockForChange(queries, viewer, id, (c) => maySteer(viewer, c));
        await queries.setInterval(id, input.updateIntervalMinutes, now);
        // A check now per linked report: its handler computes the due time under the new interval.
        const reportIds = await queries.linkedReportIds(id);
        await enqueueJobs(
          trx,
          reportIds.map((reportId) => reminderJob(id, reportId, now)),
          clock,
        );
        await record(
          actorOf(viewer),
          origin,
          'crises.change',
          [id],
          {
            updateIntervalMinutes: {
              before: crisis.updateIntervalMinutes,
              after: input.updateIntervalMinutes,
            },
          },
          trx,
        );
        return detailOf(queries, viewer, id);
      });
    },
  };
}

export type CrisesService = ReturnType<typeof createCrisesService>;
