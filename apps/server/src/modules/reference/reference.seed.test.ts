import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createTestDatabase } from '../../../test/database.js';
import type { Db } from '../../platform/db/database.js';
import { isAppError } from '../../shared/app-error.js';
import { createReferenceService, type ReferenceService } from './reference.service.js';
import { orgIdForSlug, seedDemo, seedReference, type SeedDemoResult } from './index.js';

// DOMAIN.md §1, "CEPTOARs (as of 2022-09-30, from the policy text)", typed here by
// hand so the test does not trust the seed data it checks.
type Counts = Record<string, number>;
const DOMAIN_TABLE: Record<string, { sector: string; members: Counts; scope: Counts }> = {
  'ceptoar-telecom': {
    sector: 'info_comm',
    members: { companies: 28, communities: 1 },
    scope: { companies_or_communities: 412 },
  },
  'ceptoar-cable-tv': {
    sector: 'info_comm',
    members: { companies: 310, communities: 1 },
    scope: { companies: 340 },
  },
  'ceptoar-broadcasting': {
    sector: 'info_comm',
    members: { companies: 194, communities: 2 },
    scope: { companies: 11 },
  },
  'ceptoar-banking': {
    sector: 'finance',
    members: { companies: 1285 },
    scope: { companies_or_communities: 2 },
  },
  'ceptoar-securities': { sector: 'finance', members: { companies: 282, organizations: 7 }, scope: {} },
  'ceptoar-life-insurance': { sector: 'finance', members: { companies: 42 }, scope: {} },
  'ceptoar-general-insurance': { sector: 'finance', members: { companies: 47 }, scope: {} },
  'ceptoar-payment': { sector: 'finance', members: { companies: 217 }, scope: { companies: 9 } },
  'ceptoar-aviation': { sector: 'aviation', members: { companies: 14, communities: 1 }, scope: {} },
  'ceptoar-airport': { sector: 'airport', members: { companies: 8 }, scope: {} },
  'ceptoar-railway': { sector: 'railway', members: { companies: 22, communities: 1 }, scope: {} },
  'ceptoar-electricity': {
    sector: 'electricity',
    members: { companies: 24, organizations: 4 },
    scope: { companies_or_organizations: 15 },
  },
  'ceptoar-gas': {
    sector: 'gas',
    members: { companies: 12, communities: 1 },
    scope: { companies_or_communities: 196 },
  },
  'ceptoar-local-government': {
    sector: 'government',
    members: { prefectures: 47, local_governments: 1741 },
    scope: {},
  },
  'ceptoar-medical': {
    sector: 'medical',
    members: { groups: 1, organizations: 21 },
    scope: { companies_or_institutions: 391 },
  },
  'ceptoar-water': { sector: 'water', members: { units: 8 }, scope: { units: 1324 } },
  'ceptoar-logistics': { sector: 'logistics', members: { companies: 17, communities: 6 }, scope: {} },
  'ceptoar-chemical': { sector: 'chemical', members: { companies: 13 }, scope: {} },
  'ceptoar-credit-card': { sector: 'credit_card', members: { companies: 51 }, scope: {} },
  'ceptoar-petroleum': { sector: 'petroleum', members: { companies: 11 }, scope: {} },
};
const SECTORS_2022 = [
  'info_comm',
  'finance',
  'aviation',
  'airport',
  'railway',
  'electricity',
  'gas',
  'government',
  'medical',
  'water',
  'logistics',
  'chemical',
  'credit_card',
  'petroleum',
];
const sum = (c: Counts): number => Object.values(c).reduce((a, b) => a + b, 0);

describe('reference seeding', () => {
  let database: Db;
  let service: ReferenceService;
  let demo: SeedDemoResult;

  before(async () => {
    database = await createTestDatabase();
    service = createReferenceService({ db: database.db });
    await seedReference(database.db);
    demo = await seedDemo(database.db, { edition: 'policy-2022' });
  });
  after(async () => {
    await database.close();
  });

  it('lists both editions, only the current one marked current', async () => {
    const editions = await service.listEditions();
    assert.deepEqual(
      editions.map((e) => [e.id, e.asOf, e.isCurrent]),
      [
        ['policy-2022', '2022-09-30', false],
        ['current', '2025-07-01', true],
      ],
    );
    assert.equal(editions[0]?.name.ja, '2022年版 重要インフラのサイバーセキュリティに係る行動計画');
  });

  it('has the 14 sectors in the 2022 edition and 15 with port in the current one', async () => {
    const old = await service.getStructure('policy-2022');
    const now = await service.getStructure('current');
    assert.deepEqual(
      old.sectors.map((s) => s.code),
      SECTORS_2022,
    );
    assert.deepEqual(
      now.sectors.map((s) => s.code),
      [...SECTORS_2022, 'port'],
    );
    const port = now.sectors.find((s) => s.code === 'port');
    assert.equal(port?.designatedOn, '2024-03-08');
    assert.equal(port?.ministry.slug, 'mlit');
    assert.deepEqual(port?.name, { ja: '港湾', en: 'Port' });
  });

  it('names NISC as coordinator in 2022 and the NCO in the current edition', async () => {
    assert.equal((await service.getStructure('policy-2022')).coordinator.slug, 'nisc');
    const nco = (await service.getStructure('current')).coordinator;
    assert.equal(nco.slug, 'nco');
    assert.equal(nco.name.ja, '国家サイバー統括室（NCO）');
    assert.equal(nco.id, orgIdForSlug('nco'));
  });

  it("moves water's responsible ministry from MHLW (2022) to MLIT (current)", async () => {
    const water = async (edition: string) =>
      (await service.getStructure(edition)).sectors.find((s) => s.code === 'water')?.ministry.slug;
    assert.equal(await water('policy-2022'), 'mhlw');
    assert.equal(await water('current'), 'mlit');
  });

  it("states every CEPTOAR's member and sharing-scope counts exactly as DOMAIN.md's table", async () => {
    for (const edition of ['policy-2022', 'current']) {
      const structure = await service.getStructure(edition);
      const entries = structure.sectors.flatMap((s) => s.ceptoars.map((c) => ({ sector: s.code, c })));
      const known = entries.filter((e) => e.c.countsKnown);
      assert.deepEqual(known.map((e) => e.c.organization.slug).sort(), Object.keys(DOMAIN_TABLE).sort());
      for (const { sector, c } of known) {
        const expected = DOMAIN_TABLE[c.organization.slug];
        assert.ok(expected, `${c.organization.slug} is in DOMAIN.md's table`);
        assert.equal(sector, expected.sector, c.organization.slug);
        assert.deepEqual(c.memberCounts, expected.members, `${edition} ${c.organization.slug} members`);
        assert.deepEqual(c.scopeCounts, expected.scope, `${edition} ${c.organization.slug} scope`);
      }
    }
    const water = (await service.getStructure('policy-2022')).sectors
      .find((s) => s.code === 'water')
      ?.ceptoars.at(0);
    assert.equal(water?.scopeNote?.en, 'up to 1,324 business units as needed');
  });

  it('has 20 CEPTOARs in 2022 and 21 now, the Port CEPTOAR with unknown counts', async () => {
    const count = async (edition: string) =>
      (await service.getStructure(edition)).sectors.reduce((n, s) => n + s.ceptoars.length, 0);
    assert.equal(await count('policy-2022'), 20);
    assert.equal(await count('current'), 21);
    const port = (await service.getStructure('current')).sectors.find((s) => s.code === 'port')?.ceptoars[0];
    assert.equal(port?.organization.slug, 'ceptoar-port');
    assert.equal(port?.countsKnown, false);
    assert.deepEqual(port?.memberCounts, {});
  });

  it('joins the CEPTOARs in the CEPTOAR Council and the five finance CEPTOARs in their liaison council', async () => {
    const old = await service.getStructure('policy-2022');
    const council = old.councils.find((c) => c.organization.slug === 'ceptoar-council');
    assert.equal(council?.members.length, 20);
    assert.ok(!council?.members.some((m) => m.slug === 'ceptoar-port'), 'no Port CEPTOAR in 2022');
    const liaison = old.councils.find((c) => c.organization.slug === 'fin-liaison-council');
    assert.deepEqual(
      liaison?.members.map((m) => m.slug),
      [
        'ceptoar-banking',
        'ceptoar-securities',
        'ceptoar-life-insurance',
        'ceptoar-general-insurance',
        'ceptoar-payment',
      ],
    );
    const now = await service.getStructure('current');
    assert.equal(now.councils.find((c) => c.organization.slug === 'ceptoar-council')?.members.length, 21);
  });

  it('lists related organizations with their roles, the PPC only in the current edition', async () => {
    const old = await service.getStructure('policy-2022');
    const roles = new Map(old.relatedOrganizations.map((r) => [r.organization.slug, r.role]));
    assert.equal(roles.get('npa'), 'crisis_management');
    assert.equal(roles.get('jpcert'), 'cybersecurity_agency');
    assert.equal(roles.get('cip-support-center'), 'supporting_agency');
    assert.equal(roles.has('ppc'), false);
    const now = await service.getStructure('current');
    assert.ok(
      now.relatedOrganizations.some((r) => r.organization.slug === 'ppc'),
      'PPC is related now',
    );
    assert.ok(
      now.relatedOrganizations.every((r) => r.roleName.ja.length > 0 && r.roleName.en.length > 0),
      'every role is named in both languages',
    );
  });

  it('refuses an unknown edition with EDITION_NOT_FOUND', async () => {
    await assert.rejects(
      service.getStructure('policy-1999'),
      (error: unknown) => isAppError(error) && error.code === 'EDITION_NOT_FOUND',
    );
  });

  it("puts each CEPTOAR's members and sharing scope in the directory in the table's counts", async () => {
    const structure = await service.getStructure('policy-2022');
    for (const c of structure.sectors.flatMap((s) => s.ceptoars)) {
      const expected = DOMAIN_TABLE[c.organization.slug];
      assert.ok(expected, `${c.organization.slug} is in DOMAIN.md's table`);
      assert.equal(c.membersInDirectory, sum(expected.members), `${c.organization.slug} members`);
      assert.equal(c.scopeInDirectory, sum(expected.scope), `${c.organization.slug} scope`);
    }
  });

  it('seeds about 7,100 synthetic operators with exactly three contacts each', async () => {
    const { db } = database;
    const expectedTotal = Object.values(DOMAIN_TABLE).reduce((n, e) => n + sum(e.members) + sum(e.scope), 0);
    assert.equal(expectedTotal, 7119);
    assert.equal(demo.organizations, expectedTotal);
    const operators = await db
      .selectFrom('organizations')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('kind', '=', 'operator')
      .where('synthetic', '=', true)
      .executeTakeFirstOrThrow();
    assert.equal(Number(operators.n), expectedTotal);
    const contacts = await db
      .selectFrom('contacts as c')
      .innerJoin('organizations as o', 'o.id', 'c.organization_id')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('o.kind', '=', 'operator')
      .executeTakeFirstOrThrow();
    assert.equal(Number(contacts.n), 3 * expectedTotal);
    const perOrg = await db
      .selectFrom('contacts')
      .select(['organization_id', (eb) => eb.fn.countAll<string>().as('n')])
      .groupBy('organization_id')
      .having(sql<boolean>`count(*) <> 3`)
      .execute();
    assert.deepEqual(perOrg, []);
  });

  it('stores demo operators with their kind, sector, prefecture and .example contacts', async () => {
    const { db } = database;
    const bank = await db
      .selectFrom('organizations')
      .selectAll()
      .where('id', '=', orgIdForSlug('demo-bank-0001'))
      .executeTakeFirstOrThrow();
    assert.equal(bank.slug, 'demo-bank-0001');
    assert.equal(bank.name_en, 'Demo Bank 0001');
    assert.equal(bank.sector_code, 'finance');
    assert.equal(bank.member_kind, 'company');
    assert.equal(bank.synthetic, true);
    assert.match(bank.prefecture_code ?? '', /^(0[1-9]|[1-3][0-9]|4[0-7])$/);
    const emails = await db
      .selectFrom('contacts')
      .select(['role', 'email'])
      .where('organization_id', '=', bank.id)
      .orderBy('role')
      .execute();
    assert.deepEqual(emails, [
      { role: 'backup', email: 'backup@demo-bank-0001.example' },
      { role: 'duty_24x7', email: 'duty-24x7@demo-bank-0001.example' },
      { role: 'primary', email: 'primary@demo-bank-0001.example' },
    ]);
    const kinds = await db
      .selectFrom('organizations')
      .select('member_kind')
      .distinct()
      .where('kind', '=', 'operator')
      .execute();
    assert.deepEqual(kinds.map((k) => k.member_kind).sort(), [
      'community',
      'company',
      'group',
      'institution',
      'local_government',
      'organization',
      'prefecture',
      'unit',
    ]);
  });

  it('derives reference ids from slugs', async () => {
    const rows = await database.db
      .selectFrom('organizations')
      .select(['id', 'slug'])
      .where('kind', '!=', 'operator')
      .execute();
    // 2 coordinators, 5 ministries, 21 CEPTOARs, 2 councils, 9 related organizations.
    assert.equal(rows.length, 39);
    for (const r of rows) assert.equal(r.id, orgIdForSlug(r.slug), r.slug);
  });

  it('changes nothing when the reference data and the demo are seeded again', async () => {
    const { db } = database;
    const snapshot = () =>
      db
        .selectFrom('organizations')
        .select(['id', 'updated_at', 'name_ja'])
        .where('kind', '!=', 'operator')
        .orderBy('id')
        .execute();
    const counts = async () => {
      const row = await db
        .selectNoFrom((eb) => [
          eb.selectFrom('organizations').select(eb.fn.countAll<string>().as('n')).as('organizations'),
          eb.selectFrom('memberships').select(eb.fn.countAll<string>().as('n')).as('memberships'),
          eb.selectFrom('contacts').select(eb.fn.countAll<string>().as('n')).as('contacts'),
          eb.selectFrom('ceptoar_profiles').select(eb.fn.countAll<string>().as('n')).as('profiles'),
          eb.selectFrom('sectors').select(eb.fn.countAll<string>().as('n')).as('sectors'),
        ])
        .executeTakeFirstOrThrow();
      return row;
    };
    const before = { rows: await snapshot(), counts: await counts() };
    assert.deepEqual(await seedReference(db), { changed: 0 });
    const again = await seedDemo(db, { edition: 'policy-2022' });
    assert.deepEqual(again.inserted, { organizations: 0, memberships: 0, contacts: 0 });
    assert.deepEqual(await snapshot(), before.rows);
    assert.deepEqual(await counts(), before.counts);
  });
});
