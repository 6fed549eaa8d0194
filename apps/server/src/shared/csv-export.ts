import { stringify } from 'csv-stringify/sync';

// CSV for spreadsheets, shared by every export (directory, reports …).

// Cells a spreadsheet would run as a formula (CSV injection): =, +, -, @, tab, CR.
// A leading apostrophe is added to those (and to values that start with one, so an
// import that removes one leading apostrophe, as Excel does, is an exact inverse).
const FORMULA_START = /^[=+\-@\t\r']/;

export function guardCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** CSV text with a UTF-8 BOM (Excel then reads Japanese correctly) and formula-guarded cells. */
export function toCsv(columns: readonly string[], rows: readonly (readonly (string | null)[])[]): string {
  return stringify([columns, ...rows.map((row) => row.map((cell) => guardCell(cell ?? '')))], {
    bom: true,
    record_delimiter: '\r\n',
  });
}
