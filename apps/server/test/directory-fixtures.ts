import { randomUUID } from 'node:crypto';
import type { MembershipRelation, OrganizationKind, Role } from '@cipx/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../src/platform/db/tables.js';
import type { Viewer } from '../src/shared/viewer.js';

// A small directory for the module's tests (no reference seed needed): two editions in which
// the water sector's ministry differs, so "responsible ministry" must use the current one.

export interface FixtureOrg {
  slug: string;
  kind: OrganizationKind;
  nameJa: string;
  nameEn: string;
  sectorCode: string | null;
}

export const FIXTURE_ORGS: readonly FixtureOrg[] = [
  {
    slug: 'fx-nco',
    kind: 'coordinator',
    nameJa: '調整機関',
    nameEn: 'Fixture Coordinator',
    sectorCode: null,
  },
  {
    slug: 'fx-fsa',
    kind: 'ministry',
    nameJa: '金融の省',
    nameEn: 'Fixture Finance Ministry',
    sectorCode: null,
  },
  {
    slug: 'fx-mhlw',
    kind: 'ministry',
    nameJa: '厚生の省',
    nameEn: 'Fixture Health Ministry',
    sectorCode: null,
  },
  {
    slug: 'fx-mlit',
    kind: 'ministry',
    nameJa: '国交の省',
    nameEn: 'Fixture Transport Ministry',
    sectorCode: null,
  },
  { slug: 'fx-ipa', kind: 'agency', nameJa: '情報の機関', nameEn: 'Fixture Agency', sectorCode: null },
  {
    slug: 'fx-support',
    kind: 'supporting_agency',
    nameJa: '支援機関',
    nameEn: 'Fixture Support',
    sectorCode: null,
  },
  {
    slug: 'fx-ceptoar-bank',
    kind: 'ceptoar',
    nameJa: '銀行セプター',
    nameEn: 'Fixture Bank CEPTOAR',
    sectorCode: 'finance',
  },
  {
    slug: 'fx-ceptoar-water',
    kind: 'ceptoar',
    nameJa: '水道セプター',
    nameEn: 'Fixture Water CEPTOAR',
    sectorCode: 'water',
  },
  {
    slug: 'fx-council',
    kind: 'ceptoar_council',
    nameJa: 'セプターカウンシル',
    nameEn: 'Fixture Council',
    sectorCode: null,
  },
  {
    slug: 'fx-bank-1',
    kind: 'operator',
    nameJa: 'デモ銀行 一号',
    nameEn: 'Demo Bank One',
    sectorCode: 'finance',
  },
  {
    slug: 'fx-bank-2',
    kind: 'operator',
    nameJa: 'デモ銀行 二号',
    nameEn: 'Demo Bank Two',
    sectorCode: 'finance',
  },
  {
    slug: 'fx-water-1',
    kind: 'operator',
    nameJa: 'デモ水道 一号',
    nameEn: 'Demo Water One',
    sectorCode: 'water',
  },
  {
    slug: 'fx-hospital',
    kind: 'operator',
    nameJa: 'デモ病院',
    nameEn: 'Demo Hospital',
    sectorCode: 'medical',
  },
  { slug: 'fx-vendor', kind: 'vendor', nameJa: 'デモベンダー', nameEn: 'Demo Vendor', sectorCode: null },
];

export const FIXTURE_MEMBERSHIPS: readonly [org: string, group: string, relation: MembershipRelation][] = [
  ['fx-bank-1', 'fx-ceptoar-bank', 'member'],
  ['fx-bank-2', 'fx-ceptoar-bank', 'sharing_scope'],
  ['fx-water-1', 'fx-ceptoar-water', 'member'],
  ['fx-ceptoar-bank', 'fx-council', 'member'],
  ['fx-ceptoar-water', 'fx-council', 'member'],
  ['fx-hospital', 'fx-support', 'member'],
];

/** Sector → ministry slug, per edition; only `fx-current` is current. */
const SECTORS: Record<string, Record<string, string>> = {
  'fx-old': { finance: 'fx-fsa', water: 'fx-mhlw', medical: 'fx-mhlw' },
  'fx-current': { finance: 'fx-fsa', water: 'fx-mlit', medical: 'fx-mhlw' },
};

export interface Fixture {
  ids: Record<string, string>;
  viewer(slug: string, role?: Role, locale?: 'ja' | 'en'): Viewer;
}

export async function createDirectoryFixture(db: Kysely<Database>): Promise<Fixture> {
  const ids: Record<string, string> = {};
  for (const org of FIXTURE_ORGS) ids[org.slug] = randomUUID();
  const id = (slug: string): string => {
    const found = ids[slug];
    if (!found) throw new Error(`no fixture organization ${slug}`);
    return found;
  };
  await db
    .insertInto('organizations')
    .values(
      FIXTURE_ORGS.map((o) => ({
        id: id(o.slug),
        slug: o.slug,
        kind: o.kind,
        name_ja: o.nameJa,
        name_en: o.nameEn,
        sector_code: o.sectorCode,
        member_kind: o.kind === 'operator' ? 'companies' : null,
        prefecture_code: o.kind === 'operator' ? '13' : null,
        synthetic: true,
        valid_from: null,
        valid_to: null,
      })),
    )
    .execute();
  let order = 0;
  for (const [edition, sectors] of Object.entries(SECTORS)) {
    await db
      .insertInto('editions')
      .values({
        id: edition,
        name_ja: edition,
        name_en: edition,
        as_of: '2026-01-01',
        source: 'directory test fixture',
        is_current: edition === 'fx-current',
        sort_order: order++,
      })
      .execute();
    await db
      .insertInto('sectors')
      .values(
        Object.entries(sectors).map(([code, ministry], i) => ({
          edition_id: edition,
          code,
          name_ja: code,
          name_en: code,
          ministry_org_id: id(ministry),
          sort_order: i,
          designated_on: null,
        })),
      )
      .execute();
  }
  await db
    .insertInto('memberships')
    .values(
      FIXTURE_MEMBERSHIPS.map(([org, group, relation]) => ({
        organization_id: id(org),
        group_id: id(group),
        relation,
      })),
    )
    .execute();
  for (const slug of ['fx-bank-1', 'fx-water-1', 'fx-ceptoar-bank', 'fx-hospital']) {
    await db
      .insertInto('contacts')
      .values({
        id: randomUUID(),
        organization_id: id(slug),
        role: 'primary',
        name_ja: `担当 ${slug}`,
        name_en: `Contact ${slug}`,
        email: `${slug}@example.jp`,
        phone: '03-1234-5678',
        mobile: null,
        fax: null,
        user_id: null,
      })
      .execute();
  }
  return {
    ids,
    viewer(slug, role = 'admin', locale = 'en') {
      const org = FIXTURE_ORGS.find((o) => o.slug === slug);
      if (!org) throw new Error(`no fixture organization ${slug}`);
      return {
        via: 'session',
        userId: randomUUID(),
        displayName: `Test ${slug}`,
        locale,
        organizationId: id(slug),
        organizationKind: org.kind,
        sectorCode: org.sectorCode,
        role,
        communities: FIXTURE_MEMBERSHIPS.filter(([o]) => o === slug).map(([, group, relation]) => ({
          groupId: id(group),
          relation,
        })),
        scopes: null,
        sessionIdHash: null,
      };
    },
  };
}
