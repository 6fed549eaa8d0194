import type { AudienceEntry, CrisisUpdateKind, ReportStatus, Tlp } from '@cipx/contracts';
import { sql, type Kysely, type SqlBool } from 'kysely';
import type { Database } from '../../platform/db/tables.js';
import { enqueueJobs, type NewJob } from '../../platform/jobs/outbox.js';
import type { Clock } from '../../shared/clock.js';
import type { Viewer } from '../../shared/viewer.js';
import { presentedOriginator, visibleTo } from '../access/index.js';

// The only file with Kysely queries for crises. A crisis is a protected item (the access
// column convention): every read filters with `visibleTo`, and so do the linked reports a
// viewer is shown, each presented with `presentedOriginator`.

type Db = Kysely<Database>;

function json<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

export interface CrisisRecord {
  id: string;
  titleJa: string;
  titleEn: string;
  description: string;
  sectors: string[];
  updateIntervalMinutes: number;
  exercise: boolean;
  tlp: Tlp;
  audience: AudienceEntry[];
  declaredAt: Date;
  endedAt: Date | null;
  endedBy: string | null;
  originatorOrgId: string;
  originatorName: { ja: string; en: string };
  authorUserId: string | null;
  /** Linked reports the viewer may see. */
  reportCount: number;
  updatedAt: Date;
}

export interface NewCrisis {
  id: string;
  titleJa: string;
  titleEn: string;
  description: string;
  sectors: string[];
  updateIntervalMinutes: number;
  exercise: boolean;
  tlp: Tlp;
  audience: AudienceEntry[];
  originatorOrgId: string;
  authorUserId: string;
  at: Date;
}

/** A report the viewer may see, as linking needs it. */
export interface VisibleReport {
  id: string;
  number: string;
  status: ReportStatus;
  viewerIsOriginator: boolean;
  /** Set when the viewer acts for the hidden originator of an anonymized report (audit under a pseudonym). */
  anonymizedRelayOrgId: string | null;
}

export interface LinkedReportRecord {
  reportId: string;
  number: string;
  title: string;
  status: ReportStatus;
  severityOverall: number | null;
  presentedOriginator: { id: string; nameJa: string; nameEn: string } | null;
  linkedAt: Date;
  lastRemindedAt: Date | null;
  linkedBy: { userId: string | null; organizationId: string; nameJa: string; nameEn: string };
  /** The report's hidden originator linked it and the viewer may not know that originator: mask the linker. */
  linkerHidden: boolean;
  relay: { id: string; nameJa: string; nameEn: string } | null;
}

export interface CrisisUpdateRecord {
  id: string;
  crisisId: string;
  at: Date;
  kind: CrisisUpdateKind;
  text: string;
  authorUserId: string | null;
  authorOrgId: string;
  authorOrgName: { ja: string; en: string };
}

export interface ReminderFacts {
  crisis: {
    id: string;
    titleJa: string;
    titleEn: string;
    tlp: Tlp;
    exercise: boolean;
    endedAt: Date | null;
    intervalMinutes: number;
  };
  report: {
    id: string;
    number: string;
    title: string;
    tlp: Tlp;
    exercise: boolean;
    status: ReportStatus;
    originatorOrgId: string;
    authorUserId: string | null;
  };
  linkedAt: Date;
  lastRemindedAt: Date | null;
  lastUpdateAt: Date | null;
}

export type CrisisSortKey = readonly [at: string, id: string];

function crisisQueries(db: Db) {
  function visibleCrises(viewer: Viewer) {
    return db
      .selectFrom('crises as c')
      .innerJoin('organizations as o', 'o.id', 'c.originator_org_id')
      .selectAll('c')
      .select((eb) => [
        'o.name_ja as org_name_ja',
        'o.name_en as org_name_en',
        eb
          .selectFrom('crisis_reports as cr')
          .innerJoin('reports as r', 'r.id', 'cr.report_id')
          .select(eb.fn.countAll<string>().as('n'))
          .whereRef('cr.crisis_id', '=', 'c.id')
          .where(visibleTo(viewer, 'r'))
          .as('report_count'),
      ])
      .where(visibleTo(viewer, 'c'));
  }

  type CrisisRow = Awaited<ReturnType<ReturnType<typeof visibleCrises>['executeTakeFirstOrThrow']>>;

  function toCrisis(row: CrisisRow): CrisisRecord {
    return {
      id: row.id,
      titleJa: row.title_ja,
      titleEn: row.title_en,
      description: row.description,
      sectors: row.sectors,
      updateIntervalMinutes: row.update_interval_minutes,
      exercise: row.exercise,
      tlp: row.tlp,
      audience: json<AudienceEntry[]>(row.audience),
      declaredAt: row.declared_at,
      endedAt: row.ended_at,
      endedBy: row.ended_by,
      originatorOrgId: row.originator_org_id,
      originatorName: { ja: row.org_name_ja, en: row.org_name_en },
      authorUserId: row.author_user_id,
      reportCount: Number(row.report_count ?? 0),
      updatedAt: row.updated_at,
    };
  }

  function updates() {
    return db
      .selectFrom('crisis_updates as u')
      .innerJoin('organizations as o', 'o.id', 'u.author_org_id')
      .select([
        'u.id',
        'u.crisis_id',
        'u.at',
        'u.kind',
        'u.text',
        'u.author_user_id',
        'u.author_org_id',
        'o.name_ja',
        'o.name_en',
      ]);
  }

  type UpdateRow = Awaited<ReturnType<ReturnType<typeof updates>['executeTakeFirstOrThrow']>>;

  function toUpdate(r: UpdateRow): CrisisUpdateRecord {
    return {
      id: r.id,
      crisisId: r.crisis_id,
      at: r.at,
      kind: r.kind,
      text: r.text,
      authorUserId: r.author_user_id,
      authorOrgId: r.author_org_id,
      authorOrgName: { ja: r.name_ja, en: r.name_en },
    };
  }

  return {
    async insertCrisis(crisis: NewCrisis): Promise<void> {
      await db
        .insertInto('crises')
        .values({
          id: crisis.id,
          title_ja: crisis.titleJa,
          title_en: crisis.titleEn,
          description: crisis.description,
          sectors: crisis.sectors,
          update_interval_minutes: crisis.updateIntervalMinutes,
          exercise: crisis.exercise,
          declared_at: crisis.at,
          tlp: crisis.tlp,
          originator_org_id: crisis.originatorOrgId,
          author_user_id: crisis.authorUserId,
          audience: JSON.stringify(crisis.audience),
          updated_at: crisis.at,
        })
        .execute();
    },

    async findVisible(viewer: Viewer, id: string): Promise<CrisisRecord | undefined> {
      const row = await visibleCrises(viewer).where('c.id', '=', id).executeTakeFirst();
      return row ? toCrisis(row) : undefined;
    },

    /** Newest first by declaration; `limit + 1` rows so the caller knows whether more follow. */
    async list(
      viewer: Viewer,
      status: 'active' | 'ended' | undefined,
      after: CrisisSortKey | undefined,
      limit: number,
    ): Promise<CrisisRecord[]> {
      let query = visibleCrises(viewer);
      if (status === 'active') query = query.where('c.ended_at', 'is', null);
      if (status === 'ended') query = query.where('c.ended_at', 'is not', null);
      if (after) {
        query = query.where(
          sql<SqlBool>`(c.declared_at, c.id) < (${after[0]}::timestamptz, ${after[1]}::uuid)`,
        );
      }
      const rows = await query
        .orderBy('c.declared_at', 'desc')
        .orderBy('c.id', 'desc')
        .limit(limit + 1)
        .execute();
      return rows.map(toCrisis);
    },

    /** Serializes changes to one crisis (ending, interval, links, posts). */
    async lock(id: string): Promise<void> {
      await db.selectFrom('crises').select('id').where('id', '=', id).forUpdate().execute();
    },

    async endCrisis(id: string, by: string, at: Date): Promise<void> {
      await db
        .updateTable('crises')
        .set({ ended_at: at, ended_by: by, updated_at: at })
        .where('id', '=', id)
        .execute();
    },

    async setInterval(id: string, minutes: number, at: Date): Promise<void> {
      await db
        .updateTable('crises')
        .set({ update_interval_minutes: minutes, updated_at: at })
        .where('id', '=', id)
        .execute();
    },

    /** The current edition's sectors among `codes`, each with its responsible ministry. */
    async currentSectors(codes: readonly string[]): Promise<Map<string, { ministryOrgId: string }>> {
      if (codes.length === 0) return new Map();
      const rows = await db
        .selectFrom('sectors as s')
        .innerJoin('editions as e', 'e.id', 's.edition_id')
        .select(['s.code', 's.ministry_org_id'])
        .where('e.is_current', '=', true)
        .where('s.code', 'in', [...codes])
        .execute();
      return new Map(rows.map((r) => [r.code, { ministryOrgId: r.ministry_org_id }]));
    },

    // --- linked reports ----------------------------------------------------------

    async findVisibleReport(viewer: Viewer, reportId: string): Promise<VisibleReport | undefined> {
      const row = await db
        .selectFrom('reports as r')
        .select(['r.id', 'r.number', 'r.status', 'r.originator_org_id', 'r.anonymized', 'r.relay_org_id'])
        .where('r.id', '=', reportId)
        .where(visibleTo(viewer, 'r'))
        .executeTakeFirst();
      if (!row) return undefined;
      const viewerIsOriginator = row.originator_org_id === viewer.organizationId;
      return {
        id: row.id,
        number: row.number,
        status: row.status,
        viewerIsOriginator,
        anonymizedRelayOrgId: row.anonymized && viewerIsOriginator ? row.relay_org_id : null,
      };
    },

    /** Inserts the link; false when the report was linked already. */
    async insertLink(link: {
      crisisId: string;
      reportId: string;
      linkedBy: string;
      linkedByOrgId: string;
      at: Date;
    }): Promise<boolean> {
      const inserted = await db
        .insertInto('crisis_reports')
        .values({
          crisis_id: link.crisisId,
          report_id: link.reportId,
          linked_by: link.linkedBy,
          linked_by_org_id: link.linkedByOrgId,
          linked_at: link.at,
        })
        .onConflict((oc) => oc.columns(['crisis_id', 'report_id']).doNothing())
        .returning('report_id')
        .executeTakeFirst();
      return inserted !== undefined;
    },

    /** The crisis's linked reports that the viewer may see, in the order they were linked. */
    async listLinkedReports(viewer: Viewer, crisisId: string): Promise<LinkedReportRecord[]> {
      const presented = presentedOriginator(viewer, 'r');
      const rows = await db
        .selectFrom('crisis_reports as cr')
        .innerJoin('reports as r', 'r.id', 'cr.report_id')
        .innerJoin('organizations as lo', 'lo.id', 'cr.linked_by_org_id')
        .leftJoin('organizations as po', (join) => join.on(sql<SqlBool>`po.id = ${presented}`))
        .leftJoin('organizations as ro', 'ro.id', 'r.relay_org_id')
        .select([
          'cr.report_id',
          'cr.linked_at',
          'cr.last_reminded_at',
          'cr.linked_by',
          'cr.linked_by_org_id',
          'lo.name_ja as linker_name_ja',
          'lo.name_en as linker_name_en',
          'r.number',
          'r.title',
          'r.status',
          'r.severity_overall',
          'r.anonymized',
          'r.originator_org_id',
          'r.relay_org_id',
          'ro.name_ja as relay_name_ja',
          'ro.name_en as relay_name_en',
          presented.as('presented_id'),
          'po.name_ja as presented_name_ja',
          'po.name_en as presented_name_en',
        ])
        .where('cr.crisis_id', '=', crisisId)
        .where(visibleTo(viewer, 'r'))
        .orderBy('cr.linked_at')
        .orderBy('r.number')
        .execute();
      return rows.map((row) => {
        const presentedId = row.presented_id;
        const knows = !row.anonymized || presentedId === row.originator_org_id;
        return {
          reportId: row.report_id,
          number: row.number,
          title: row.title,
          status: row.status,
          severityOverall: row.severity_overall,
          presentedOriginator:
            presentedId === null
              ? null
              : { id: presentedId, nameJa: row.presented_name_ja ?? '', nameEn: row.presented_name_en ?? '' },
          linkedAt: row.linked_at,
          lastRemindedAt: row.last_reminded_at,
          linkedBy: {
            userId: row.linked_by,
            organizationId: row.linked_by_org_id,
            nameJa: row.linker_name_ja,
            nameEn: row.linker_name_en,
          },
          linkerHidden: !knows && row.linked_by_org_id === row.originator_org_id,
          relay:
            row.relay_org_id === null
              ? null
              : { id: row.relay_org_id, nameJa: row.relay_name_ja ?? '', nameEn: row.relay_name_en ?? '' },
        };
      });
    },

    /** Reports linked to the crisis whose reminder chains may need rescheduling. */
    async linkedReportIds(crisisId: string): Promise<string[]> {
      const rows = await db
        .selectFrom('crisis_reports')
        .select('report_id')
        .where('crisis_id', '=', crisisId)
        .execute();
      return rows.map((r) => r.report_id);
    },

    // --- the situation thread ------------------------------------------------------

    async insertUpdate(update: {
      id: string;
      crisisId: string;
      at: Date;
      kind: CrisisUpdateKind;
      text: string;
      authorUserId: string;
      authorOrgId: string;
    }): Promise<void> {
      await db
        .insertInto('crisis_updates')
        .values({
          id: update.id,
          crisis_id: update.crisisId,
          at: update.at,
          kind: update.kind,
          text: update.text,
          author_user_id: update.authorUserId,
          author_org_id: update.authorOrgId,
        })
        .execute();
    },

    async findUpdate(id: string): Promise<CrisisUpdateRecord | undefined> {
      const row = await updates().where('u.id', '=', id).executeTakeFirst();
      return row ? toUpdate(row) : undefined;
    },

    /** Newest first; `limit + 1` rows. Visibility is the caller's (the crisis's). */
    async listUpdates(
      crisisId: string,
      after: CrisisSortKey | undefined,
      limit: number,
    ): Promise<CrisisUpdateRecord[]> {
      let query = updates().where('u.crisis_id', '=', crisisId);
      if (after) {
        query = query.where(sql<SqlBool>`(u.at, u.id) < (${after[0]}::timestamptz, ${after[1]}::uuid)`);
      }
      const rows = await query
        .orderBy('u.at', 'desc')
        .orderBy('u.id', 'desc')
        .limit(limit + 1)
        .execute();
      return rows.map(toUpdate);
    },

    // --- reminders -------------------------------------------------------------------

    async reminderFacts(crisisId: string, reportId: string): Promise<ReminderFacts | undefined> {
      const row = await db
        .selectFrom('crisis_reports as cr')
        .innerJoin('crises as c', 'c.id', 'cr.crisis_id')
        .innerJoin('reports as r', 'r.id', 'cr.report_id')
        .select((eb) => [
          'c.title_ja',
          'c.title_en',
          'c.tlp as crisis_tlp',
          'c.exercise as crisis_exercise',
          'c.ended_at',
          'c.update_interval_minutes',
          'r.number',
          'r.title',
          'r.tlp',
          'r.exercise',
          'r.status',
          'r.originator_org_id',
          'r.author_user_id',
          'cr.linked_at',
          'cr.last_reminded_at',
          // The originator's own words count as an update: a timeline entry it made, or a post in this crisis.
          eb
            .selectFrom('report_timeline as t')
            .select((e) => e.fn.max('t.at').as('at'))
            .whereRef('t.report_id', '=', 'r.id')
            .where('t.by_originator', '=', true)
            .as('last_entry_at'),
          eb
            .selectFrom('crisis_updates as u')
            .select((e) => e.fn.max('u.at').as('at'))
            .whereRef('u.crisis_id', '=', 'cr.crisis_id')
            .whereRef('u.author_org_id', '=', 'r.originator_org_id')
            .as('last_post_at'),
        ])
        .where('cr.crisis_id', '=', crisisId)
        .where('cr.report_id', '=', reportId)
        .executeTakeFirst();
      if (!row) return undefined;
      const times = [row.last_entry_at, row.last_post_at]
        .filter((v): v is Date => v !== null && v !== undefined)
        .map((v) => new Date(v).getTime());
      return {
        crisis: {
          id: crisisId,
          titleJa: row.title_ja,
          titleEn: row.title_en,
          tlp: row.crisis_tlp,
          exercise: row.crisis_exercise,
          endedAt: row.ended_at,
          intervalMinutes: row.update_interval_minutes,
        },
        report: {
          id: reportId,
          number: row.number,
          title: row.title,
          tlp: row.tlp,
          exercise: row.exercise,
          status: row.status,
          originatorOrgId: row.originator_org_id,
          authorUserId: row.author_user_id,
        },
        linkedAt: row.linked_at,
        lastRemindedAt: row.last_reminded_at,
        lastUpdateAt: times.length > 0 ? new Date(Math.max(...times)) : null,
      };
    },

    /**
     * Whom a reminder goes to: the report's author while they still belong to the originating
     * organization, and that organization's primary contacts.
     */
    async reminderAddresses(organizationId: string, authorUserId: string | null): Promise<string[]> {
      const contacts = await db
        .selectFrom('contacts')
        .select('email')
        .where('organization_id', '=', organizationId)
        .where('role', '=', 'primary')
        .where('email', 'is not', null)
        .orderBy('id')
        .execute();
      const author =
        authorUserId === null
          ? undefined
          : await db
              .selectFrom('users as u')
              .innerJoin('user_roles as ur', 'ur.user_id', 'u.id')
              .select('u.email')
              .where('u.id', '=', authorUserId)
              .where('ur.organization_id', '=', organizationId)
              .where('u.disabled_at', 'is', null)
              .executeTakeFirst();
      const addresses = [author?.email, ...contacts.map((c) => c.email)].filter(
        (e): e is string => typeof e === 'string',
      );
      return [...new Map(addresses.map((a) => [a.toLowerCase(), a])).values()];
    },

    /** The link's reminder state under a row lock. */
    async lockLink(crisisId: string, reportId: string): Promise<{ lastRemindedAt: Date | null } | undefined> {
      const row = await db
        .selectFrom('crisis_reports')
        .select('last_reminded_at')
        .where('crisis_id', '=', crisisId)
        .where('report_id', '=', reportId)
        .forUpdate()
        .executeTakeFirst();
      return row ? { lastRemindedAt: row.last_reminded_at } : undefined;
    },

    /** Outbox jobs written with this executor (the transaction's, inside `inTransaction`). */
    async enqueue(jobs: NewJob[], clock: Clock): Promise<void> {
      await enqueueJobs(db, jobs, clock);
    },

    async markReminded(crisisId: string, reportId: string, at: Date): Promise<void> {
      await db
        .updateTable('crisis_reports')
        .set({ last_reminded_at: at })
        .where('crisis_id', '=', crisisId)
        .where('report_id', '=', reportId)
        .execute();
    },
  };
}

export type CrisisQueries = ReturnType<typeof crisisQueries>;

export function createCrisesRepository(db: Db) {
  return {
    ...crisisQueries(db),
    /** Runs `work` in one transaction; `trx` carries audit events and outbox jobs with the change. */
    async inTransaction<T>(work: (queries: CrisisQueries, trx: Db) => Promise<T>): Promise<T> {
      return db.transaction().execute((trx) => work(crisisQueries(trx), trx));
    },
  };
}

export type CrisesRepository = ReturnType<typeof createCrisesRepository>;
