import {
  CONTACT_ROLES,
  type ContactRole,
  type DeadlineAnchor,
  type DeadlineCalendar,
  type DeadlineStage,
} from '@cipx/contracts';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, DeadlineRegimeTable, ReportDeadlineTable } from '../../platform/db/tables.js';
import { newId } from '../../shared/ids.js';
import type { Viewer } from '../../shared/viewer.js';
import { visibleTo } from '../access/index.js';
import type { AnchorSources } from './deadline.js';
import type { RegimeDefinition } from './regimes.js';

// The only file with Kysely queries for deadlines: regimes, per-report anchors and clocks,
// and the few report, timeline and contact facts the engine reads and writes.

export interface RegimeRecord extends RegimeDefinition {
  id: string;
  version: number;
  createdBy: string | null;
  createdAt: Date;
}

export interface DeadlineRecord {
  id: string;
  reportId: string;
  regimeId: string;
  stageCode: string;
  anchor: DeadlineAnchor;
  anchorAt: Date | null;
  dueAt: Date | null;
  remindAt: Date | null;
  metAt: Date | null;
  metByTimelineEntry: string | null;
  remindedAt: Date | null;
  escalatedAt: Date | null;
  revision: number;
}

export interface DeadlineReport {
  id: string;
  number: string;
  title: string;
  exercise: boolean;
  originatorOrgId: string;
  authorUserId: string | null;
  anonymized: boolean;
  relayOrgId: string | null;
}

export interface StageEntry {
  id: string;
  at: Date;
  stage: string;
}

export interface ContactAddress {
  role: ContactRole;
  email: string;
  nameJa: string;
  nameEn: string;
}

function json<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

function toRegime(row: Selectable<DeadlineRegimeTable>): RegimeRecord {
  return {
    id: row.id,
    code: row.code,
    version: row.version,
    name: { ja: row.name_ja, en: row.name_en },
    source: row.source,
    note: { ja: row.note_ja, en: row.note_en },
    calendar: row.calendar,
    stages: json<DeadlineStage[]>(row.stages),
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

function toDeadline(row: Selectable<ReportDeadlineTable>): DeadlineRecord {
  return {
    id: row.id,
    reportId: row.report_id,
    regimeId: row.regime_id,
    stageCode: row.stage_code,
    anchor: row.anchor,
    anchorAt: row.anchor_at,
    dueAt: row.due_at,
    remindAt: row.remind_at,
    metAt: row.met_at,
    metByTimelineEntry: row.met_by_timeline_entry,
    remindedAt: row.reminded_at,
    escalatedAt: row.escalated_at,
    revision: row.revision,
  };
}

type Db = Kysely<Database>;

export function deadlineQueries(db: Db) {
  return {
    /** The report if the viewer may see it (access policy). */
    async findVisibleReport(viewer: Viewer, id: string): Promise<DeadlineReport | undefined> {
      const row = await db
        .selectFrom('reports as r')
        .select([
          'r.id',
          'r.number',
          'r.title',
          'r.exercise',
          'r.originator_org_id',
          'r.author_user_id',
          'r.anonymized',
          'r.relay_org_id',
        ])
        .where('r.id', '=', id)
        .where(visibleTo(viewer, 'r'))
        .executeTakeFirst();
      return row
        ? {
            id: row.id,
            number: row.number,
            title: row.title,
            exercise: row.exercise,
            originatorOrgId: row.originator_org_id,
            authorUserId: row.author_user_id,
            anonymized: row.anonymized,
            relayOrgId: row.relay_org_id,
          }
        : undefined;
    },

    /** The report without a viewer: for the engine's own jobs only. */
    async findReport(id: string): Promise<DeadlineReport | undefined> {
      const row = await db
        .selectFrom('reports')
        .select([
          'id',
          'number',
          'title',
          'exercise',
          'originator_org_id',
          'author_user_id',
          'anonymized',
          'relay_org_id',
        ])
        .where('id', '=', id)
        .executeTakeFirst();
      return row
        ? {
            id: row.id,
            number: row.number,
            title: row.title,
            exercise: row.exercise,
            originatorOrgId: row.originator_org_id,
            authorUserId: row.author_user_id,
            anonymized: row.anonymized,
            relayOrgId: row.relay_org_id,
          }
        : undefined;
    },

    async lockReport(id: string): Promise<void> {
      await db.selectFrom('reports').select('id').where('id', '=', id).forUpdate().execute();
    },

    /** The report's own times and the anchors entered for it. */
    async anchorSources(reportId: string): Promise<AnchorSources> {
      const report = await db
        .selectFrom('reports')
        .select(['occurred_at', 'detected_at', 'reported_at', 'submitted_at'])
        .where('id', '=', reportId)
        .executeTakeFirstOrThrow();
      const entered = await db
        .selectFrom('report_deadline_anchors')
        .select(['anchor', 'at'])
        .where('report_id', '=', reportId)
        .execute();
      const find = (anchor: 'awareness' | 'payment') => entered.find((e) => e.anchor === anchor)?.at ?? null;
      return {
        occurrence: report.occurred_at,
        detection: report.detected_at,
        awareness: find('awareness'),
        payment: find('payment'),
        notification: report.reported_at ?? report.submitted_at,
      };
    },

    async putAnchor(
      reportId: string,
      anchor: 'awareness' | 'payment',
      at: Date | null,
      by: string,
      now: Date,
    ) {
      if (at === null) {
        await db
          .deleteFrom('report_deadline_anchors')
          .where('report_id', '=', reportId)
          .where('anchor', '=', anchor)
          .execute();
        return;
      }
      await db
        .insertInto('report_deadline_anchors')
        .values({ report_id: reportId, anchor, at, set_by: by, set_at: now })
        .onConflict((oc) => oc.columns(['report_id', 'anchor']).doUpdateSet({ at, set_by: by, set_at: now }))
        .execute();
    },

    // --- regimes --------------------------------------------------------------------

    /** Every regime, newest version first within a code. */
    async listRegimes(): Promise<RegimeRecord[]> {
      const rows = await db
        .selectFrom('deadline_regimes')
        .selectAll()
        .orderBy('code')
        .orderBy('version', 'desc')
        .execute();
      return rows.map(toRegime);
    },

    async findRegime(id: string): Promise<RegimeRecord | undefined> {
      const row = await db.selectFrom('deadline_regimes').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toRegime(row) : undefined;
    },

    async findRegimes(ids: readonly string[]): Promise<RegimeRecord[]> {
      if (ids.length === 0) return [];
      const rows = await db.selectFrom('deadline_regimes').selectAll().where('id', 'in', ids).execute();
      return rows.map(toRegime);
    },

    /** The shipped regimes as version 1 of their codes, where not there yet (concurrent runs are harmless). */
    async insertDefaultRegimes(regimes: readonly RegimeDefinition[], at: Date): Promise<void> {
      await db
        .insertInto('deadline_regimes')
        .values(
          regimes.map((r) => ({
            id: newId(),
            code: r.code,
            version: 1,
            name_ja: r.name.ja,
            name_en: r.name.en,
            source: r.source,
            note_ja: r.note.ja,
            note_en: r.note.en,
            calendar: r.calendar,
            stages: JSON.stringify(r.stages),
            created_by: null,
            created_at: at,
          })),
        )
        .onConflict((oc) => oc.columns(['code', 'version']).doNothing())
        .execute();
    },

    /** A regime, or the next version of the regime with the same code. Call in a transaction. */
    async insertRegime(
      r: RegimeDefinition & { calendar: DeadlineCalendar; createdBy: string },
      at: Date,
    ): Promise<RegimeRecord> {
      await sql`SELECT pg_advisory_xact_lock(hashtext('cipx.deadline_regimes'))`.execute(db);
      const last = await db
        .selectFrom('deadline_regimes')
        .select((eb) => eb.fn.max('version').as('version'))
        .where('code', '=', r.code)
        .executeTakeFirst();
      const row = await db
        .insertInto('deadline_regimes')
        .values({
          id: newId(),
          code: r.code,
          version: Number(last?.version ?? 0) + 1,
          name_ja: r.name.ja,
          name_en: r.name.en,
          source: r.source,
          note_ja: r.note.ja,
          note_en: r.note.en,
          calendar: r.calendar,
          stages: JSON.stringify(r.stages),
          created_by: r.createdBy,
          created_at: at,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toRegime(row);
    },

    // --- clocks -----------------------------------------------------------------------

    async listDeadlines(reportId: string): Promise<DeadlineRecord[]> {
      const rows = await db
        .selectFrom('report_deadlines')
        .selectAll()
        .where('report_id', '=', reportId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toDeadline);
    },

    async findDeadline(id: string): Promise<DeadlineRecord | undefined> {
      const row = await db.selectFrom('report_deadlines').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toDeadline(row) : undefined;
    },

    async lockDeadline(id: string): Promise<DeadlineRecord | undefined> {
      const row = await db
        .selectFrom('report_deadlines')
        .selectAll()
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      return row ? toDeadline(row) : undefined;
    },

    /** One clock per stage of the regime, not yet scheduled. */
    async insertDeadlines(
      reportId: string,
      regime: Pick<RegimeRecord, 'id' | 'stages'>,
      at: Date,
    ): Promise<void> {
      await db
        .insertInto('report_deadlines')
        .values(
          regime.stages.map((stage) => ({
            id: newId(),
            report_id: reportId,
            regime_id: regime.id,
            stage_code: stage.code,
            anchor: stage.anchor,
            created_at: at,
            updated_at: at,
          })),
        )
        .execute();
    },

    /** A new schedule: the revision moves on, so jobs planned for the old one do nothing. */
    async reschedule(
      id: string,
      s: { anchorAt: Date | null; dueAt: Date | null; remindAt: Date | null },
      at: Date,
    ): Promise<number> {
      const row = await db
        .updateTable('report_deadlines')
        .set((eb) => ({
          anchor_at: s.anchorAt,
          due_at: s.dueAt,
          remind_at: s.remindAt,
          reminded_at: null,
          escalated_at: null,
          revision: eb('revision', '+', 1),
          updated_at: at,
        }))
        .where('id', '=', id)
        .returning('revision')
        .executeTakeFirstOrThrow();
      return row.revision;
    },

    async markMet(id: string, metAt: Date, entryId: string, at: Date): Promise<void> {
      await db
        .updateTable('report_deadlines')
        .set({ met_at: metAt, met_by_timeline_entry: entryId, updated_at: at })
        .where('id', '=', id)
        .where('met_at', 'is', null)
        .execute();
    },

    async markReminded(id: string, at: Date): Promise<void> {
      await db
        .updateTable('report_deadlines')
        .set({ reminded_at: at, updated_at: at })
        .where('id', '=', id)
        .execute();
    },

    async markEscalated(id: string, at: Date): Promise<void> {
      await db
        .updateTable('report_deadlines')
        .set({ escalated_at: at, updated_at: at })
        .where('id', '=', id)
        .execute();
    },

    // --- timeline and contacts -------------------------------------------------------

    /** Timeline entries flagged as fulfilling a stage, first first. */
    async listStageEntries(reportId: string): Promise<StageEntry[]> {
      const rows = await db
        .selectFrom('report_timeline')
        .select(['id', 'at', 'stage'])
        .where('report_id', '=', reportId)
        .where('stage', 'is not', null)
        .orderBy('seq')
        .execute();
      return rows.flatMap((r) => (r.stage === null ? [] : [{ id: r.id, at: r.at, stage: r.stage }]));
    },

    async findTimelineEntry(
      reportId: string,
      entryId: string,
    ): Promise<{ id: string; at: Date } | undefined> {
      return db
        .selectFrom('report_timeline')
        .select(['id', 'at'])
        .where('report_id', '=', reportId)
        .where('id', '=', entryId)
        .executeTakeFirst();
    },

    /**
     * Appends a system entry by "CIPX" (reminder, escalation) after the last one, of the
     * timeline kind named by `detail.event`; call with the report locked.
     */
    async appendSystemEntry(
      reportId: string,
      at: Date,
      detail: Record<string, unknown> & { event: 'deadline_reminder' | 'deadline_escalated' },
    ): Promise<string> {
      const last = await db
        .selectFrom('report_timeline')
        .select((eb) => eb.fn.max('seq').as('seq'))
        .where('report_id', '=', reportId)
        .executeTakeFirst();
      const id = newId();
      await db
        .insertInto('report_timeline')
        .values({
          id,
          report_id: reportId,
          seq: Number(last?.seq ?? 0) + 1,
          at,
          kind: detail.event,
          actor_user_id: null,
          actor_org_id: null,
          actor_label: 'CIPX',
          by_originator: false,
          detail: JSON.stringify(detail),
          stage: null,
        })
        .execute();
      return id;
    },

    /** The organization's contact points that have an e-mail address, in calling order. */
    async contactsOf(organizationId: string): Promise<ContactAddress[]> {
      const rows = await db
        .selectFrom('contacts')
        .select(['role', 'email', 'name_ja', 'name_en'])
        .where('organization_id', '=', organizationId)
        .where('email', 'is not', null)
        .execute();
      return rows
        .flatMap((r) =>
          r.email === null ? [] : [{ role: r.role, email: r.email, nameJa: r.name_ja, nameEn: r.name_en }],
        )
        .sort((a, b) => CONTACT_ROLES.indexOf(a.role) - CONTACT_ROLES.indexOf(b.role));
    },
  };
}

export type DeadlineQueries = ReturnType<typeof deadlineQueries>;

export function createDeadlinesRepository(db: Db) {
  return {
    ...deadlineQueries(db),
    /** Runs `work` in a transaction — or inside the caller's, when one is given. */
    async inTransaction<T>(work: (queries: DeadlineQueries, trx: Db) => Promise<T>, trx?: Db): Promise<T> {
      if (trx) return work(deadlineQueries(trx), trx);
      return db.transaction().execute((t) => work(deadlineQueries(t), t));
    },
  };
}

export type DeadlinesRepository = ReturnType<typeof createDeadlinesRepository>;
