import type {
  RubricThresholds,
  ServiceImpact,
  SeverityBasis,
  SeverityLevel,
  SeverityMappingEntry,
  SeverityRaterRole,
  CissLevel,
} from '@cipx/contracts';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, SeverityRatingTable } from '../../platform/db/tables.js';
import { newId } from '../../shared/ids.js';
import type { Viewer } from '../../shared/viewer.js';
import { presentedOriginator, visibleTo } from '../access/index.js';
import { DEFAULT_RUBRIC_NOTE, DEFAULT_RUBRIC_THRESHOLDS } from './rubric.js';
import { DEFAULT_SEVERITY_MAPPING } from './severity.js';

// The only file with Kysely queries for severity: ratings, the rubric and the CISS mapping,
// the report facts the rubric reads, and the two report columns lists filter on.

/** What the severity service needs of a report, read through the access policy. */
export interface SeverityReport {
  id: string;
  number: string;
  anonymized: boolean;
  relayOrgId: string | null;
  /** Whether the viewer may know who originated the report. */
  viewerKnowsOriginator: boolean;
  /** For the service's own checks only; never shown to a viewer who may not know it. */
  originatorOrgId: string;
  serviceImpact: ServiceImpact | null;
  affectedUsersEstimate: number | null;
  affectedPrefectures: string[];
}

export interface RatingRecord {
  id: string;
  reportId: string;
  basis: SeverityBasis;
  raterOrgId: string;
  raterUserId: string | null;
  raterRole: SeverityRaterRole;
  continuity: SeverityLevel;
  safety: SeverityLevel;
  trust: SeverityLevel;
  overall: SeverityLevel;
  cissLevel: CissLevel;
  mappingVersion: number;
  rationale: string;
  rubricVersion: number | null;
  createdAt: Date;
}

export interface RubricRecord {
  version: number;
  thresholds: RubricThresholds;
  note: { ja: string; en: string };
  active: boolean;
  createdBy: string | null;
  createdAt: Date;
}

export interface MappingRecord {
  version: number;
  edition: string;
  entries: SeverityMappingEntry[];
  source: string;
  note: { ja: string; en: string };
  active: boolean;
  createdBy: string | null;
  createdAt: Date;
}

export interface NewTimelineEntry {
  at: Date;
  actorUserId: string | null;
  actorOrgId: string | null;
  actorLabel: string | null;
  byOriginator: boolean;
  detail: Record<string, unknown>;
}

function json<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

function toRating(row: Selectable<SeverityRatingTable>): RatingRecord {
  return {
    id: row.id,
    reportId: row.report_id,
    basis: row.basis,
    raterOrgId: row.rater_org_id,
    raterUserId: row.rater_user_id,
    raterRole: row.rater_role,
    continuity: row.continuity as SeverityLevel,
    safety: row.safety as SeverityLevel,
    trust: row.trust as SeverityLevel,
    overall: row.overall as SeverityLevel,
    cissLevel: row.ciss_level as CissLevel,
    mappingVersion: row.mapping_version,
    rationale: row.rationale,
    rubricVersion: row.rubric_version,
    createdAt: row.created_at,
  };
}

type Db = Kysely<Database>;

/** Queries bound to one executor (the database, or a transaction). */
export function severityQueries(db: Db) {
  return {
    /** The report if the viewer may see it (access policy), with the facts the rubric reads. */
    async findVisibleReport(viewer: Viewer, id: string): Promise<SeverityReport | undefined> {
      const row = await db
        .selectFrom('reports as r')
        .select([
          'r.id',
          'r.number',
          'r.anonymized',
          'r.relay_org_id',
          'r.originator_org_id',
          'r.service_impact',
          'r.affected_users_estimate',
          'r.affected_prefectures',
          presentedOriginator(viewer, 'r').as('presented_id'),
        ])
        .where('r.id', '=', id)
        .where(visibleTo(viewer, 'r'))
        .executeTakeFirst();
      if (!row) return undefined;
      return {
        id: row.id,
        number: row.number,
        anonymized: row.anonymized,
        relayOrgId: row.relay_org_id,
        viewerKnowsOriginator: !row.anonymized || row.presented_id === row.originator_org_id,
        originatorOrgId: row.originator_org_id,
        serviceImpact: row.service_impact,
        affectedUsersEstimate: row.affected_users_estimate,
        affectedPrefectures: row.affected_prefectures,
      };
    },

    /** Queues concurrent writers of one report (the reports module locks the same row). */
    async lockReport(id: string): Promise<void> {
      await db.selectFrom('reports').select('id').where('id', '=', id).forUpdate().execute();
    },

    /** Ratings of a report in the order they were given. */
    async listRatings(reportId: string): Promise<RatingRecord[]> {
      const rows = await db
        .selectFrom('severity_ratings')
        .selectAll()
        .where('report_id', '=', reportId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toRating);
    },

    async insertRating(r: Omit<RatingRecord, 'id'>): Promise<RatingRecord> {
      const row = await db
        .insertInto('severity_ratings')
        .values({
          id: newId(),
          report_id: r.reportId,
          basis: r.basis,
          rater_org_id: r.raterOrgId,
          rater_user_id: r.raterUserId,
          rater_role: r.raterRole,
          continuity: r.continuity,
          safety: r.safety,
          trust: r.trust,
          overall: r.overall,
          ciss_level: r.cissLevel,
          mapping_version: r.mappingVersion,
          rationale: r.rationale,
          rubric_version: r.rubricVersion,
          created_at: r.createdAt,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toRating(row);
    },

    async setReportSeverity(
      reportId: string,
      current: { overall: SeverityLevel; basis: SeverityBasis },
    ): Promise<void> {
      await db
        .updateTable('reports')
        .set({ severity_overall: current.overall, severity_basis: current.basis })
        .where('id', '=', reportId)
        .execute();
    },

    /** Appends a `severity_rated` entry after the last one; call with the report locked. */
    async appendSeverityEntry(reportId: string, entry: NewTimelineEntry): Promise<string> {
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
          at: entry.at,
          kind: 'severity_rated',
          actor_user_id: entry.actorUserId,
          actor_org_id: entry.actorOrgId,
          actor_label: entry.actorLabel,
          by_originator: entry.byOriginator,
          detail: JSON.stringify(entry.detail),
          stage: null,
        })
        .execute();
      return id;
    },

    async rubricExists(version: number): Promise<boolean> {
      const row = await db
        .selectFrom('severity_rubrics')
        .select('version')
        .where('version', '=', version)
        .executeTakeFirst();
      return row !== undefined;
    },

    async findActiveRubric(): Promise<RubricRecord | undefined> {
      const row = await db
        .selectFrom('severity_rubrics')
        .selectAll()
        .where('active', '=', true)
        .executeTakeFirst();
      return row
        ? {
            version: row.version,
            thresholds: json<RubricThresholds>(row.thresholds),
            note: { ja: row.note_ja, en: row.note_en },
            active: row.active,
            createdBy: row.created_by,
            createdAt: row.created_at,
          }
        : undefined;
    },

    async findActiveMapping(): Promise<MappingRecord | undefined> {
      const row = await db
        .selectFrom('severity_mappings')
        .selectAll()
        .where('active', '=', true)
        .executeTakeFirst();
      return row
        ? {
            version: row.version,
            edition: row.edition,
            entries: json<SeverityMappingEntry[]>(row.entries),
            source: row.source,
            note: { ja: row.note_ja, en: row.note_en },
            active: row.active,
            createdBy: row.created_by,
            createdAt: row.created_at,
          }
        : undefined;
    },

    /**
     * Inserts the shipped rubric and mapping as version 1 where no version exists yet. Safe to
     * run concurrently: a second insert of version 1 does nothing.
     */
    async insertDefaults(at: Date): Promise<void> {
      await sql`
        INSERT INTO severity_rubrics (version, thresholds, note_ja, note_en, created_by, created_at, active)
        SELECT 1, ${JSON.stringify(DEFAULT_RUBRIC_THRESHOLDS)}::jsonb, ${DEFAULT_RUBRIC_NOTE.ja}, ${DEFAULT_RUBRIC_NOTE.en},
               NULL, ${at}, true
        WHERE NOT EXISTS (SELECT 1 FROM severity_rubrics)
        ON CONFLICT DO NOTHING`.execute(db);
      const m = DEFAULT_SEVERITY_MAPPING;
      await sql`
        INSERT INTO severity_mappings (version, edition, entries, source, note_ja, note_en, created_by, created_at, active)
        SELECT 1, ${m.edition}, ${JSON.stringify(m.entries)}::jsonb, ${m.source}, ${m.note.ja}, ${m.note.en},
               NULL, ${at}, true
        WHERE NOT EXISTS (SELECT 1 FROM severity_mappings)
        ON CONFLICT DO NOTHING`.execute(db);
    },

    /** A new active rubric version; the previous one stays for the ratings that used it. */
    async insertRubricVersion(
      input: { thresholds: RubricThresholds; note: { ja: string; en: string }; createdBy: string },
      at: Date,
    ): Promise<RubricRecord> {
      // Versions are numbered without gaps: edits of the rubric queue up on this lock.
      await sql`SELECT pg_advisory_xact_lock(hashtext('cipx.severity_rubrics'))`.execute(db);
      const last = await db
        .selectFrom('severity_rubrics')
        .select((eb) => eb.fn.max('version').as('version'))
        .executeTakeFirst();
      const version = Number(last?.version ?? 0) + 1;
      await db.updateTable('severity_rubrics').set({ active: false }).where('active', '=', true).execute();
      await db
        .insertInto('severity_rubrics')
        .values({
          version,
          thresholds: JSON.stringify(input.thresholds),
          note_ja: input.note.ja,
          note_en: input.note.en,
          created_by: input.createdBy,
          created_at: at,
          active: true,
        })
        .execute();
      return { version, ...input, active: true, createdAt: at };
    },

    async insertMappingVersion(
      input: Omit<MappingRecord, 'version' | 'active' | 'createdAt'> & { createdBy: string },
      at: Date,
    ): Promise<MappingRecord> {
      await sql`SELECT pg_advisory_xact_lock(hashtext('cipx.severity_mappings'))`.execute(db);
      const last = await db
        .selectFrom('severity_mappings')
        .select((eb) => eb.fn.max('version').as('version'))
        .executeTakeFirst();
      const version = Number(last?.version ?? 0) + 1;
      await db.updateTable('severity_mappings').set({ active: false }).where('active', '=', true).execute();
      await db
        .insertInto('severity_mappings')
        .values({
          version,
          edition: input.edition,
          entries: JSON.stringify(input.entries),
          source: input.source,
          note_ja: input.note.ja,
          note_en: input.note.en,
          created_by: input.createdBy,
          created_at: at,
          active: true,
        })
        .execute();
      return { version, ...input, active: true, createdAt: at };
    },
  };
}

export type SeverityQueries = ReturnType<typeof severityQueries>;

export function createSeverityRepository(db: Db) {
  return {
    ...severityQueries(db),
    /** Runs `work` in one transaction; `trx` is handed on so audit events commit with the change. */
    async inTransaction<T>(work: (queries: SeverityQueries, trx: Db) => Promise<T>): Promise<T> {
      // Built over a caller's transaction (filing in one call), the work joins it.
      if (db.isTransaction) return work(severityQueries(db), db);
      return db.transaction().execute((trx) => work(severityQueries(trx), trx));
    },
  };
}

export type SeverityRepository = ReturnType<typeof createSeverityRepository>;
