import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { decodeCsv, guardCell, MAX_CSV_ROWS, parseCsv, toCsv } from './csv.js';
import { isEmail, isPhone, isSlug, normalizePrefecture } from './organization.js';

const ORG_HEADER = 'slug,kind,name_ja,name_en,sector_code,member_kind,prefecture_code';

function codeOf(error: unknown): string | undefined {
  return (error as { code?: string }).code;
}

describe('directory CSV (pure)', () => {
  it('accepts UTF-8 with or without a BOM', () => {
    const plain = decodeCsv(Buffer.from('slug\nデモ', 'utf8'));
    const withBom = decodeCsv(
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('slug\nデモ', 'utf8')]),
    );
    assert.equal(plain, 'slug\nデモ');
    assert.equal(withBom, plain);
  });

  it('refuses Shift_JIS and names the first line that is not UTF-8', () => {
    // "デモ" in Shift_JIS on line 3.
    const sjis = Buffer.concat([
      Buffer.from('slug,name_ja\r\nok,ok\r\nbad,'),
      Buffer.from([0x83, 0x66, 0x83, 0x82]),
      Buffer.from('\r\n'),
    ]);
    assert.throws(
      () => decodeCsv(sjis),
      (error: unknown) => {
        const e = error as { code: string; params: { line: number }; fieldErrors: { row: number }[] };
        return e.code === 'CSV_NOT_UTF8' && e.params.line === 3 && e.fieldErrors[0]?.row === 3;
      },
    );
  });

  it('numbers rows as a spreadsheet does: header is row 1, blank rows keep their number', () => {
    const text = `${ORG_HEADER}\r\na-1,operator,甲,A,,,\r\n,,,,,,\r\n\r\n"a-2",vendor,"乙
二行目",B,,,13\r\n`;
    const { rows, errors } = parseCsv(text, 'organizations');
    assert.deepEqual(errors, []);
    assert.deepEqual(
      rows.map((r) => [r.row, r.values.slug]),
      [
        [2, 'a-1'],
        [5, 'a-2'],
      ],
    );
    assert.equal(rows[1]?.values.name_ja, '乙\n二行目');
  });

  it('reports missing, unknown and duplicate columns on row 1, in any column order', () => {
    const { errors } = parseCsv('name_en,SLUG,kind,nmae_ja,kind\nx,y,z,w,v', 'organizations');
    const found = errors.map((e) => `${e.row}:${e.column}:${e.code}`).sort();
    assert.deepEqual(found, [
      '1:kind:DUPLICATE_COLUMN',
      '1:member_kind:MISSING_COLUMN',
      '1:name_ja:MISSING_COLUMN',
      '1:nmae_ja:UNKNOWN_COLUMN',
      '1:prefecture_code:MISSING_COLUMN',
      '1:sector_code:MISSING_COLUMN',
    ]);
    assert.ok(errors.every((e) => e.message.ja.length > 0 && e.message.en.length > 0));
  });

  it('reports a row with more cells than the header, and a malformed file', () => {
    const extra = parseCsv('organization_slug,group_slug,relation\na,b,member,surplus\n', 'memberships');
    assert.deepEqual(
      extra.errors.map((e) => [e.row, e.code]),
      [[2, 'COLUMN_COUNT']],
    );
    const broken = parseCsv('organization_slug,group_slug,relation\n"a,b,member\n', 'memberships');
    assert.equal(broken.errors[0]?.code, 'MALFORMED');
  });

  it('refuses more than 20,000 data rows', () => {
    const text = `organization_slug,group_slug,relation\n${'a,b,member\n'.repeat(MAX_CSV_ROWS + 1)}`;
    assert.throws(
      () => parseCsv(text, 'memberships'),
      (error: unknown) => codeOf(error) === 'CSV_TOO_LARGE',
    );
  });

  it('guards cells that a spreadsheet would run as a formula', () => {
    assert.equal(guardCell('=HYPERLINK("http://x")'), `'=HYPERLINK("http://x")`);
    assert.equal(guardCell('+81 3 1234 5678'), `'+81 3 1234 5678`);
    assert.equal(guardCell('-1'), `'-1`);
    assert.equal(guardCell('@SUM(A1)'), `'@SUM(A1)`);
    assert.equal(guardCell('\tx'), `'\tx`);
    assert.equal(guardCell('\rx'), `'\rx`);
    assert.equal(guardCell('Demo Bank'), 'Demo Bank');
    const csv = toCsv(['a'], [['=1+1'], [null]]);
    assert.ok(csv.startsWith('\ufeffa\r\n'));
    assert.ok(csv.includes(`'=1+1`));
  });

  it('round-trips any cell value through export and import', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (raw) => {
        const value = raw.trim();
        const header = 'organization_slug,group_slug,relation';
        const text = decodeCsv(Buffer.from(toCsv(header.split(','), [['a', 'b', value]]), 'utf8'));
        const { rows } = parseCsv(text, 'memberships');
        // A row of blanks is skipped on import, so only non-blank rows come back.
        return rows[0]?.values.relation === value.trim() || rows.length === 0;
      }),
    );
  });
});

describe('directory field rules (pure)', () => {
  it('accepts E.164 and Japanese telephone forms, and refuses letters or too few digits', () => {
    for (const ok of ['+81 3 1234 5678', '+81-90-1234-5678', '03-1234-5678', '0120-123-456', '09012345678']) {
      assert.ok(isPhone(ok), ok);
    }
    for (const bad of ['03-CALL-NOW', '123', '+', '03--', '(03) 1234 5678', '+81 3 1234 5678 9999 0000']) {
      assert.ok(!isPhone(bad), bad);
    }
  });

  it('checks e-mail addresses, slugs and prefecture codes', () => {
    assert.ok(isEmail('soc@bank.example.jp'));
    assert.ok(!isEmail('soc@bank'));
    assert.ok(!isEmail('soc @bank.example.jp'));
    assert.ok(isSlug('demo-bank-0001'));
    assert.ok(!isSlug('-demo'));
    assert.ok(!isSlug('Demo'));
    assert.ok(!isSlug('a'));
    assert.equal(normalizePrefecture('01'), '01');
    assert.equal(normalizePrefecture('1'), '01');
    assert.equal(normalizePrefecture('47'), '47');
    assert.equal(normalizePrefecture('48'), undefined);
    assert.equal(normalizePrefecture('00'), undefined);
    assert.equal(normalizePrefecture('東京'), undefined);
  });
});
