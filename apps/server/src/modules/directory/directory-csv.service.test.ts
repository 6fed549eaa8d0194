import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AuditEventInput } from '../audit/index.js';
import { createTestDatabase } from '../../../test/database.js';
import type { Db } from '../../platform/db/database.js';
import { FakeClock } from '../../shared/clock.js';
import { createDirectoryFixture, type Fixture } from '../../../test/directory-fixtures.js';
import { createDirectoryCsvService, type DirectoryCsvService } from './directory-csv.service.js';
import { createDirectoryRepository } from './directory.repository.js';

const csv = (text: string) => Buffer.from(text, 'utf8');
const ORG_HEADER = 'slug,kind,name_ja,name_en,sector_code,member_kind,prefecture_code';
const CONTACT_HEADER = 'organization_slug,role,name_ja,name_en,email,phone,mobile,fax';

function errorCode(error: unknown): string | undefined {
  return (error as { code?: string }).code;
}

describe('directory CSV import and export (db)', () => {
  let database: Db;
  let fx: Fixture;
  let service: DirectoryCsvService;
  const recorded: AuditEventInput[] = [];

  before(async () => {
    database = await createTestDatabase();
    fx = await createDirectoryFixture(database.db);
    service = createDirectoryCsvService({
      repository: createDirectoryRepository(database.db),
      clock: new FakeClock('2026-11-23T09:00:00Z'),
      audit: {
        record: (event) => {
          recorded.push(event);
          return Promise.resolve();
        },
        flushSoon: () => {},
      },
    });
  });
  after(async () => {
    await database.close();
  });

  const count = async () =>
    Number(
      (
        await database.db
          .selectFrom('organizations')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('a dry run counts what would change and writes nothing', async () => {
    const before = await count();
    const body = csv(
      `${ORG_HEADER}\nnew-bank-a,operator,新銀行A,New Bank A,finance,companies,13\n` +
        `fx-bank-1,operator,デモ銀行 一号,Demo Bank One,finance,companies,13\n` +
        `fx-bank-2,operator,デモ銀行 二号（改）,Demo Bank Two,finance,companies,13\n`,
    );
    const result = await service.importCsv(fx.viewer('fx-nco'), 'organizations', body, { dryRun: true });
    assert.deepEqual(
      { ...result, errors: result.errors.length },
      { dryRun: true, kind: 'organizations', rows: 3, created: 1, updated: 1, unchanged: 1, errors: 0 },
    );
    assert.equal(await count(), before);
  });

  it('reports every bad row with its spreadsheet row number and column, and writes nothing', async () => {
    const before = await count();
    const body = csv(
      `${ORG_HEADER}\n` +
        `ok-bank,operator,銀行,Bank,finance,,\n` + // row 2: fine
        `bad-kind,bank,銀行,Bank,,,\n` + // row 3
        `Bad Slug,operator,銀行,Bank,,,\n` + // row 4
        `no-pref,operator,銀行,Bank,,,48\n` + // row 5
        `ok-bank,operator,銀行,Bank,,,\n` + // row 6: duplicate of row 2
        `no-sector,operator,銀行,Bank,fishing,,\n` + // row 7
        `no-name,operator,,Bank,,,\n`, // row 8
    );
    const dry = await service.importCsv(fx.viewer('fx-nco'), 'organizations', body, { dryRun: true });
    assert.deepEqual(
      dry.errors.map((e) => [e.row, e.column, e.code]),
      [
        [3, 'kind', 'INVALID_ENUM'],
        [4, 'slug', 'INVALID_SLUG'],
        [5, 'prefecture_code', 'INVALID_PREFECTURE'],
        [6, 'slug', 'DUPLICATE_ROW'],
        [7, 'sector_code', 'UNKNOWN_SECTOR'],
        [8, 'name_ja', 'REQUIRED'],
      ],
    );
    assert.equal(dry.created, 1);
    assert.match(dry.errors[3]?.message.en ?? '', /row 2/);
    await assert.rejects(
      service.importCsv(fx.viewer('fx-nco', 'admin', 'ja'), 'organizations', body, { dryRun: false }),
      (error: unknown) => {
        const e = error as {
          code: string;
          params: { count: number };
          fieldErrors: { field: string; row: number; message: string }[];
        };
        assert.equal(e.code, 'CSV_INVALID');
        assert.equal(e.params.count, 6);
        assert.equal(e.fieldErrors[0]?.field, 'row 3: kind');
        assert.equal(e.fieldErrors[0]?.row, 3);
        assert.match(e.fieldErrors[0]?.message ?? '', /使用できる値/);
        return true;
      },
    );
    assert.equal(await count(), before, 'nothing written, not even the valid row');
  });

  it('checks memberships: unknown group, not a group, bad relation, duplicates', async () => {
    const body = csv(
      'organization_slug,group_slug,relation\n' +
        'fx-vendor,fx-ceptoar-bank,member\n' + // 2: fine (new)
        'fx-bank-1,fx-ceptoar-bank,member\n' + // 3: unchanged
        'fx-bank-2,fx-ceptoar-bank,member\n' + // 4: updated (was sharing_scope)
        'fx-bank-1,no-such-ceptoar,member\n' + // 5
        'fx-bank-1,fx-bank-2,member\n' + // 6
        'fx-bank-1,fx-council,friend\n' + // 7
        'fx-vendor,fx-ceptoar-bank,sharing_scope\n' + // 8: duplicate pair
        'nobody-here,fx-ceptoar-bank,member\n', // 9
    );
    const dry = await service.importCsv(fx.viewer('fx-nco'), 'memberships', body, { dryRun: true });
    assert.deepEqual(
      dry.errors.map((e) => [e.row, e.column, e.code]),
      [
        [5, 'group_slug', 'UNKNOWN_GROUP'],
        [6, 'group_slug', 'NOT_A_GROUP'],
        [7, 'relation', 'INVALID_ENUM'],
        [8, 'organization_slug', 'DUPLICATE_ROW'],
        [9, 'organization_slug', 'UNKNOWN_ORGANIZATION'],
      ],
    );
    assert.deepEqual([dry.created, dry.updated, dry.unchanged], [1, 1, 1]);
  });

  it('checks contacts: e-mail and telephone formats, roles, missing column', async () => {
    const bad = await service.importCsv(
      fx.viewer('fx-nco'),
      'contacts',
      csv(
        `${CONTACT_HEADER}\n` +
          'fx-bank-1,backup,副担当,Deputy,deputy@bank1,03-1234-5678,,\n' +
          'fx-bank-1,boss,上司,Boss,boss@bank1.example.jp,,,\n' +
          'fx-bank-1,duty_24x7,当番,Duty,,03-CALL-NOW,,\n',
      ),
      { dryRun: true },
    );
    assert.deepEqual(
      bad.errors.map((e) => [e.row, e.column, e.code]),
      [
        [2, 'email', 'INVALID_EMAIL'],
        [3, 'role', 'INVALID_ENUM'],
        [4, 'phone', 'INVALID_PHONE'],
      ],
    );
    const missing = await service.importCsv(
      fx.viewer('fx-nco'),
      'contacts',
      csv('organization_slug,role,name_ja,name_en,email,phone,mobile\nfx-bank-1,backup,a,b,,,\n'),
      { dryRun: true },
    );
    assert.deepEqual(
      missing.errors.map((e) => [e.row, e.column, e.code]),
      [[1, 'fax', 'MISSING_COLUMN']],
    );
  });

  it('upserts idempotently: the same file twice is all unchanged the second time', async () => {
    const body = csv(
      `\ufeff${ORG_HEADER}\nidem-1,operator,冪等一,Idem One,finance,companies,1\nidem-2,vendor,冪等二,Idem Two,,,\n`,
    );
    const first = await service.importCsv(fx.viewer('fx-nco'), 'organizations', body, { dryRun: false });
    assert.deepEqual([first.created, first.updated, first.unchanged], [2, 0, 0]);
    const second = await service.importCsv(fx.viewer('fx-nco'), 'organizations', body, { dryRun: false });
    assert.deepEqual([second.created, second.updated, second.unchanged], [0, 0, 2]);
    const row = await database.db
      .selectFrom('organizations')
      .select(['prefecture_code'])
      .where('slug', '=', 'idem-1')
      .executeTakeFirstOrThrow();
    assert.equal(row.prefecture_code, '01', "Excel's dropped leading zero is restored");
    const event = recorded.find((e) => e.action === 'directory.import');
    assert.ok(event);
    assert.equal(event.targetIds?.length, 2);
  });

  it('lets a CEPTOAR secretariat import its 1,285 members, their memberships and contacts', async () => {
    const viewer = fx.viewer('fx-ceptoar-bank', 'manager');
    const n = 1285;
    const id = (i: number) => String(i).padStart(4, '0');
    let orgs = `${ORG_HEADER}\n`;
    let contacts = `${CONTACT_HEADER}\n`;
    for (let i = 1; i <= n; i++) {
      orgs += `member-bank-${id(i)},operator,会員銀行${id(i)},Member Bank ${id(i)},finance,companies,${String((i % 47) + 1).padStart(2, '0')}\n`;
      contacts += `member-bank-${id(i)},primary,担当 ${id(i)},Officer ${id(i)},soc${id(i)}@bank${id(i)}.example.jp,+81 3 1234 ${id(i)},,\n`;
    }
    const started = performance.now();
    const imported = await service.importCsv(viewer, 'organizations', csv(orgs), { dryRun: false });
    const orgMs = performance.now() - started;
    assert.deepEqual([imported.rows, imported.created, imported.errors.length], [n, n, 0]);
    const contactStart = performance.now();
    const contactResult = await service.importCsv(viewer, 'contacts', csv(contacts), { dryRun: false });
    const contactMs = performance.now() - contactStart;
    assert.deepEqual([contactResult.created, contactResult.errors.length], [n, 0]);
    // New organizations joined the importing CEPTOAR, so the memberships file is all unchanged.
    let memberships = 'organization_slug,group_slug,relation\n';
    for (let i = 1; i <= n; i++) memberships += `member-bank-${id(i)},fx-ceptoar-bank,member\n`;
    const again = await service.importCsv(viewer, 'memberships', csv(memberships), { dryRun: false });
    assert.deepEqual([again.unchanged, again.created], [n, 0]);
    console.log(
      `# 1,285-member import on ${database.kind}: organizations ${orgMs.toFixed(0)} ms, contacts ${contactMs.toFixed(0)} ms`,
    );
    assert.ok(orgMs < 30_000 && contactMs < 30_000);
  });

  it('keeps a CEPTOAR secretariat within its own CEPTOAR', async () => {
    const viewer = fx.viewer('fx-ceptoar-bank', 'admin');
    const orgs = await service.importCsv(
      viewer,
      'organizations',
      csv(
        `${ORG_HEADER}\n` +
          'cep-ministry,ministry,省,Ministry,,,\n' + // 2: kind not allowed
          'fx-water-1,operator,乗っ取り,Takeover,water,,\n' + // 3: another CEPTOAR's member
          'fx-ceptoar-bank,operator,自分,Self,finance,,\n', // 4: its own (structural) entry
      ),
      { dryRun: true },
    );
    assert.deepEqual(
      orgs.errors.map((e) => [e.row, e.column, e.code]),
      [
        [2, 'kind', 'KIND_NOT_PERMITTED'],
        [3, 'slug', 'SLUG_NOT_AVAILABLE'],
        [4, 'slug', 'SLUG_NOT_AVAILABLE'],
      ],
    );
    const memberships = await service.importCsv(
      viewer,
      'memberships',
      csv(
        'organization_slug,group_slug,relation\nfx-hospital,fx-ceptoar-water,member\nfx-hospital,fx-ceptoar-bank,member\n',
      ),
      { dryRun: true },
    );
    assert.deepEqual(
      memberships.errors.map((e) => [e.row, e.code]),
      [[2, 'GROUP_NOT_PERMITTED']],
    );
    assert.equal(memberships.created, 1, 'an existing operator may join the CEPTOAR');
    const contacts = await service.importCsv(
      viewer,
      'contacts',
      csv(`${CONTACT_HEADER}\nfx-water-1,backup,他人,Stranger,x@water.example.jp,,,\n`),
      { dryRun: true },
    );
    assert.deepEqual(
      contacts.errors.map((e) => [e.row, e.code]),
      [[2, 'UNKNOWN_ORGANIZATION']],
    );
  });

  it('refuses imports from operators, ministries, CEPTOAR analysts and coordinator managers', async () => {
    const body = csv(`${ORG_HEADER}\nx-bank,operator,銀行,Bank,,,\n`);
    for (const viewer of [
      fx.viewer('fx-bank-1', 'admin'),
      fx.viewer('fx-fsa', 'admin'),
      fx.viewer('fx-ceptoar-bank', 'analyst'),
      fx.viewer('fx-nco', 'manager'),
    ]) {
      await assert.rejects(
        service.importCsv(viewer, 'organizations', body, { dryRun: true }),
        (error: unknown) => errorCode(error) === 'FORBIDDEN',
      );
    }
  });

  it('exports with a BOM, formula-guarded cells, and round-trips to all unchanged', async () => {
    const coordinator = fx.viewer('fx-nco');
    await service.importCsv(
      coordinator,
      'contacts',
      csv(
        `${CONTACT_HEADER}\nfx-bank-2,primary,"=危険, 名前",-Minus,soc@bank2.example.jp,+81 3 0000 1111,,\n`,
      ),
      { dryRun: false },
    );
    for (const kind of ['organizations', 'memberships', 'contacts'] as const) {
      const exported = await service.exportCsv(coordinator, kind, undefined);
      assert.ok(exported.csv.startsWith('\ufeff'), `${kind} starts with a BOM`);
      assert.match(exported.filename, new RegExp(`^cipx-${kind}-20261123\\.csv$`));
      const back = await service.importCsv(coordinator, kind, csv(exported.csv), { dryRun: true });
      assert.deepEqual(back.errors, []);
      assert.equal(back.unchanged, exported.rows, `${kind}: export → import is all unchanged`);
      assert.equal(back.created + back.updated, 0);
    }
    const contacts = await service.exportCsv(coordinator, 'contacts', undefined);
    assert.ok(contacts.csv.includes(`"'=危険, 名前",'-Minus`));
    assert.ok(contacts.csv.includes(`'+81 3 0000 1111`));
  });

  it('exports only what the viewer may see', async () => {
    const operator = await service.exportCsv(fx.viewer('fx-bank-1', 'viewer'), 'organizations', undefined);
    assert.ok(operator.csv.includes('fx-bank-1,'));
    assert.ok(operator.csv.includes('fx-ceptoar-water,'));
    assert.ok(!operator.csv.includes('fx-bank-2,'));
    assert.ok(!operator.csv.includes('fx-water-1,'));
    const operatorContacts = await service.exportCsv(fx.viewer('fx-bank-1', 'viewer'), 'contacts', undefined);
    const slugs = operatorContacts.csv
      .trim()
      .split('\r\n')
      .slice(1)
      .map((line) => line.split(',')[0]);
    assert.deepEqual([...new Set(slugs)], ['fx-bank-1']);
    const ceptoar = await service.exportCsv(fx.viewer('fx-ceptoar-water'), 'memberships', 'fx-ceptoar-water');
    assert.equal(
      ceptoar.csv,
      '\ufefforganization_slug,group_slug,relation\r\nfx-water-1,fx-ceptoar-water,member\r\n',
    );
    assert.equal(ceptoar.filename, 'cipx-memberships-fx-ceptoar-water-20261123.csv');
    const foreign = await service.exportCsv(fx.viewer('fx-ceptoar-water'), 'contacts', 'fx-ceptoar-bank');
    assert.equal(foreign.rows, 0, "another CEPTOAR's members' contacts are not exported");
    await assert.rejects(
      service.exportCsv(fx.viewer('fx-bank-1'), 'organizations', 'fx-bank-2'),
      (error: unknown) => errorCode(error) === 'ORGANIZATION_NOT_FOUND',
    );
  });
});
