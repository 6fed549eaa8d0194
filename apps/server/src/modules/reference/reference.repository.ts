import type {
  BilingualName,
  MemberCounts,
  MembershipRelation,
  OrganizationKind,
  ReferenceOrganization,
} from '@cipx/contracts';
import { sql, type Kysely } from 'kysely';
import type { Database, EditionOrganizationRole } from '../../platform/db/tables.js';
import type { DemoContact, DemoOrganization } from './demo.js';
import { orgIdForSlug, type EditionData, type ReferenceOrganizationData } from './edition.js';

// Dates are read as text: the pg driver would turn a `date` into a local-midnight Date.

type Executor = Kysely<Database>;

/** Rows per INSERT: well under PostgreSQL's 65,535 bind parameters for every table here. */
const BATCH = 1000;

function chunks<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += BATCH) out.push(rows.slice(i, i + BATCH));
  return out;
}

const changed = (result: { numInsertedOrUpdatedRows?: bigint } | undefined): number =>
  Number(result?.numInsertedOrUpdatedRows ?? 0n);

// --- writes (seeding) --------------------------------------------------------

/**
 * Inserts or updates reference organizations; rows whose values already match are
 * left untouched (updated_at too). Returns the number of rows written.
 */
export async function upsertReferenceOrganizations(
  db: Executor,
  organizations: readonly ReferenceOrganizationData[],
): Promise<number> {
  if (organizations.length === 0) return 0;
  const result = await db
    .insertInto('organizations')
    .values(
      organizations.map((o) => ({
        id: orgIdForSlug(o.slug),
        slug: o.slug,
        kind: o.kind,
        name_ja: o.name.ja,
        name_en: o.name.en,
        sector_code: o.sectorCode,
        member_kind: null,
        prefecture_code: null,
        synthetic: o.synthetic,
        valid_from: o.validFrom,
        valid_to: o.validTo,
      })),
    )
    .onConflict((oc) =>
      oc
        .column('id')
        .doUpdateSet((eb) => ({
          slug: eb.ref('excluded.slug'),
          kind: eb.ref('excluded.kind'),
          name_ja: eb.ref('excluded.name_ja'),
          name_en: eb.ref('excluded.name_en'),
          sector_code: eb.ref('excluded.sector_code'),
          synthetic: eb.ref('excluded.synthetic'),
          valid_from: eb.ref('excluded.valid_from'),
          valid_to: eb.ref('excluded.valid_to'),
          updated_at: sql`now()`,
        }))
        .where(
          sql<boolean>`(organizations.slug, organizations.kind, organizations.name_ja, organizations.name_en,
            organizations.sector_code, organizations.synthetic, organizations.valid_from, organizations.valid_to)
            IS DISTINCT FROM (excluded.slug, excluded.kind, excluded.name_ja, excluded.name_en,
            excluded.sector_code, excluded.synthetic, excluded.valid_from, excluded.valid_to)`,
        ),
    )
    .executeTakeFirst();
  return changed(result);
}

export async function upsertEdition(db: Executor, edition: EditionData): Promise<number> {
  const result = await db
    .insertInto('editions')
    .values({
      id: edition.id,
      name_ja: edition.name.ja,
      name_en: edition.name.en,
      as_of: edition.asOf,
      source: edition.source,
      is_current: edition.isCurrent,
      sort_order: edition.sortOrder,
    })
    .onConflict((oc) =>
      oc
        .column('id')
        .doUpdateSet((eb) => ({
          name_ja: eb.ref('excluded.name_ja'),
          name_en: eb.ref('excluded.name_en'),
          as_of: eb.ref('excluded.as_of'),
          source: eb.ref('excluded.source'),
          is_current: eb.ref('excluded.is_current'),
          sort_order: eb.ref('excluded.sort_order'),
        }))
        .where(
          sql<boolean>`(editions.name_ja, editions.name_en, editions.as_of, editions.source,
            editions.is_current, editions.sort_order) IS DISTINCT FROM (excluded.name_ja, excluded.name_en,
            excluded.as_of, excluded.source, excluded.is_current, excluded.sort_order)`,
        ),
    )
    .executeTakeFirst();
  return changed(result);
}

export async function upsertSectors(db: Executor, edition: EditionData): Promise<number> {
  const result = await db
    .insertInto('sectors')
    .values(
      edition.sectors.map((s, i) => ({
        edition_id: edition.id,
        code: s.code,
        name_ja: s.name.ja,
        name_en: s.name.en,
        ministry_org_id: orgIdForSlug(s.ministry),
        sort_order: i + 1,
        designated_on: s.designatedOn,
      })),
    )
    .onConflict((oc) =>
      oc
        .columns(['edition_id', 'code'])
        .doUpdateSet((eb) => ({
          name_ja: eb.ref('excluded.name_ja'),
          name_en: eb.ref('excluded.name_en'),
          ministry_org_id: eb.ref('excluded.ministry_org_id'),
          sort_order: eb.ref('excluded.sort_order'),
          designated_on: eb.ref('excluded.designated_on'),
        }))
        .where(
          sql<boolean>`(sectors.name_ja, sectors.name_en, sectors.ministry_org_id, sectors.sort_order,
            sectors.designated_on) IS DISTINCT FROM (excluded.name_ja, excluded.name_en,
            excluded.ministry_org_id, excluded.sort_order, excluded.designated_on)`,
        ),
    )
    .executeTakeFirst();
  return changed(result);
}

export async function upsertCeptoarProfiles(db: Executor, edition: EditionData): Promise<number> {
  const result = await db
    .insertInto('ceptoar_profiles')
    .values(
      edition.ceptoars.map((p, i) => ({
        edition_id: edition.id,
        organization_id: orgIdForSlug(p.ceptoar),
        sector_code: p.sectorCode,
        service_ja: p.service.ja,
        service_en: p.service.en,
        member_counts: JSON.stringify(p.memberCounts),
        scope_counts: JSON.stringify(p.scopeCounts),
        scope_note_ja: p.scopeNote?.ja ?? null,
        scope_note_en: p.scopeNote?.en ?? null,
        counts_known: p.countsKnown,
        sort_order: i + 1,
      })),
    )
    .onConflict((oc) =>
      oc
        .columns(['edition_id', 'organization_id'])
        .doUpdateSet((eb) => ({
          sector_code: eb.ref('excluded.sector_code'),
          service_ja: eb.ref('excluded.service_ja'),
          service_en: eb.ref('excluded.service_en'),
          member_counts: eb.ref('excluded.member_counts'),
          scope_counts: eb.ref('excluded.scope_counts'),
          scope_note_ja: eb.ref('excluded.scope_note_ja'),
          scope_note_en: eb.ref('excluded.scope_note_en'),
          counts_known: eb.ref('excluded.counts_known'),
          sort_order: eb.ref('excluded.sort_order'),
        }))
        .where(
          sql<boolean>`(ceptoar_profiles.sector_code, ceptoar_profiles.service_ja, ceptoar_profiles.service_en,
            ceptoar_profiles.member_counts, ceptoar_profiles.scope_counts, ceptoar_profiles.scope_note_ja,
            ceptoar_profiles.scope_note_en, ceptoar_profiles.counts_known, ceptoar_profiles.sort_order)
            IS DISTINCT FROM (excluded.sector_code, excluded.service_ja, excluded.service_en,
            excluded.member_counts, excluded.scope_counts, excluded.scope_note_ja, excluded.scope_note_en,
            excluded.counts_known, excluded.sort_order)`,
        ),
    )
    .executeTakeFirst();
  return changed(result);
}

/** Makes the edition's coordinator and related organizations exactly those given. */
export async function replaceEditionOrganizations(
  db: Executor,
  editionId: string,
  entries: readonly { slug: string; role: EditionOrganizationRole }[],
): Promise<number> {
  const wanted = entries.map((e, i) => ({
    edition_id: editionId,
    organization_id: orgIdForSlug(e.slug),
    role: e.role,
    sort_order: i + 1,
  }));
  const wantedKeys = new Set(wanted.map((w) => `${w.organization_id}/${w.role}`));
  const existing = await db
    .selectFrom('edition_organizations')
    .select(['organization_id', 'role'])
    .where('edition_id', '=', editionId)
    .execute();
  let count = 0;
  // Stale rows go first: the one-coordinator index would refuse a new coordinator beside the old.
  for (const row of existing) {
    if (wantedKeys.has(`${row.organization_id}/${row.role}`)) continue;
    const deleted = await db
      .deleteFrom('edition_organizations')
      .where('edition_id', '=', editionId)
      .where('organization_id', '=', row.organization_id)
      .where('role', '=', row.role)
      .executeTakeFirst();
    count += Number(deleted.numDeletedRows);
  }
  if (wanted.length === 0) return count;
  const result = await db
    .insertInto('edition_organizations')
    .values(wanted)
    .onConflict((oc) =>
      oc
        .columns(['edition_id', 'organization_id', 'role'])
        .doUpdateSet((eb) => ({ sort_order: eb.ref('excluded.sort_order') }))
        .where(sql<boolean>`edition_organizations.sort_order IS DISTINCT FROM excluded.sort_order`),
    )
    .executeTakeFirst();
  return count + changed(result);
}

/** Adds memberships that are missing; never removes any (people may add members later). */
export async function insertMemberships(
  db: Executor,
  memberships: readonly { organizationId: string; groupId: string; relation: MembershipRelation }[],
): Promise<number> {
  let count = 0;
  for (const batch of chunks(memberships)) {
    const result = await db
      .insertInto('memberships')
      .values(
        batch.map((m) => ({ organization_id: m.organizationId, group_id: m.groupId, relation: m.relation })),
      )
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    count += changed(result);
  }
  return count;
}

export async function insertDemoOrganizations(
  db: Executor,
  organizations: readonly DemoOrganization[],
): Promise<number> {
  let count = 0;
  for (const batch of chunks(organizations)) {
    const result = await db
      .insertInto('organizations')
      .values(
        batch.map((o) => ({
          id: o.id,
          slug: o.slug,
          kind: 'operator' as const,
          name_ja: o.name.ja,
          name_en: o.name.en,
          sector_code: o.sectorCode,
          member_kind: o.memberKind,
          prefecture_code: o.prefectureCode,
          synthetic: true,
          valid_from: null,
          valid_to: null,
        })),
      )
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    count += changed(result);
  }
  return count;
}

export async function insertDemoContacts(db: Executor, contacts: readonly DemoContact[]): Promise<number> {
  let count = 0;
  for (const batch of chunks(contacts)) {
    const result = await db
      .insertInto('contacts')
      .values(
        batch.map((c) => ({
          id: c.id,
          organization_id: c.organizationId,
          role: c.role,
          name_ja: c.name.ja,
          name_en: c.name.en,
          email: c.email,
          phone: null,
          mobile: null,
          fax: null,
          user_id: null,
        })),
      )
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    count += changed(result);
  }
  return count;
}

/** How many of these organizations, their memberships and their contacts exist already. */
export async function countExisting(
  db: Executor,
  organizationIds: readonly string[],
): Promise<{ organizations: number; memberships: number; contacts: number }> {
  if (organizationIds.length === 0) return { organizations: 0, memberships: 0, contacts: 0 };
  const ids = sql`${[...organizationIds]}::uuid[]`;
  const row = await db
    .selectNoFrom((eb) => [
      eb
        .selectFrom('organizations')
        .select(eb.fn.countAll<string>().as('n'))
        .where(sql<boolean>`id = ANY(${ids})`)
        .as('organizations'),
      eb
        .selectFrom('memberships')
        .select(eb.fn.countAll<string>().as('n'))
        .where(sql<boolean>`organization_id = ANY(${ids})`)
        .as('memberships'),
      eb
        .selectFrom('contacts')
        .select(eb.fn.countAll<string>().as('n'))
        .where(sql<boolean>`organization_id = ANY(${ids})`)
        .as('contacts'),
    ])
    .executeTakeFirstOrThrow();
  return {
    organizations: Number(row.organizations),
    memberships: Number(row.memberships),
    contacts: Number(row.contacts),
  };
}

export async function analyzeDirectory(db: Executor): Promise<void> {
  await sql`ANALYZE organizations, memberships, contacts`.execute(db);
}

// --- reads -------------------------------------------------------------------

export interface EditionRecord {
  id: string;
  name: BilingualName;
  asOf: string;
  isCurrent: boolean;
  source: string;
}

export interface SectorRecord {
  code: string;
  name: BilingualName;
  designatedOn: string | null;
  ministry: ReferenceOrganization;
}

export interface CeptoarProfileRecord {
  organization: ReferenceOrganization;
  sectorCode: string;
  service: BilingualName;
  memberCounts: MemberCounts;
  scopeCounts: MemberCounts;
  scopeNote: BilingualName | null;
  countsKnown: boolean;
}

export interface DatedOrganization {
  organization: ReferenceOrganization;
  validFrom: string | null;
  validTo: string | null;
}

const summary = (row: {
  id: string;
  slug: string;
  kind: OrganizationKind;
  name_ja: string;
  name_en: string;
}): ReferenceOrganization => ({
  id: row.id,
  slug: row.slug,
  kind: row.kind,
  name: { ja: row.name_ja, en: row.name_en },
});

export async function listEditions(db: Executor): Promise<EditionRecord[]> {
  const rows = await db
    .selectFrom('editions')
    .select(['id', 'name_ja', 'name_en', sql<string>`as_of::text`.as('as_of'), 'is_current', 'source'])
    .orderBy('sort_order')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: { ja: r.name_ja, en: r.name_en },
    asOf: r.as_of,
    isCurrent: r.is_current,
    source: r.source,
  }));
}

export async function findEdition(db: Executor, id: string): Promise<EditionRecord | undefined> {
  const r = await db
    .selectFrom('editions')
    .select(['id', 'name_ja', 'name_en', sql<string>`as_of::text`.as('as_of'), 'is_current', 'source'])
    .where('id', '=', id)
    .executeTakeFirst();
  return (
    r && {
      id: r.id,
      name: { ja: r.name_ja, en: r.name_en },
      asOf: r.as_of,
      isCurrent: r.is_current,
      source: r.source,
    }
  );
}

export async function listEditionOrganizations(
  db: Executor,
  editionId: string,
): Promise<{ role: EditionOrganizationRole; organization: ReferenceOrganization }[]> {
  const rows = await db
    .selectFrom('edition_organizations as eo')
    .innerJoin('organizations as o', 'o.id', 'eo.organization_id')
    .select(['eo.role', 'o.id', 'o.slug', 'o.kind', 'o.name_ja', 'o.name_en'])
    .where('eo.edition_id', '=', editionId)
    .orderBy('eo.sort_order')
    .execute();
  return rows.map((r) => ({ role: r.role, organization: summary(r) }));
}

export async function listSectors(db: Executor, editionId: string): Promise<SectorRecord[]> {
  const rows = await db
    .selectFrom('sectors as s')
    .innerJoin('organizations as o', 'o.id', 's.ministry_org_id')
    .select([
      's.code',
      's.name_ja as sector_ja',
      's.name_en as sector_en',
      sql<string | null>`s.designated_on::text`.as('designated_on'),
      'o.id',
      'o.slug',
      'o.kind',
      'o.name_ja',
      'o.name_en',
    ])
    .where('s.edition_id', '=', editionId)
    .orderBy('s.sort_order')
    .execute();
  return rows.map((r) => ({
    code: r.code,
    name: { ja: r.sector_ja, en: r.sector_en },
    designatedOn: r.designated_on,
    ministry: summary(r),
  }));
}

export async function listCeptoarProfiles(db: Executor, editionId: string): Promise<CeptoarProfileRecord[]> {
  const rows = await db
    .selectFrom('ceptoar_profiles as p')
    .innerJoin('organizations as o', 'o.id', 'p.organization_id')
    .select([
      'p.sector_code',
      'p.service_ja',
      'p.service_en',
      'p.member_counts',
      'p.scope_counts',
      'p.scope_note_ja',
      'p.scope_note_en',
      'p.counts_known',
      'o.id',
      'o.slug',
      'o.kind',
      'o.name_ja',
      'o.name_en',
    ])
    .where('p.edition_id', '=', editionId)
    .orderBy('p.sort_order')
    .execute();
  return rows.map((r) => ({
    organization: summary(r),
    sectorCode: r.sector_code,
    service: { ja: r.service_ja, en: r.service_en },
    memberCounts: r.member_counts,
    scopeCounts: r.scope_counts,
    scopeNote:
      r.scope_note_ja !== null && r.scope_note_en !== null
        ? { ja: r.scope_note_ja, en: r.scope_note_en }
        : null,
    countsKnown: r.counts_known,
  }));
}

/** Members and sharing-scope organizations per group, as held in the directory. */
export async function countMembershipsByGroup(
  db: Executor,
  groupIds: readonly string[],
): Promise<Map<string, Record<MembershipRelation, number>>> {
  const counts = new Map<string, Record<MembershipRelation, number>>();
  if (groupIds.length === 0) return counts;
  const rows = await db
    .selectFrom('memberships')
    .select(['group_id', 'relation', (eb) => eb.fn.countAll<string>().as('n')])
    .where('group_id', 'in', [...groupIds])
    .groupBy(['group_id', 'relation'])
    .execute();
  for (const r of rows) {
    const entry = counts.get(r.group_id) ?? { member: 0, sharing_scope: 0 };
    entry[r.relation] = Number(r.n);
    counts.set(r.group_id, entry);
  }
  return counts;
}

export async function listCouncils(db: Executor): Promise<DatedOrganization[]> {
  const rows = await db
    .selectFrom('organizations')
    .select([
      'id',
      'slug',
      'kind',
      'name_ja',
      'name_en',
      sql<string | null>`valid_from::text`.as('valid_from'),
      sql<string | null>`valid_to::text`.as('valid_to'),
    ])
    .where('kind', 'in', ['ceptoar_council', 'liaison_council'])
    .orderBy('kind')
    .orderBy('slug')
    .execute();
  return rows.map((r) => ({ organization: summary(r), validFrom: r.valid_from, validTo: r.valid_to }));
}

/** Members (relation 'member') of the given groups, each with its validity dates. */
export async function listGroupMembers(
  db: Executor,
  groupIds: readonly string[],
): Promise<(DatedOrganization & { groupId: string })[]> {
  if (groupIds.length === 0) return [];
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('organizations as o', 'o.id', 'm.organization_id')
    .select([
      'm.group_id',
      'o.id',
      'o.slug',
      'o.kind',
      'o.name_ja',
      'o.name_en',
      sql<string | null>`o.valid_from::text`.as('valid_from'),
      sql<string | null>`o.valid_to::text`.as('valid_to'),
    ])
    .where('m.group_id', 'in', [...groupIds])
    .where('m.relation', '=', 'member')
    .orderBy('o.slug')
    .execute();
  return rows.map((r) => ({
    groupId: r.group_id,
    organization: summary(r),
    validFrom: r.valid_from,
    validTo: r.valid_to,
  }));
}
