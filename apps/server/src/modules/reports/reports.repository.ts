import type {
  AudienceEntry,
  ContactRole,
  HopMode,
  OrganizationKind,
  ReportFacts,
  ReportForms,
  ReportKind,
  ReportRoute,
  ReportStage,
  ReportStatus,
  TimelineKind,
  Tlp,
} from '@cipx/contracts';
import { sql, type Kysely, type Selectable, type SqlBool } from 'kysely';
import type { Database, ReportHopTable, ReportTable, ReportTimelineTable } from '../../platform/db/tables.js';
import { newId } from '../../shared/ids.js';
import type { Viewer } from '../../shared/viewer.js';
import { presentedOriginator, visibleTo } from '../access/index.js';
import type { Hop, RoutingSetting } from './report.js';

// The only file with Kysely queries for reports. Reads of reports filter with the access
// policy's `visibleTo` and present the originator with `presentedOriginator`; the raw
// originator stays inside `ReportRecord.hidden` for the service's own checks.

/** Routing choices stored with a draft (the `routing` column). */
export interface RoutingChoices {
  namedRecipients: string[];
  relayOrgId: string | null;
  consentOfficeOrgId: string | null;
  consentToForward: boolean;
}

export const NO_ROUTING_CHOICES: RoutingChoices = {
  namedRecipients: [],
  relayOrgId: null,
  consentOfficeOrgId: null,
  consentToForward: false,
};

export interface ReportRecord {
  id: string;
  number: string;
  editionId: string;
  facts: ReportFacts;
  status: ReportStatus;
  route: ReportRoute;
  routing: RoutingChoices;
  exercise: boolean;
  tlp: Tlp;
  anonymized: boolean;
  relayOrgId: string | null;
  audience: AudienceEntry[];
  createdAt: Date;
  updatedAt: Date;
  submittedAt: Date | null;
  version: number;
  severityOverall: number | null;
  /** The originator as this viewer may know it (the relay for hidden anonymized originators). */
  presentedOriginator: { id: string; nameJa: string; nameEn: string } | null;
  /** Whether the viewer acts for the originating organization. */
  viewerIsOriginator: boolean;
  /** Whether the viewer may know the originator (not anonymized, or originator / relay). */
  viewerKnowsOriginator: boolean;
  /** Never shown to a viewer who may not know the originator. */
  hidden: { originatorOrgId: string; authorUserId: string | null };
}

export interface TimelineRecord {
  id: string;
  seq: number;
  at: Date;
  kind: TimelineKind;
  actorUserId: string | null;
  actorOrgId: string | null;
  actorLabel: string | null;
  byOriginator: boolean;
  detail: Record<string, unknown>;
  stage: ReportStage | null;
}

export interface NewTimelineEntry {
  kind: TimelineKind;
  at: Date;
  actorUserId: string | null;
  actorOrgId: string | null;
  actorLabel: string | null;
  byOriginator: boolean;
  detail: Record<string, unknown>;
  stage?: ReportStage | null;
}

export interface ReportFilter {
  q?: string | undefined;
  sectorCode?: string | undefined;
  kind?: ReportKind | undefined;
  status?: ReportStatus | undefined;
  /** At least this overall severity; unrated reports are left out. */
  minSeverity?: number | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  exercise?: boolean | undefined;
  /** Only reports addressed to the viewer's organization that it did not originate. */
  inbox?: boolean | undefined;
}

/** Sort key of lists: newest first by creation, then id. */
export type ReportSortKey = readonly [createdAt: string, id: string];

type ReportRow = Selectable<ReportTable>;

function json<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

const iso = (value: Date | null): string | null => (value === null ? null : value.toISOString());

export function factsFromRow(row: ReportRow): ReportFacts {
  return {
    kind: row.kind,
    sectorCode: row.sector_code,
    service: row.service,
    title: row.title,
    description: row.description,
    language: row.language,
    cause: row.cause,
    systems: row.systems,
    occurredAt: iso(row.occurred_at),
    detectedAt: iso(row.detected_at),
    reportedAt: iso(row.reported_at),
    serviceImpact: row.service_impact,
    affectedPrefectures: row.affected_prefectures,
    affectedUsersEstimate: row.affected_users_estimate,
    expectedRestorationAt: iso(row.expected_restoration_at),
    safetyImpact: row.safety_impact,
    rsitClass: row.rsit_class,
    ncissLocation: row.nciss_location,
    ncissFunctionalImpact: row.nciss_functional_impact,
    ncissRecoverability: row.nciss_recoverability,
    euOutlook: row.eu_outlook,
    forms: json<ReportForms>(row.forms),
  };
}

function factColumns(facts: ReportFacts) {
  return {
    kind: facts.kind,
    sector_code: facts.sectorCode,
    service: facts.service,
    title: facts.title,
    description: facts.description,
    language: facts.language,
    cause: facts.cause,
    systems: facts.systems,
    occurred_at: facts.occurredAt,
    detected_at: facts.detectedAt,
    reported_at: facts.reportedAt,
    service_impact: facts.serviceImpact,
    affected_prefectures: facts.affectedPrefectures,
    affected_users_estimate: facts.affectedUsersEstimate,
    expected_restoration_at: facts.expectedRestorationAt,
    safety_impact: facts.safetyImpact,
    rsit_class: facts.rsitClass,
    nciss_location: facts.ncissLocation,
    nciss_functional_impact: facts.ncissFunctionalImpact,
    nciss_recoverability: facts.ncissRecoverability,
    eu_outlook: facts.euOutlook,
    forms: JSON.stringify(facts.forms),
  };
}

function routingFromJson(value: unknown): RoutingChoices {
  const raw = json<Partial<RoutingChoices>>(value);
  return { ...NO_ROUTING_CHOICES, ...raw };
}

type RecordRow = ReportRow & {
  presented_id: string | null;
  presented_name_ja: string | null;
  presented_name_en: string | null;
  viewer_is_originator: boolean;
};

function toRecord(row: RecordRow): ReportRecord {
  const viewerIsOriginator = Boolean(row.viewer_is_originator);
  return {
    id: row.id,
    number: row.number,
    editionId: row.edition_id,
    facts: factsFromRow(row),
    status: row.status,
    route: row.route,
    routing: routingFromJson(row.routing),
    exercise: row.exercise,
    tlp: row.tlp,
    anonymized: row.anonymized,
    relayOrgId: row.relay_org_id,
    audience: json<AudienceEntry[]>(row.audience),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    submittedAt: row.submitted_at,
    version: row.version,
    severityOverall: row.severity_overall,
    presentedOriginator:
      row.presented_id === null
        ? null
        : { id: row.presented_id, nameJa: row.presented_name_ja ?? '', nameEn: row.presented_name_en ?? '' },
    viewerIsOriginator,
    viewerKnowsOriginator: !row.anonymized || row.presented_id === row.originator_org_id,
    hidden: { originatorOrgId: row.originator_org_id, authorUserId: row.author_user_id },
  };
}

function toHop(row: Selectable<ReportHopTable>): Hop {
  return {
    seq: row.seq,
    fromOrgId: row.from_org_id,
    toOrgId: row.to_org_id,
    mode: row.mode,
    copy: row.copy,
    status: row.status,
    reviewMinutes: null,
    dueAt: row.due_at,
    forwardedAt: row.forwarded_at,
    forwardedBy: row.forwarded_by,
    acknowledgedAt: row.acknowledged_at,
    acknowledgedBy: row.acknowledged_by,
  };
}

function toTimeline(row: Selectable<ReportTimelineTable>): TimelineRecord {
  return {
    id: row.id,
    seq: row.seq,
    at: row.at,
    kind: row.kind,
    actorUserId: row.actor_user_id,
    actorOrgId: row.actor_org_id,
    actorLabel: row.actor_label,
    byOriginator: row.by_originator,
    detail: json<Record<string, unknown>>(row.detail),
    stage: row.stage,
  };
}

function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export interface NewReport {
  id: string;
  number: string;
  editionId: string;
  facts: ReportFacts;
  route: ReportRoute;
  routing: RoutingChoices;
  exercise: boolean;
  tlp: Tlp;
  originatorOrgId: string;
  authorUserId: string;
  at: Date;
}

export interface ReportChange {
  facts?: ReportFacts;
  route?: ReportRoute;
  routing?: RoutingChoices;
  exercise?: boolean;
  tlp?: Tlp;
  status?: ReportStatus;
  audience?: AudienceEntry[];
  relayOrgId?: string | null;
  anonymized?: boolean;
  submittedAt?: Date;
}

export interface ArrivalFacts {
  report: ReportRow;
  organization: {
    id: string;
    kind: OrganizationKind;
    sectorCode: string | null;
    nameJa: string;
    nameEn: string;
  };
  /** The originator as the recipient organization may know it. */
  presentedOriginator: { id: string; nameJa: string; nameEn: string } | null;
  contacts: { role: ContactRole; email: string | null; userId: string | null }[];
}

function reportQueries(db: Kysely<Database>) {
  function visibleReports(viewer: Viewer) {
    const presented = presentedOriginator(viewer, 'r');
    return db
      .selectFrom('reports as r')
      .leftJoin('organizations as po', (join) => join.on(sql<SqlBool>`po.id = ${presented}`))
      .selectAll('r')
      .select([
        presented.as('presented_id'),
        'po.name_ja as presented_name_ja',
        'po.name_en as presented_name_en',
        sql<boolean>`(r.originator_org_id = ${viewer.organizationId}::uuid)`.as('viewer_is_originator'),
      ])
      .where(visibleTo(viewer, 'r'));
  }

  return {
    async findVisible(viewer: Viewer, id: string): Promise<ReportRecord | undefined> {
      const row = await visibleReports(viewer).where('r.id', '=', id).executeTakeFirst();
      return row ? toRecord(row) : undefined;
    },

    /** Takes the report's row lock so concurrent writers of one report queue up; visibility is the caller's. */
    async lock(id: string): Promise<void> {
      await db.selectFrom('reports').select('id').where('id', '=', id).forUpdate().execute();
    },

    /** One page in (created_at desc, id desc); `limit + 1` rows are read so the caller knows if more follow. */
    async list(
      viewer: Viewer,
      filter: ReportFilter,
      after: ReportSortKey | undefined,
      limit: number | undefined,
    ): Promise<ReportRecord[]> {
      let query = visibleReports(viewer);
      if (filter.q !== undefined) {
        const pattern = likePattern(filter.q);
        query = query.where((eb) =>
          eb.or([
            eb('r.title', 'ilike', pattern),
            eb('r.description', 'ilike', pattern),
            eb('r.number', 'ilike', pattern),
          ]),
        );
      }
      if (filter.sectorCode !== undefined) query = query.where('r.sector_code', '=', filter.sectorCode);
      if (filter.kind !== undefined) query = query.where('r.kind', '=', filter.kind);
      if (filter.status !== undefined) query = query.where('r.status', '=', filter.status);
      if (filter.exercise !== undefined) query = query.where('r.exercise', '=', filter.exercise);
      if (filter.minSeverity !== undefined)
        query = query.where('r.severity_overall', '>=', filter.minSeverity);
      if (filter.from !== undefined) {
        query = query.where(sql<SqlBool>`coalesce(r.reported_at, r.created_at) >= ${filter.from}`);
      }
      if (filter.to !== undefined) {
        query = query.where(sql<SqlBool>`coalesce(r.reported_at, r.created_at) < ${filter.to}`);
      }
      if (filter.inbox) {
        query = query
          .where('r.status', '<>', 'draft')
          .where('r.originator_org_id', '<>', viewer.organizationId)
          .where(
            sql<SqlBool>`r.audience @> ${JSON.stringify([{ kind: 'organization', organizationId: viewer.organizationId }])}::jsonb`,
          );
      }
      if (after) {
        query = query.where(
          sql<SqlBool>`(r.created_at, r.id) < (${after[0]}::timestamptz, ${after[1]}::uuid)`,
        );
      }
      const rows = await query
        .orderBy('r.created_at', 'desc')
        .orderBy('r.id', 'desc')
        .$if(limit !== undefined, (qb) => qb.limit((limit ?? 0) + 1))
        .execute();
      return rows.map(toRecord);
    },

    async insert(report: NewReport): Promise<void> {
      await db
        .insertInto('reports')
        .values({
          id: report.id,
          number: report.number,
          edition_id: report.editionId,
          ...factColumns(report.facts),
          route: report.route,
          routing: JSON.stringify(report.routing),
          exercise: report.exercise,
          tlp: report.tlp,
          originator_org_id: report.originatorOrgId,
          author_user_id: report.authorUserId,
          created_at: report.at,
          updated_at: report.at,
        })
        .execute();
    },

    async nextNumberSequence(): Promise<number> {
      const { rows } = await sql<{ n: string }>`SELECT nextval('report_number_seq') AS n`.execute(db);
      return Number(rows[0]?.n);
    },

    /** Applies a change if the stored version is `expectedVersion`; returns the new version, or null on a conflict. */
    async update(
      id: string,
      expectedVersion: number,
      change: ReportChange,
      at: Date,
    ): Promise<number | null> {
      const row = await db
        .updateTable('reports')
        .set((eb) => ({
          ...(change.facts ? factColumns(change.facts) : {}),
          ...(change.route !== undefined ? { route: change.route } : {}),
          ...(change.routing !== undefined ? { routing: JSON.stringify(change.routing) } : {}),
          ...(change.exercise !== undefined ? { exercise: change.exercise } : {}),
          ...(change.tlp !== undefined ? { tlp: change.tlp } : {}),
          ...(change.status !== undefined ? { status: change.status } : {}),
          ...(change.audience !== undefined ? { audience: JSON.stringify(change.audience) } : {}),
          ...(change.relayOrgId !== undefined ? { relay_org_id: change.relayOrgId } : {}),
          ...(change.anonymized !== undefined ? { anonymized: change.anonymized } : {}),
          ...(change.submittedAt !== undefined ? { submitted_at: change.submittedAt } : {}),
          updated_at: at,
          version: eb('version', '+', 1),
        }))
        .where('id', '=', id)
        .where('version', '=', expectedVersion)
        .returning('version')
        .executeTakeFirst();
      return row ? row.version : null;
    },

    async currentVersion(id: string): Promise<number | undefined> {
      const row = await db.selectFrom('reports').select('version').where('id', '=', id).executeTakeFirst();
      return row?.version;
    },

    // --- hops ---------------------------------------------------------------------

    async listHops(reportId: string): Promise<Hop[]> {
      const rows = await db
        .selectFrom('report_hops')
        .selectAll()
        .where('report_id', '=', reportId)
        .orderBy('seq')
        .execute();
      return rows.map(toHop);
    },

    /** Writes hops as given (insert or replace by seq). */
    async saveHops(reportId: string, hops: readonly Hop[]): Promise<void> {
      if (hops.length === 0) return;
      await db
        .insertInto('report_hops')
        .values(
          hops.map((h) => ({
            report_id: reportId,
            seq: h.seq,
            from_org_id: h.fromOrgId,
            to_org_id: h.toOrgId,
            mode: h.mode,
            copy: h.copy,
            status: h.status,
            due_at: h.dueAt,
            forwarded_at: h.forwardedAt,
            forwarded_by: h.forwardedBy,
            acknowledged_at: h.acknowledgedAt,
            acknowledged_by: h.acknowledgedBy,
          })),
        )
        .onConflict((oc) =>
          oc.columns(['report_id', 'seq']).doUpdateSet((eb) => ({
            status: eb.ref('excluded.status'),
            due_at: eb.ref('excluded.due_at'),
            forwarded_at: eb.ref('excluded.forwarded_at'),
            forwarded_by: eb.ref('excluded.forwarded_by'),
            acknowledged_at: eb.ref('excluded.acknowledged_at'),
            acknowledged_by: eb.ref('excluded.acknowledged_by'),
          })),
        )
        .execute();
    },

    // --- timeline -----------------------------------------------------------------

    /** Appends entries after the last one; call with the report locked so seqs do not collide. */
    async appendTimeline(reportId: string, entries: readonly NewTimelineEntry[]): Promise<string[]> {
      if (entries.length === 0) return [];
      const last = await db
        .selectFrom('report_timeline')
        .select((eb) => eb.fn.max('seq').as('seq'))
        .where('report_id', '=', reportId)
        .executeTakeFirst();
      const start = Number(last?.seq ?? 0);
      const ids = entries.map(() => newId());
      await db
        .insertInto('report_timeline')
        .values(
          entries.map((e, i) => ({
            id: ids[i] as string,
            report_id: reportId,
            seq: start + i + 1,
            at: e.at,
            kind: e.kind,
            actor_user_id: e.actorUserId,
            actor_org_id: e.actorOrgId,
            actor_label: e.actorLabel,
            by_originator: e.byOriginator,
            detail: JSON.stringify(e.detail),
            stage: e.stage ?? null,
          })),
        )
        .execute();
      return ids;
    },

    /** The report's entries oldest first; only those of `kinds` when given. */
    async listTimeline(reportId: string, kinds?: readonly TimelineKind[]): Promise<TimelineRecord[]> {
      const rows = await db
        .selectFrom('report_timeline')
        .selectAll()
        .where('report_id', '=', reportId)
        .$if(kinds !== undefined, (qb) => qb.where('kind', 'in', [...(kinds ?? [])]))
        .orderBy('seq')
        .execute();
      return rows.map(toTimeline);
    },

    async findTimelineEntry(reportId: string, entryId: string): Promise<TimelineRecord | undefined> {
      const row = await db
        .selectFrom('report_timeline')
        .selectAll()
        .where('report_id', '=', reportId)
        .where('id', '=', entryId)
        .executeTakeFirst();
      return row ? toTimeline(row) : undefined;
    },

    // --- reference facts for routing ---------------------------------------------

    /** The current edition, its coordinator, and the responsible ministry of `sectorCode` in it. */
    async currentRouting(sectorCode: string | null): Promise<{
      editionId: string;
      coordinatorOrgId: string | null;
      sectorExists: boolean;
      ministryOrgId: string | null;
    }> {
      const edition = await db
        .selectFrom('editions as e')
        .leftJoin('edition_organizations as eo', (join) =>
          join.onRef('eo.edition_id', '=', 'e.id').on('eo.role', '=', 'coordinator'),
        )
        .select(['e.id', 'eo.organization_id'])
        .where('e.is_current', '=', true)
        .executeTakeFirst();
      if (!edition) throw new Error('no current reference edition: run the reference seed');
      const sector =
        sectorCode === null
          ? undefined
          : await db
              .selectFrom('sectors')
              .select('ministry_org_id')
              .where('edition_id', '=', edition.id)
              .where('code', '=', sectorCode)
              .executeTakeFirst();
      return {
        editionId: edition.id,
        coordinatorOrgId: edition.organization_id,
        sectorExists: sector !== undefined,
        ministryOrgId: sector?.ministry_org_id ?? null,
      };
    },

    async findOrganization(
      id: string,
    ): Promise<{ id: string; kind: OrganizationKind; sectorCode: string | null } | undefined> {
      const row = await db
        .selectFrom('organizations')
        .select(['id', 'kind', 'sector_code'])
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? { id: row.id, kind: row.kind, sectorCode: row.sector_code } : undefined;
    },

    /** The groups an organization may relay through: its CEPTOARs (as member), and every CIP supporting agency. */
    async relayCandidates(
      organizationId: string,
    ): Promise<{ id: string; kind: OrganizationKind; sectorCode: string | null }[]> {
      const rows = await db
        .selectFrom('organizations as o')
        .select(['o.id', 'o.kind', 'o.sector_code'])
        .where((eb) =>
          eb.or([
            eb('o.kind', '=', 'supporting_agency'),
            eb.and([
              eb('o.kind', '=', 'ceptoar'),
              eb.exists(
                eb
                  .selectFrom('memberships as m')
                  .select(sql.lit(1).as('one'))
                  .whereRef('m.group_id', '=', 'o.id')
                  .where('m.organization_id', '=', organizationId)
                  .where('m.relation', '=', 'member'),
              ),
            ]),
          ]),
        )
        .orderBy('o.slug')
        .execute();
      return rows.map((r) => ({ id: r.id, kind: r.kind, sectorCode: r.sector_code }));
    },

    /** Receiving offices of the consent route: ministries, and the current edition's police and privacy regulator. */
    async isConsentOffice(organizationId: string): Promise<boolean> {
      const row = await db
        .selectFrom('organizations as o')
        .select('o.id')
        .where('o.id', '=', organizationId)
        .where((eb) =>
          eb.or([
            eb('o.kind', '=', 'ministry'),
            eb.exists(
              eb
                .selectFrom('edition_organizations as eo')
                .innerJoin('editions as e', 'e.id', 'eo.edition_id')
                .select(sql.lit(1).as('one'))
                .whereRef('eo.organization_id', '=', 'o.id')
                .where('e.is_current', '=', true)
                .where('eo.role', 'in', ['crisis_management', 'privacy_regulator']),
            ),
          ]),
        )
        .executeTakeFirst();
      return row !== undefined;
    },

    /**
     * How many organizations could have filed through the relay — the anonymity set a recipient
     * who sees the relay (and the report's sector) guesses among: the relay's members, or for a
     * CIP supporting agency, which any operator may use, every operator; within `sectorCode`
     * when given. The reporter's own organization counts.
     */
    async relayCommunitySize(relayOrgId: string, sectorCode: string | null): Promise<number> {
      const relay = await db
        .selectFrom('organizations')
        .select('kind')
        .where('id', '=', relayOrgId)
        .executeTakeFirst();
      if (!relay) return 0;
      const row = await db
        .selectFrom('organizations as o')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('o.id', '<>', relayOrgId)
        .$if(sectorCode !== null, (qb) => qb.where('o.sector_code', '=', sectorCode))
        .where((eb) =>
          relay.kind === 'supporting_agency'
            ? eb.or([
                eb('o.kind', '=', 'operator'),
                eb.exists(
                  eb
                    .selectFrom('memberships as m')
                    .select(sql.lit(1).as('one'))
                    .whereRef('m.organization_id', '=', 'o.id')
                    .where('m.group_id', '=', relayOrgId)
                    .where('m.relation', '=', 'member'),
                ),
              ])
            : eb.exists(
                eb
                  .selectFrom('memberships as m')
                  .select(sql.lit(1).as('one'))
                  .whereRef('m.organization_id', '=', 'o.id')
                  .where('m.group_id', '=', relayOrgId)
                  .where('m.relation', '=', 'member'),
              ),
        )
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    async organizationNames(
      ids: readonly string[],
    ): Promise<Map<string, { nameJa: string; nameEn: string }>> {
      const names = new Map<string, { nameJa: string; nameEn: string }>();
      if (ids.length === 0) return names;
      const rows = await db
        .selectFrom('organizations')
        .select(['id', 'name_ja', 'name_en'])
        .where('id', 'in', [...ids])
        .execute();
      for (const r of rows) names.set(r.id, { nameJa: r.name_ja, nameEn: r.name_en });
      return names;
    },

    async findRoutingSetting(
      organizationId: string,
    ): Promise<{ setting: RoutingSetting; updatedAt: Date } | undefined> {
      const row = await db
        .selectFrom('routing_settings')
        .select(['mode', 'forward_within_minutes', 'updated_at'])
        .where('organization_id', '=', organizationId)
        .executeTakeFirst();
      return row
        ? {
            setting: { mode: row.mode, forwardWithinMinutes: row.forward_within_minutes },
            updatedAt: row.updated_at,
          }
        : undefined;
    },

    async routingSettings(organizationIds: readonly string[]): Promise<Map<string, RoutingSetting>> {
      const settings = new Map<string, RoutingSetting>();
      if (organizationIds.length === 0) return settings;
      const rows = await db
        .selectFrom('routing_settings')
        .select(['organization_id', 'mode', 'forward_within_minutes'])
        .where('organization_id', 'in', [...organizationIds])
        .execute();
      for (const r of rows) {
        settings.set(r.organization_id, { mode: r.mode, forwardWithinMinutes: r.forward_within_minutes });
      }
      return settings;
    },

    async setRoutingSetting(
      organizationId: string,
      mode: HopMode,
      forwardWithinMinutes: number,
      at: Date,
    ): Promise<void> {
      await db
        .insertInto('routing_settings')
        .values({
          organization_id: organizationId,
          mode,
          forward_within_minutes: forwardWithinMinutes,
          updated_at: at,
        })
        .onConflict((oc) =>
          oc
            .column('organization_id')
            .doUpdateSet({ mode, forward_within_minutes: forwardWithinMinutes, updated_at: at }),
        )
        .execute();
    },

    async existingUsers(ids: readonly string[]): Promise<Set<string>> {
      if (ids.length === 0) return new Set();
      const rows = await db
        .selectFrom('users')
        .select('id')
        .where('id', 'in', [...ids])
        .execute();
      return new Set(rows.map((r) => r.id));
    },

    // --- arrival notices ------------------------------------------------------------

    async arrivalFacts(reportId: string, organizationId: string): Promise<ArrivalFacts | undefined> {
      const report = await db.selectFrom('reports').selectAll().where('id', '=', reportId).executeTakeFirst();
      const organization = await db
        .selectFrom('organizations')
        .select(['id', 'kind', 'sector_code', 'name_ja', 'name_en'])
        .where('id', '=', organizationId)
        .executeTakeFirst();
      if (!report || !organization) return undefined;
      const knows =
        !report.anonymized ||
        organizationId === report.originator_org_id ||
        organizationId === report.relay_org_id;
      const presentedId = knows ? report.originator_org_id : report.relay_org_id;
      const presented =
        presentedId === null
          ? undefined
          : await db
              .selectFrom('organizations')
              .select(['id', 'name_ja', 'name_en'])
              .where('id', '=', presentedId)
              .executeTakeFirst();
      const contacts = await db
        .selectFrom('contacts')
        .select(['role', 'email', 'user_id'])
        .where('organization_id', '=', organizationId)
        .execute();
      return {
        report,
        organization: {
          id: organization.id,
          kind: organization.kind,
          sectorCode: organization.sector_code,
          nameJa: organization.name_ja,
          nameEn: organization.name_en,
        },
        presentedOriginator: presented
          ? { id: presented.id, nameJa: presented.name_ja, nameEn: presented.name_en }
          : null,
        contacts: contacts.map((c) => ({ role: c.role, email: c.email, userId: c.user_id })),
      };
    },
  };
}

export type ReportQueries = ReturnType<typeof reportQueries>;

export function createReportsRepository(db: Kysely<Database>) {
  return {
    ...reportQueries(db),
    /**
     * Runs `work` in one transaction with the queries bound to it; `trx` is handed on
     * unopened so audit events and outbox jobs commit (or roll back) with the change.
     */
    async inTransaction<T>(work: (queries: ReportQueries, trx: Kysely<Database>) => Promise<T>): Promise<T> {
      // Built over a caller's transaction, the work joins it rather than nesting one.
      if (db.isTransaction) return work(reportQueries(db), db);
      return db.transaction().execute((trx) => work(reportQueries(trx), trx));
    },
  };
}

export type ReportsRepository = ReturnType<typeof createReportsRepository>;
