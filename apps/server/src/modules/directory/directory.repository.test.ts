import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase } from '../../../test/database.js';
import type { Db } from '../../platform/db/database.js';
import { FakeClock } from '../../shared/clock.js';
import { createDirectoryFixture, FIXTURE_ORGS, type Fixture } from '../../../test/directory-fixtures.js';
import { contactsVisible, createDirectoryRepository, organizationVisible } from './directory.repository.js';
import { createDirectoryService, type DirectoryService } from './directory.service.js';
import { canSeeContacts, canSeeOrganization } from './visibility.js';

describe('directory repository and service (db)', () => {
  let database: Db;
  let fx: Fixture;
  let service: DirectoryService;

  before(async () => {
    database = await createTestDatabase();
    fx = await createDirectoryFixture(database.db);
    service = createDirectoryService({
      repository: createDirectoryRepository(database.db),
      clock: new FakeClock('2026-11-23T00:00:00Z'),
    });
  });
  after(async () => {
    await database.close();
  });

  it('has one visibility rule: the SQL predicates agree with the pure functions for every viewer and organization', async () => {
    const db = database.db;
    const orgs = await db.selectFrom('organizations').select(['id', 'kind', 'sector_code']).execute();
    const memberships = await db.selectFrom('memberships').select(['organization_id', 'group_id']).execute();
    const current = await db
      .selectFrom('sectors')
      .innerJoin('editions', 'editions.id', 'sectors.edition_id')
      .where('editions.is_current', '=', true)
      .select(['sectors.code', 'sectors.ministry_org_id'])
      .execute();
    let compared = 0;
    let seen = 0;
    for (const viewerOrg of FIXTURE_ORGS) {
      const viewer = fx.viewer(viewerOrg.slug);
      const rows = await db
        .selectFrom('organizations as o')
        .select(['o.id', organizationVisible(viewer).as('org'), contactsVisible(viewer).as('contacts')])
        .execute();
      for (const row of rows) {
        const org = orgs.find((o) => o.id === row.id);
        assert.ok(org);
        const subject = { id: org.id, kind: org.kind };
        const facts = {
          groupIds: memberships.filter((m) => m.organization_id === org.id).map((m) => m.group_id),
          responsibleMinistryId: current.find((s) => s.code === org.sector_code)?.ministry_org_id ?? null,
        };
        const pureOrg = canSeeOrganization(viewer, subject, facts);
        const pureContacts = canSeeContacts(viewer, subject, facts);
        assert.equal(Boolean(row.org), pureOrg, `${viewerOrg.slug} → ${org.id} organization`);
        assert.equal(Boolean(row.contacts), pureContacts, `${viewerOrg.slug} → ${org.id} contacts`);
        // Contact points are never visible where the organization is not.
        if (pureContacts) assert.ok(pureOrg);
        if (pureOrg) seen++;
        compared++;
      }
    }
    assert.equal(compared, FIXTURE_ORGS.length ** 2);
    // Neither all-visible nor all-hidden: the comparison covered both outcomes.
    assert.ok(seen > 0 && seen < compared);
  });

  it('uses the current edition for the responsible ministry (water moved from MHLW to MLIT)', async () => {
    const water = fx.ids['fx-water-1'] as string;
    const mlit = await service.getOrganization(fx.viewer('fx-mlit'), water);
    assert.equal(mlit.contacts?.length, 1);
    const mhlw = await service.getOrganization(fx.viewer('fx-mhlw'), water);
    assert.equal(mhlw.contacts, null);
  });

  it('finds organizations by a Japanese or English part of the name', async () => {
    const coordinator = fx.viewer('fx-nco');
    const ja = await service.listOrganizations(coordinator, { q: 'デモ銀行' });
    assert.deepEqual(
      ja.items.map((o) => o.slug),
      ['fx-bank-1', 'fx-bank-2'],
    );
    const en = await service.listOrganizations(coordinator, { q: 'demo BANK' });
    assert.deepEqual(
      en.items.map((o) => o.slug),
      ['fx-bank-1', 'fx-bank-2'],
    );
    const wildcard = await service.listOrganizations(coordinator, { q: '%' });
    assert.equal(wildcard.items.length, 0, 'LIKE wildcards in q are literal');
  });

  it('lists only what the viewer may see', async () => {
    const operator = await service.listOrganizations(fx.viewer('fx-bank-1', 'viewer'), { limit: 500 });
    const slugs = operator.items.map((o) => o.slug);
    assert.ok(slugs.includes('fx-bank-1'));
    assert.ok(slugs.includes('fx-ceptoar-bank'));
    assert.ok(!slugs.includes('fx-bank-2'));
    assert.ok(!slugs.includes('fx-vendor'));
    const ceptoar = await service.listOrganizations(fx.viewer('fx-ceptoar-bank'), { kind: 'operator' });
    assert.deepEqual(
      ceptoar.items.map((o) => o.slug),
      ['fx-bank-1', 'fx-bank-2'],
    );
    const byGroup = await service.listOrganizations(fx.viewer('fx-fsa'), {
      group: 'fx-ceptoar-bank',
      relation: 'sharing_scope',
    });
    assert.deepEqual(
      byGroup.items.map((o) => o.slug),
      ['fx-bank-2'],
    );
  });

  it('pages with cursors that stay stable while organizations are inserted', async () => {
    const db = database.db;
    const insert = (nameEn: string) =>
      db
        .insertInto('organizations')
        .values({
          id: randomUUID(),
          slug: `pg-${randomUUID().slice(0, 8)}`,
          kind: 'operator',
          name_ja: `ページ ${nameEn}`,
          name_en: `Paging ${nameEn}`,
          sector_code: null,
          member_kind: null,
          prefecture_code: null,
          valid_from: null,
          valid_to: null,
        })
        .execute();
    // Two rows share a name so the id tie-break matters.
    for (const name of ['B', 'D', 'F', 'F', 'H', 'J', 'L']) await insert(name);
    const viewer = fx.viewer('fx-nco');
    const first = await service.listOrganizations(viewer, { q: 'Paging', limit: 3 });
    assert.deepEqual(
      first.items.map((o) => o.name.en),
      ['Paging B', 'Paging D', 'Paging F'],
    );
    assert.ok(first.next);
    // Rows appear before and after the cursor between two page requests.
    await insert('A');
    await insert('E');
    await insert('K');
    const names = first.items.map((o) => o.name.en);
    const ids = new Set(first.items.map((o) => o.id));
    let cursor: string | undefined = first.next;
    while (cursor) {
      const page = await service.listOrganizations(viewer, { q: 'Paging', limit: 3, cursor });
      for (const o of page.items) {
        assert.ok(!ids.has(o.id), 'no row is repeated');
        ids.add(o.id);
        names.push(o.name.en);
      }
      cursor = page.next;
    }
    assert.deepEqual(names, [
      'Paging B',
      'Paging D',
      'Paging F',
      'Paging F',
      'Paging H',
      'Paging J',
      'Paging K',
      'Paging L',
    ]);
  });

  it('rejects a cursor it did not issue', async () => {
    await assert.rejects(
      service.listOrganizations(fx.viewer('fx-nco'), { cursor: 'not-a-cursor' }),
      (error: Error & { code?: string }) => error.code === 'BAD_REQUEST',
    );
  });

  it('answers ORGANIZATION_NOT_FOUND for organizations and contacts the viewer may not see', async () => {
    const bank1 = fx.viewer('fx-bank-1', 'admin');
    const notFound = (error: Error & { code?: string }) => error.code === 'ORGANIZATION_NOT_FOUND';
    await assert.rejects(service.getOrganization(bank1, fx.ids['fx-bank-2'] as string), notFound);
    await assert.rejects(service.getOrganization(bank1, randomUUID()), notFound);
    // A CEPTOAR sees its own members but not another CEPTOAR's.
    const bankCeptoar = fx.viewer('fx-ceptoar-bank');
    await assert.rejects(service.getOrganization(bankCeptoar, fx.ids['fx-water-1'] as string), notFound);
    const own = await service.getOrganization(bankCeptoar, fx.ids['fx-bank-1'] as string);
    assert.equal(own.organization.slug, 'fx-bank-1');
    assert.equal(own.contacts?.[0]?.email, 'fx-bank-1@example.jp');
    // Another CEPTOAR is visible (structural) but its contact points are not.
    const other = await service.getOrganization(
      fx.viewer('fx-ceptoar-water'),
      fx.ids['fx-ceptoar-bank'] as string,
    );
    assert.equal(other.contacts, null);
    await assert.rejects(
      service.listContacts(fx.viewer('fx-ceptoar-water'), fx.ids['fx-ceptoar-bank'] as string),
      notFound,
    );
    // An operator cannot read a structural organization's contacts either.
    await assert.rejects(service.listContacts(bank1, fx.ids['fx-ceptoar-bank'] as string), notFound);
  });

  it('shows a group with its member counts and an organization with its groups', async () => {
    const viewer = fx.viewer('fx-fsa');
    const group = await service.getOrganization(viewer, fx.ids['fx-ceptoar-bank'] as string);
    assert.deepEqual(group.memberCounts, { member: 1, sharingScope: 1 });
    assert.deepEqual(
      group.groups.map((g) => [g.organization.slug, g.relation]),
      [['fx-council', 'member']],
    );
    const operator = await service.getOrganization(viewer, fx.ids['fx-bank-2'] as string);
    assert.equal(operator.memberCounts, undefined);
    assert.deepEqual(
      operator.groups.map((g) => [g.organization.slug, g.relation]),
      [['fx-ceptoar-bank', 'sharing_scope']],
    );
  });

  it('sets contact points with validation; only the organization, its groups and the coordinator may write', async () => {
    const bank1 = fx.ids['fx-bank-1'] as string;
    const input = {
      nameJa: '夜間 当番',
      nameEn: 'Night Duty',
      email: 'duty@bank1.example.jp',
      phone: '+81 3 1234 5678',
    };
    const { contact, created } = await service.putContact(
      fx.viewer('fx-ceptoar-bank', 'manager'),
      bank1,
      'duty_24x7',
      input,
    );
    assert.equal(created, true);
    assert.equal(contact.phone, '+81 3 1234 5678');
    const again = await service.putContact(fx.viewer('fx-bank-1', 'admin'), bank1, 'duty_24x7', {
      ...input,
      mobile: '090-1234-5678',
    });
    assert.equal(again.created, false);
    assert.equal(again.contact.id, contact.id);
    await assert.rejects(
      service.putContact(fx.viewer('fx-bank-1', 'admin'), bank1, 'backup', {
        ...input,
        email: 'not-an-address',
      }),
      (error: Error & { code?: string; fieldErrors?: { field: string }[] }) =>
        error.code === 'VALIDATION_FAILED' && error.fieldErrors?.[0]?.field === '/body/email',
    );
    await assert.rejects(
      service.putContact(fx.viewer('fx-bank-1', 'admin'), bank1, 'backup', {
        ...input,
        phone: '03-CALL-NOW',
      }),
      (error: Error & { code?: string }) => error.code === 'VALIDATION_FAILED',
    );
    // The ministry may read but not write; an analyst may not write.
    await assert.rejects(
      service.putContact(fx.viewer('fx-fsa', 'admin'), bank1, 'backup', input),
      (error: Error & { code?: string }) => error.code === 'FORBIDDEN',
    );
    await assert.rejects(
      service.putContact(fx.viewer('fx-bank-1', 'analyst'), bank1, 'backup', input),
      (error: Error & { code?: string }) => error.code === 'FORBIDDEN',
    );
    // Another operator does not learn that the organization exists.
    await assert.rejects(
      service.putContact(fx.viewer('fx-water-1', 'admin'), bank1, 'backup', input),
      (error: Error & { code?: string }) => error.code === 'ORGANIZATION_NOT_FOUND',
    );
    const list = await service.listContacts(fx.viewer('fx-nco', 'viewer'), bank1);
    assert.deepEqual(
      list.map((c) => c.role),
      ['primary', 'duty_24x7'],
    );
  });
});
