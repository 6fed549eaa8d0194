import type { FollowUp, FollowUpList, ReportStage, StageReportResult, TimelineEntry } from '@cipx/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/tables.js';
import { enqueueJobs, type NewJob } from '../../platform/jobs/outbox.js';
import { AppError } from '../../shared/app-error.js';
import type { Clock } from '../../shared/clock.js';
import type { Viewer } from '../../shared/viewer.js';
import {
  actorFor,
  auditEvent,
  requirePermission,
  timelineEntry,
  visibleOrNotFound,
  type RequestOrigin,
} from './report-acts.js';
import { toFollowUps, toTimelineEntry } from './report-view.js';
import type { Hop, ReportAction } from './report.js';
import type { ReportQueries, ReportRecord, ReportsRepository } from './reports.repository.js';
import {
  REPORT_JOBS,
  type ReportsAudit,
  type ReportsDeadlines,
  type ReportsService,
} from './reports.service.js';

// What the parties write on a submitted report: follow-up questions and answers, comments and
// stage reports. On the anonymized route a question goes to the relay, which holds the sealed
// link: CIPX passes it to the reporter on the relay's behalf, and the answer returns the same
// way — recipients see the relay under a pseudonym as the answerer, never the reporter.

export interface ReportsThreadDeps {
  repository: ReportsRepository;
  clock: Clock;
  audit?: ReportsAudit | undefined;
  deadlines?: ReportsDeadlines | undefined;
  writes: Pick<ReportsService, 'readReport' | 'recordReads'>;
}

interface Acting {
  queries: ReportQueries;
  trx: Kysely<Database>;
  report: ReportRecord;
  hops: Hop[];
  now: Date;
}

export function createReportsThreadService(deps: ReportsThreadDeps) {
  const { repository, clock, audit, deadlines, writes } = deps;

  /** Runs `work` with the report locked, visible to the viewer and the action permitted. */
  function act<T>(viewer: Viewer, id: string, action: ReportAction, work: (a: Acting) => Promise<T>) {
    return repository.inTransaction(async (queries, trx) => {
      await queries.lock(id);
      const report = await visibleOrNotFound(queries, viewer, id);
      const hops = await queries.listHops(id);
      requirePermission(viewer, report, hops, action);
      return work({ queries, trx, report, hops, now: clock.now() });
    });
  }

  function followUpJobs(reportId: string, entryId: string, organizationIds: readonly string[]): NewJob[] {
    return [...new Set(organizationIds)].map((organizationId) => ({
      kind: REPORT_JOBS.followUp,
      payload: { reportId, entryId, organizationId },
      dedupeKey: `${REPORT_JOBS.followUp}:${entryId}:${organizationId}`,
    }));
  }

  async function appendOne(
    queries: ReportQueries,
    report: ReportRecord,
    entry: Parameters<ReportQueries['appendTimeline']>[1][number],
  ): Promise<string> {
    const [entryId] = await queries.appendTimeline(report.id, [entry]);
    if (entryId === undefined) throw new Error('appendTimeline returned no id');
    return entryId;
  }

  /** The follow-ups of a report as the viewer may see them (the reporter masked where it must be). */
  async function followUpsOf(
    viewer: Viewer,
    id: string,
  ): Promise<{ report: ReportRecord; items: FollowUp[] }> {
    const { report } = await writes.readReport(viewer, id);
    const entries = await repository.listTimeline(id, ['follow_up_question', 'follow_up_answer']);
    return { report, items: toFollowUps(entries.map((e) => toTimelineEntry(report, e))) };
  }

  async function followUpOrFail(viewer: Viewer, id: string, followUpId: string): Promise<FollowUp> {
    const { items } = await followUpsOf(viewer, id);
    const found = items.find((f) => f.id === followUpId);
    if (!found) throw new AppError('FOLLOW_UP_NOT_FOUND');
    return found;
  }

  async function entryAsSeen(viewer: Viewer, id: string, entryId: string): Promise<TimelineEntry> {
    const { report } = await writes.readReport(viewer, id);
    const entry = await repository.findTimelineEntry(id, entryId);
    if (!entry) throw new AppError('NOT_FOUND');
    return toTimelineEntry(report, entry);
  }

  return {
    /**
     * A recipient that analyses the report (coordinator, ministry) asks its originator a
     * question: through the relay on the anonymized route, else directly. Mailed to the
     * relay's and the originator's contacts through the outbox.
     */
    async askFollowUp(
      viewer: Viewer,
      id: string,
      question: string,
      origin?: RequestOrigin,
    ): Promise<FollowUp> {
      const entryId = await act(viewer, id, 'ask_follow_up', async ({ queries, trx, report, now }) => {
        const relay = report.anonymized ? report.relayOrgId : null;
        const entryId = await appendOne(
          queries,
          report,
          timelineEntry(
            viewer,
            report,
            'follow_up_question',
            { question, addressedOrgId: relay ?? report.hidden.originatorOrgId, viaRelay: relay !== null },
            now,
          ),
        );
        // The relay's secretariat sees what goes to the reporter in its name; the reporter gets the question.
        const to = relay === null ? [report.hidden.originatorOrgId] : [relay, report.hidden.originatorOrgId];
        await enqueueJobs(trx, followUpJobs(id, entryId, to), clock);
        await audit?.record(
          auditEvent(actorFor(viewer, report), origin, 'reports.follow_up.ask', [id, entryId]),
          trx,
        );
        return entryId;
      });
      return followUpOrFail(viewer, id, entryId);
    },

    /**
     * The originator answers a question, once. On the anonymized route the answer returns
     * through the relay: the asker sees the relay under a pseudonym, and the relay's
     * secretariat gets a copy of what was said in its name.
     */
    async answerFollowUp(
      viewer: Viewer,
      id: string,
      followUpId: string,
      answer: string,
      origin?: RequestOrigin,
    ): Promise<FollowUp> {
      await act(viewer, id, 'answer_follow_up', async ({ queries, trx, report, now }) => {
        const question = await queries.findTimelineEntry(id, followUpId);
        if (question?.kind !== 'follow_up_question') throw new AppError('FOLLOW_UP_NOT_FOUND');
        const answers = await queries.listTimeline(id, ['follow_up_answer']);
        if (answers.some((a) => a.detail['followUpId'] === followUpId)) {
          throw new AppError('CONFLICT', {
            reason: 'the question is already answered / この質問には回答済みです',
          });
        }
        const viaRelay = question.detail['viaRelay'] === true && report.relayOrgId !== null;
        const entryId = await appendOne(
          queries,
          report,
          timelineEntry(viewer, report, 'follow_up_answer', { followUpId, answer, viaRelay }, now),
        );
        const to = [
          ...(question.actorOrgId === null ? [] : [question.actorOrgId]),
          ...(viaRelay && report.relayOrgId !== null ? [report.relayOrgId] : []),
        ];
        await enqueueJobs(trx, followUpJobs(id, entryId, to), clock);
        await audit?.record(
          auditEvent(actorFor(viewer, report), origin, 'reports.follow_up.answer', [id, followUpId, entryId]),
          trx,
        );
      });
      return followUpOrFail(viewer, id, followUpId);
    },

    /** The report's questions with their answers, oldest first. */
    async listFollowUps(viewer: Viewer, id: string, origin?: RequestOrigin): Promise<FollowUpList> {
      const { report, items } = await followUpsOf(viewer, id);
      await writes.recordReads(viewer, origin, 'reports.follow_ups.read', [report]);
      return { items };
    },

    /** A comment by the originating side or a recipient, kept in the timeline. */
    async addComment(
      viewer: Viewer,
      id: string,
      text: string,
      origin?: RequestOrigin,
    ): Promise<TimelineEntry> {
      const entryId = await act(viewer, id, 'comment', async ({ queries, trx, report, now }) => {
        const entryId = await appendOne(
          queries,
          report,
          timelineEntry(viewer, report, 'comment', { text }, now),
        );
        await audit?.record(
          auditEvent(actorFor(viewer, report), origin, 'reports.comment', [id, entryId]),
          trx,
        );
        return entryId;
      });
      return entryAsSeen(viewer, id, entryId);
    },

    /**
     * The originator's stage report (early warning, notification, final …): a timeline entry
     * flagged with the stage, which meets the open deadline clocks of that stage in the same
     * transaction.
     */
    async addStageReport(
      viewer: Viewer,
      id: string,
      stage: ReportStage,
      text: string,
      origin?: RequestOrigin,
    ): Promise<StageReportResult> {
      const { entryId, met } = await act(
        viewer,
        id,
        'stage_report',
        async ({ queries, trx, report, now }) => {
          const entryId = await appendOne(queries, report, {
            ...timelineEntry(viewer, report, 'stage_report', { text }, now),
            stage,
          });
          const met = (await deadlines?.recordStageMet(id, stage, entryId, trx)) ?? 0;
          await audit?.record(
            auditEvent(actorFor(viewer, report), origin, 'reports.stage_report', [id, entryId], {
              stage,
              deadlinesMet: met,
            }),
            trx,
          );
          return { entryId, met };
        },
      );
      return { entry: await entryAsSeen(viewer, id, entryId), deadlinesMet: met };
    },
  };
}

export type ReportsThreadService = ReturnType<typeof createReportsThreadService>;
