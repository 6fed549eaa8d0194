import {
  CONTACT_ROLES,
  type ContactRole,
  type MembershipRelation,
  type OrganizationKind,
} from '@cipx/contracts';
import { sql, type Kysely, type RawBuilder, type Selectable, type SqlBool } from 'kysely';
import type { ContactTable, Database, OrganizationTable } from '../../platform/db/tables.js';
import { newId } from '../../shared/ids.js';
import {
  OVERSEEING_KINDS,
  STRUCTURAL_KINDS,
  type ContactFields,
  type ContactRecord,
  type MembershipRecord,
  type OrganizationRecord,
} from './organization.js';
import type { DirectoryViewer } from './visibility.js';

// --- the visibility rule as SQL (the pure twin is visibility.ts) ------------------------

const kinds = (list: readonly OrganizationKind[]) => sql.join(list.map((k) => sql.lit(k)));

/**
 * True where `viewer` may see the organization aliased `alias`. The one predicate every
 * directory read (list, detail, export) filters with.
 */
export function organizationVisible(viewer: DirectoryViewer, alias = 'o'): RawBuilder<SqlBool> {
  const id = sql.ref(`${alias}.id`);
  return sql<SqlBool>`(${sql.ref(`${alias}.kind`)} in (${kinds(STRUCTURAL_KINDS)})
    or ${viewer.organizationKind}::text in (${kinds(OVERSEEING_KINDS)})
    or ${id} = ${viewer.organizationId}::uuid
    or exists (select 1 from memberships vis_m
               where vis_m.organization_id = ${id} and vis_m.group_id = ${viewer.organizationId}::uuid))`;
}

/** True where `viewer` may see the contact points of the organization aliased `alias`. */
export function contactsVisible(viewer: DirectoryViewer, alias = 'o'): RawBuilder<SqlBool> {
  const id = sql.ref(`${alias}.id`);
  return sql<SqlBool>`(${id} = ${viewer.organizationId}::uuid
    or ${viewer.organizationKind}::text = 'coordinator'
    or exists (select 1 from memberships vis_c
               where vis_c.organization_id = ${id} and vis_c.group_id = ${viewer.organizationId}::uuid)
    or (${viewer.organizationKind}::text = 'ministry' and exists (
          select 1 from sectors vis_s join editions vis_e on vis_e.id = vis_s.edition_id
          where vis_e.is_current and vis_s.code = ${sql.ref(`${alias}.sector_code`)}
            and vis_s.ministry_org_id = ${viewer.organizationId}::uuid)))`;
}

// --- rows → domain -------------------------------------------------------------

type OrganizationRow = Selectable<OrganizationTable>;

function toOrganization(row: OrganizationRow): OrganizationRecord {
  return {
    id: row.id,
    slug: row.slug,
    kind: row.kind,
    nameJa: row.name_ja,
    nameEn: row.name_en,
    sectorCode: row.sector_code,
    memberKind: row.member_kind,
    prefectureCode: row.prefecture_code,
    synthetic: row.synthetic,
    validFrom: dateOnly(row.valid_from),
    validTo: dateOnly(row.valid_to),
    updatedAt: row.updated_at,
  };
}

// pg returns `date` as a local-midnight Date; the directory speaks ISO dates.
function dateOnly(value: string | Date | null): string | null {
  if (value === null) return null;
  if (typeof value === 'string') return value.slice(0, 10);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
}

function toContact(row: Selectable<ContactTable>): ContactRecord {
  return {
    id: row.id,
    organizationId: row.organization_id,
    role: row.role,
    nameJa: row.name_ja,
    nameEn: row.name_en,
    email: row.email,
    phone: row.phone,
    mobile: row.mobile,
    fax: row.fax,
    updatedAt: row.updated_at,
  };
}

const ORGANIZATION_COLUMNS = [
  'o.id',
  'o.slug',
  'o.kind',
  'o.name_ja',
  'o.name_en',
  'o.sector_code',
  'o.member_kind',
  'o.prefecture_code',
  'o.synthetic',
  'o.valid_from',
  'o.valid_to',
  'o.created_at',
  'o.updated_at',
] as const;

/** Contact points in the vocabulary's order: whom to call first. */
const ROLE_ORDER = sql<number>`case c.role ${sql.join(
  CONTACT_ROLES.map((role, i) => sql`when ${sql.lit(role)} then ${sql.lit(i)}`),
  sql` `,
)} end`;

function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

// --- the repository --------------------------------------------------------------

export interface OrganizationFilter {
  q?: string | undefined;
  kind?: OrganizationKind | undefined;
  sectorCode?: string | undefined;
  groupId?: string | undefined;
  relation?: MembershipRelation | undefined;
}

/** Sort key of the list: English name in byte order, then id, so cursors are stable on both databases. */
export type OrganizationSortKey = readonly [nameEn: string, id: string];

export interface OrganizationWrite {
  id: string;
  slug: string;
  kind: OrganizationKind;
  nameJa: string;
  nameEn: string;
  sectorCode: string | null;
  memberKind: string | null;
  prefectureCode: string | null;
}

export interface ContactWrite extends ContactFields {
  organizationId: string;
  role: ContactRole;
}

export interface MembershipExportRow {
  organizationSlug: string;
  groupSlug: string;
  relation: MembershipRelation;
}

export interface ContactExportRow extends ContactFields {
  organizationId: string;
  organizationSlug: string;
  role: ContactRole;
}

const CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

function directoryQueries(db: Kysely<Database>) {
  function visibleOrganizations(viewer: DirectoryViewer) {
    return db
      .selectFrom('organizations as o')
      .select(ORGANIZATION_COLUMNS)
      .where(organizationVisible(viewer));
  }

  return {
    /** One page in (name_en byte order, id); `limit + 1` rows are read so the caller knows if more follow. */
    async listOrganizations(
      viewer: DirectoryViewer,
      filter: OrganizationFilter,
      after: OrganizationSortKey | undefined,
      limit: number,
    ): Promise<OrganizationRecord[]> {
      let query = visibleOrganizations(viewer);
      if (filter.q !== undefined) {
        const pattern = likePattern(filter.q);
        query = query.where((eb) =>
          eb.or([eb('o.name_ja', 'ilike', pattern), eb('o.name_en', 'ilike', pattern)]),
        );
      }
      if (filter.kind !== undefined) query = query.where('o.kind', '=', filter.kind);
      if (filter.sectorCode !== undefined) query = query.where('o.sector_code', '=', filter.sectorCode);
      if (filter.groupId !== undefined) {
        const groupId = filter.groupId;
        const relation = filter.relation;
        query = query.where((eb) =>
          eb.exists(
            eb
              .selectFrom('memberships as gm')
              .select(sql.lit(1).as('one'))
              .whereRef('gm.organization_id', '=', 'o.id')
              .where('gm.group_id', '=', groupId)
              .$if(relation !== undefined, (qb) =>
                qb.where('gm.relation', '=', relation as MembershipRelation),
              ),
          ),
        );
      }
      if (after) {
        query = query.where(
          sql<SqlBool>`(o.name_en collate "C", o.id) > (${after[0]}::text collate "C", ${after[1]}::uuid)`,
        );
      }
      const rows = await query
        .orderBy(sql`o.name_en collate "C"`)
        .orderBy('o.id')
        .limit(limit + 1)
        .execute();
      return rows.map(toOrganization);
    },

    async findVisibleOrganization(
      viewer: DirectoryViewer,
      idOrSlug: { id: string } | { slug: string },
    ): Promise<(OrganizationRecord & { contactsVisible: boolean }) | undefined> {
      const row = await visibleOrganizations(viewer)
        .select(contactsVisible(viewer).as('contacts_visible'))
        .$if('id' in idOrSlug, (qb) => qb.where('o.id', '=', (idOrSlug as { id: string }).id))
        .$if('slug' in idOrSlug, (qb) => qb.where('o.slug', '=', (idOrSlug as { slug: string }).slug))
        .executeTakeFirst();
      return row ? { ...toOrganization(row), contactsVisible: Boolean(row.contacts_visible) } : undefined;
    },

    /** The groups `organizationId` belongs to that `viewer` may see. */
    async listGroupsOf(
      viewer: DirectoryViewer,
      organizationId: string,
    ): Promise<{ group: OrganizationRecord; relation: MembershipRelation }[]> {
      const rows = await visibleOrganizations(viewer)
        .innerJoin('memberships as m', 'm.group_id', 'o.id')
        .select('m.relation')
        .where('m.organization_id', '=', organizationId)
        .orderBy('o.slug')
        .execute();
      return rows.map((row) => ({ group: toOrganization(row), relation: row.relation }));
    },

    async countMembers(groupId: string): Promise<{ member: number; sharingScope: number }> {
      const rows = await db
        .selectFrom('memberships')
        .select(['relation', (eb) => eb.fn.countAll<string>().as('n')])
        .where('group_id', '=', groupId)
        .groupBy('relation')
        .execute();
      const count = (relation: MembershipRelation) =>
        Number(rows.find((r) => r.relation === relation)?.n ?? 0);
      return { member: count('member'), sharingScope: count('sharing_scope') };
    },

    async listContacts(organizationId: string): Promise<ContactRecord[]> {
      const rows = await db
        .selectFrom('contacts as c')
        .selectAll('c')
        .where('c.organization_id', '=', organizationId)
        .orderBy(ROLE_ORDER)
        .execute();
      return rows.map(toContact);
    },

    /** Insert or replace one contact point; `created` tells which. */
    async upsertContact(
      input: ContactWrite,
      now: Date,
    ): Promise<{ contact: ContactRecord; created: boolean }> {
      const id = newId();
      const row = await db
        .insertInto('contacts')
        .values({
          id,
          organization_id: input.organizationId,
          role: input.role,
          name_ja: input.nameJa,
          name_en: input.nameEn,
          email: input.email,
          phone: input.phone,
          mobile: input.mobile,
          fax: input.fax,
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) =>
          oc.columns(['organization_id', 'role']).doUpdateSet((eb) => ({
            name_ja: eb.ref('excluded.name_ja'),
            name_en: eb.ref('excluded.name_en'),
            email: eb.ref('excluded.email'),
            phone: eb.ref('excluded.phone'),
            mobile: eb.ref('excluded.mobile'),
            fax: eb.ref('excluded.fax'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .returningAll()
        .executeTakeFirstOrThrow();
      return { contact: toContact(row), created: row.id === id };
    },

    // --- bulk reads and writes for CSV import ----------------------------------------

    async findOrganizationsBySlugs(slugs: readonly string[]): Promise<Map<string, OrganizationRecord>> {
      const found = new Map<string, OrganizationRecord>();
      for (const part of chunks([...new Set(slugs)])) {
        const rows = await db
          .selectFrom('organizations as o')
          .select(ORGANIZATION_COLUMNS)
          .where(sql<SqlBool>`o.slug = any(${part}::text[])`)
          .execute();
        for (const row of rows) found.set(row.slug, toOrganization(row));
      }
      return found;
    },

    async listSectorCodes(): Promise<Set<string>> {
      const rows = await db.selectFrom('sectors').select('code').distinct().execute();
      return new Set(rows.map((r) => r.code));
    },

    async findMemberships(organizationIds: readonly string[]): Promise<MembershipRecord[]> {
      const out: MembershipRecord[] = [];
      for (const part of chunks([...new Set(organizationIds)])) {
        const rows = await db
          .selectFrom('memberships')
          .select(['organization_id', 'group_id', 'relation'])
          .where(sql<SqlBool>`organization_id = any(${part}::uuid[])`)
          .execute();
        for (const row of rows) {
          out.push({ organizationId: row.organization_id, groupId: row.group_id, relation: row.relation });
        }
      }
      return out;
    },

    async findContacts(organizationIds: readonly string[]): Promise<ContactRecord[]> {
      const out: ContactRecord[] = [];
      for (const part of chunks([...new Set(organizationIds)])) {
        const rows = await db
          .selectFrom('contacts as c')
          .selectAll('c')
          .where(sql<SqlBool>`c.organization_id = any(${part}::uuid[])`)
          .execute();
        out.push(...rows.map(toContact));
      }
      return out;
    },

    /** Insert new organizations or update existing ones by slug. */
    async upsertOrganizations(rows: readonly OrganizationWrite[], now: Date): Promise<void> {
      for (const part of chunks(rows)) {
        await db
          .insertInto('organizations')
          .values(
            part.map((r) => ({
              id: r.id,
              slug: r.slug,
              kind: r.kind,
              name_ja: r.nameJa,
              name_en: r.nameEn,
              sector_code: r.sectorCode,
              member_kind: r.memberKind,
              prefecture_code: r.prefectureCode,
              created_at: now,
              updated_at: now,
            })),
          )
          .onConflict((oc) =>
            oc.column('slug').doUpdateSet((eb) => ({
              kind: eb.ref('excluded.kind'),
              name_ja: eb.ref('excluded.name_ja'),
              name_en: eb.ref('excluded.name_en'),
              sector_code: eb.ref('excluded.sector_code'),
              member_kind: eb.ref('excluded.member_kind'),
              prefecture_code: eb.ref('excluded.prefecture_code'),
              updated_at: eb.ref('excluded.updated_at'),
            })),
          )
          .execute();
      }
    },

    async upsertMemberships(rows: readonly MembershipRecord[], now: Date): Promise<void> {
      for (const part of chunks(rows)) {
        await db
          .insertInto('memberships')
          .values(
            part.map((r) => ({
              organization_id: r.organizationId,
              group_id: r.groupId,
              relation: r.relation,
              created_at: now,
            })),
          )
          .onConflict((oc) =>
            oc
              .columns(['organization_id', 'group_id'])
              .doUpdateSet((eb) => ({ relation: eb.ref('excluded.relation') })),
          )
          .execute();
      }
    },

    /** Returns the ids of the written contact rows (new or existing). */
    async upsertContacts(rows: readonly ContactWrite[], now: Date): Promise<string[]> {
      const ids: string[] = [];
      for (const part of chunks(rows)) {
        const written = await db
          .insertInto('contacts')
          .values(
            part.map((r) => ({
              id: newId(),
              organization_id: r.organizationId,
              role: r.role,
              name_ja: r.nameJa,
              name_en: r.nameEn,
              email: r.email,
              phone: r.phone,
              mobile: r.mobile,
              fax: r.fax,
              created_at: now,
              updated_at: now,
            })),
          )
          .onConflict((oc) =>
            oc.columns(['organization_id', 'role']).doUpdateSet((eb) => ({
              name_ja: eb.ref('excluded.name_ja'),
              name_en: eb.ref('excluded.name_en'),
              email: eb.ref('excluded.email'),
              phone: eb.ref('excluded.phone'),
              mobile: eb.ref('excluded.mobile'),
              fax: eb.ref('excluded.fax'),
              updated_at: eb.ref('excluded.updated_at'),
            })),
          )
          .returning('id')
          .execute();
        ids.push(...written.map((w) => w.id));
      }
      return ids;
    },

    // --- export (same visibility predicates) ---------------------------------------

    async exportOrganizations(
      viewer: DirectoryViewer,
      groupId: string | undefined,
    ): Promise<OrganizationRecord[]> {
      const rows = await visibleOrganizations(viewer)
        .$if(groupId !== undefined, (qb) =>
          qb.where((eb) =>
            eb.exists(
              eb
                .selectFrom('memberships as gm')
                .select(sql.lit(1).as('one'))
                .whereRef('gm.organization_id', '=', 'o.id')
                .where('gm.group_id', '=', groupId as string),
            ),
          ),
        )
        .orderBy('o.slug')
        .execute();
      return rows.map(toOrganization);
    },

    /** A membership is visible with its organization (the groups themselves are structural). */
    async exportMemberships(
      viewer: DirectoryViewer,
      groupId: string | undefined,
    ): Promise<MembershipExportRow[]> {
      const rows = await db
        .selectFrom('memberships as m')
        .innerJoin('organizations as o', 'o.id', 'm.organization_id')
        .innerJoin('organizations as g', 'g.id', 'm.group_id')
        .select(['o.slug as organization_slug', 'g.slug as group_slug', 'm.relation'])
        .where(organizationVisible(viewer, 'o'))
        .where(organizationVisible(viewer, 'g'))
        .$if(groupId !== undefined, (qb) => qb.where('m.group_id', '=', groupId as string))
        .orderBy('g.slug')
        .orderBy('o.slug')
        .execute();
      return rows.map((r) => ({
        organizationSlug: r.organization_slug,
        groupSlug: r.group_slug,
        relation: r.relation,
      }));
    },

    async exportContacts(viewer: DirectoryViewer, groupId: string | undefined): Promise<ContactExportRow[]> {
      const rows = await db
        .selectFrom('contacts as c')
        .innerJoin('organizations as o', 'o.id', 'c.organization_id')
        .select([
          'o.id',
          'o.slug',
          'c.role',
          'c.name_ja',
          'c.name_en',
          'c.email',
          'c.phone',
          'c.mobile',
          'c.fax',
        ])
        .where(contactsVisible(viewer, 'o'))
        .$if(groupId !== undefined, (qb) =>
          qb.where((eb) =>
            eb.exists(
              eb
                .selectFrom('memberships as gm')
                .select(sql.lit(1).as('one'))
                .whereRef('gm.organization_id', '=', 'o.id')
                .where('gm.group_id', '=', groupId as string),
            ),
          ),
        )
        .orderBy('o.slug')
        .orderBy(ROLE_ORDER)
        .execute();
      return rows.map((r) => ({
        organizationId: r.id,
        organizationSlug: r.slug,
        role: r.role,
        nameJa: r.name_ja,
        nameEn: r.name_en,
        email: r.email,
        phone: r.phone,
        mobile: r.mobile,
        fax: r.fax,
      }));
    },
  };
}

export type DirectoryQueries = ReturnType<typeof directoryQueries>;

export function createDirectoryRepository(db: Kysely<Database>) {
  return {
    ...directoryQueries(db),
    /**
     * Runs `work` in one transaction with the queries bound to it; `trx` is handed on
     * unopened so the audit event commits (or rolls back) with the change.
     */
    async inTransaction<T>(
      work: (queries: DirectoryQueries, trx: Kysely<Database>) => Promise<T>,
    ): Promise<T> {
      return db.transaction().execute((trx) => work(directoryQueries(trx), trx));
    },
  };
}

export type DirectoryRepository = ReturnType<typeof createDirectoryRepository>;
