import Papa from 'papaparse';

export interface CsvPreview {
  header: string[];
  rows: string[][];
  error: string | null;
}

/** The header and the first `limit` data rows, parsed in the browser before anything is sent. */
export function previewCsv(text: string, limit = 5): CsvPreview {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), {
    preview: limit + 1,
    skipEmptyLines: 'greedy',
  });
  const [header = [], ...rows] = parsed.data;
  const fatal = parsed.errors.find((e) => e.type === 'Quotes' || e.type === 'Delimiter');
  return { header, rows, error: fatal ? fatal.message : null };
}
