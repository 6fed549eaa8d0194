import { isUtf8 } from 'node:buffer';
import type { BilingualName, CsvRowError, DirectoryCsvKind } from '@cipx/contracts';
import { DIRECTORY_CSV_COLUMNS } from '@cipx/contracts';
import { CsvError, parse } from 'csv-parse/sync';
import { AppError } from '../../shared/app-error.js';

/**
 * CSV files of the directory, as spreadsheet users make them: UTF-8 with or without a BOM,
 * columns in any order, blank rows ignored. Row numbers are the ones a spreadsheet shows
 * (the header is row 1), so a secretariat can find the line it must fix.
 */

export const MAX_CSV_BYTES = 5 * 1024 * 1024;
export const MAX_CSV_ROWS = 20_000;
export const CSV_LIMITS = { maxSize: '5 MiB', maxRows: '20,000' } as const;

export type CsvColumn<K extends DirectoryCsvKind> = (typeof DIRECTORY_CSV_COLUMNS)[K][number];

export interface CsvRow<K extends DirectoryCsvKind> {
  /** Spreadsheet row number (header = 1). */
  row: number;
  values: Record<CsvColumn<K>, string>;
}

export interface ParsedCsv<K extends DirectoryCsvKind> {
  rows: CsvRow<K>[];
  errors: CsvRowError[];
}

const MESSAGES = {
  MALFORMED: [
    'CSV の形式が正しくありません（引用符の閉じ忘れなど）',
    'The CSV is malformed (for example, an unclosed quote)',
  ],
  EMPTY_FILE: ['見出し行がありません', 'The file has no header row'],
  MISSING_COLUMN: ['必須の列がありません', 'A required column is missing'],
  UNKNOWN_COLUMN: ['不明な列です', 'Unknown column'],
  DUPLICATE_COLUMN: ['列名が重複しています', 'The column appears twice'],
  COLUMN_COUNT: ['列の数が見出し行と一致しません', 'The number of cells differs from the header'],
  REQUIRED: ['値を入力してください', 'A value is required'],
  TOO_LONG: ['値が長すぎます（{max}文字まで）', 'The value is too long (at most {max} characters)'],
  INVALID_SLUG: [
    'スラッグは半角英小文字・数字・ハイフンの2〜63文字で、先頭は英数字にしてください',
    'A slug is 2–63 lower-case letters, digits or hyphens, starting with a letter or digit',
  ],
  INVALID_ENUM: ['使用できる値は {allowed} です', 'Allowed values are {allowed}'],
  INVALID_MEMBER_KIND: [
    '英小文字とアンダースコアで入力してください',
    'Use lower-case letters and underscores',
  ],
  INVALID_PREFECTURE: ['都道府県コードは 01〜47 です', 'A prefecture code is 01 to 47'],
  INVALID_EMAIL: ['メールアドレスの形式が正しくありません', 'Not a valid e-mail address'],
  INVALID_PHONE: [
    '電話番号は数字・+・-・空白で入力してください（7〜15桁）',
    'A telephone number is digits with +, - or spaces (7 to 15 digits)',
  ],
  UNKNOWN_SECTOR: ['この分野コードはありません', 'No sector has this code'],
  UNKNOWN_ORGANIZATION: [
    'この組織は存在しないか、あなたが管理できる組織ではありません',
    'No such organization among those you may manage',
  ],
  UNKNOWN_GROUP: ['このグループ（セプター等）はありません', 'No such group (CEPTOAR, council)'],
  NOT_A_GROUP: [
    'この組織はグループ（セプター等）ではありません',
    'This organization is not a group (CEPTOAR, council)',
  ],
  SELF_MEMBERSHIP: ['組織を自分自身のメンバーにはできません', 'An organization cannot be a member of itself'],
  DUPLICATE_ROW: ['{first}行目と重複しています', 'Duplicates row {first}'],
  KIND_NOT_PERMITTED: [
    'セプター事務局が登録できるのは operator と vendor の組織のみです',
    'A CEPTOAR secretariat may register only operator and vendor organizations',
  ],
  GROUP_NOT_PERMITTED: [
    '自組織以外のグループには登録できません',
    'You may add members to your own group only',
  ],
  SLUG_NOT_AVAILABLE: [
    'このスラッグは使用できません（自組織のメンバー以外が使用しています）',
    'This slug cannot be used (it belongs to an organization outside your membership)',
  ],
} as const satisfies Record<string, readonly [string, string]>;

export type CsvErrorCode = keyof typeof MESSAGES;

function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in params ? String(params[key]) : whole,
  );
}

export function rowError(
  row: number,
  column: string,
  code: CsvErrorCode,
  params: Record<string, string | number> = {},
): CsvRowError {
  const [ja, en] = MESSAGES[code];
  const message: BilingualName = { ja: fill(ja, params), en: fill(en, params) };
  return { row, column, code, message };
}

/** Bytes → text. Refuses anything but UTF-8 (Excel's default "CSV" is Shift_JIS) and drops a BOM. */
export function decodeCsv(bytes: Buffer): string {
  if (bytes.length > MAX_CSV_BYTES) throw new AppError('CSV_TOO_LARGE', CSV_LIMITS);
  if (!isUtf8(bytes)) {
    let line = 1;
    let start = 0;
    for (let i = 0; i <= bytes.length; i++) {
      if (i === bytes.length || bytes[i] === 0x0a) {
        if (!isUtf8(bytes.subarray(start, i))) break;
        line++;
        start = i + 1;
      }
    }
    throw new AppError('CSV_NOT_UTF8', { line }, [
      {
        field: `row ${line}`,
        row: line,
        code: 'NOT_UTF8',
        message: 'The file is not UTF-8; save it as "CSV UTF-8" / UTF-8 で保存してください',
      },
    ]);
  }
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Reverses the export's formula guard: Excel hides one leading apostrophe, and so do we. */
function unguard(value: string): string {
  return value.startsWith("'") ? value.slice(1) : value;
}

/**
 * Parses a decoded CSV of `kind`: header checks, cell counts, trimming. Value checks are
 * the caller's (they need the database). Blank rows are skipped but keep their number.
 */
export function parseCsv<K extends DirectoryCsvKind>(text: string, kind: K): ParsedCsv<K> {
  const expected: readonly string[] = DIRECTORY_CSV_COLUMNS[kind];
  let records: string[][];
  try {
    records = parse(text, { relax_column_count: true, skip_empty_lines: false });
  } catch (error) {
    if (error instanceof CsvError) {
      const lines = typeof error['lines'] === 'number' ? error['lines'] : 1;
      return { rows: [], errors: [rowError(Math.max(1, lines), '', 'MALFORMED')] };
    }
    throw error;
  }
  const isBlank = (record: string[]) => record.every((cell) => cell.trim() === '');
  const header = records[0];
  if (!header || isBlank(header)) return { rows: [], errors: [rowError(1, '', 'EMPTY_FILE')] };
  if (records.length - 1 > MAX_CSV_ROWS) throw new AppError('CSV_TOO_LARGE', CSV_LIMITS);

  const errors: CsvRowError[] = [];
  const names = header.map((cell) => cell.trim().toLowerCase());
  const seen = new Set<string>();
  for (const name of names) {
    if (name === '') continue;
    if (!expected.includes(name)) errors.push(rowError(1, name, 'UNKNOWN_COLUMN'));
    else if (seen.has(name)) errors.push(rowError(1, name, 'DUPLICATE_COLUMN'));
    seen.add(name);
  }
  for (const name of expected) if (!seen.has(name)) errors.push(rowError(1, name, 'MISSING_COLUMN'));
  if (errors.length > 0) return { rows: [], errors };

  const rows: CsvRow<K>[] = [];
  records.forEach((record, index) => {
    if (index === 0 || isBlank(record)) return;
    const row = index + 1;
    if (record.length > names.length && record.slice(names.length).some((cell) => cell.trim() !== '')) {
      errors.push(rowError(row, '', 'COLUMN_COUNT'));
      return;
    }
    const values = {} as Record<string, string>;
    names.forEach((name, i) => {
      if (name !== '') values[name] = unguard((record[i] ?? '').trim()).trim();
    });
    rows.push({ row, values: values });
  });
  return { rows, errors };
}

// The formula guard and the BOM-prefixed writer are shared with every other export.
export { guardCell, toCsv } from '../../shared/csv-export.js';
