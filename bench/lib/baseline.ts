import { randomUUID } from 'node:crypto';
import { CompiledQuery, sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../apps/server/src/platform/db/tables.js';

// The baseline: the rows one API filing wrote, written again by direct SQL — one
// transaction per report, one INSERT per table — without HTTP, authentication, validation
// or routing logic. The template is read back from a report the API filed, so the baseline
// follows whatever the API writes (report, timeline, hops, ratings, deadlines, outbox
// jobs, pending audit events, the stored Idempotency-Key response).

interface TableRows {
  table: string;
  columns: string[];
  rows: Record<string, unknown>[];
}

export interface Template {
  reportId: string;
  number: string;
  idempotencyKey: string | null;
  /** Ids of the report's own child rows (timeline entries, ratings …), replaced per copy. */
  childIds: string[];
  tables: TableRows[];
}

const AUDIT_COLUMNS = [
  'at',
  'actor_user_id',
  'actor_org_id',
  'actor_label',
  'action',
  'target_type',
  'target_ids',
  'detail',
  'request_id',
  'ip',
];
const OUTBOX_COLUMNS = ['kind', 'payload', 'dedupe_key', 'run_at', 'max_attempts'];
const IDEMPOTENCY_COLUMNS = ['caller', 'key', 'request_hash', 'status_code', 'response_body', 'created_at'];

async function rowsOf(
  db: Kysely<Database>,
  query: RawBuilder<{ row: unknown }>,
): Promise<Record<string, unknown>[]> {
  const { rows } = await query.execute(db);
  return rows.map((r) => (typeof r.row === 'string' ? JSON.parse(r.row) : r.row) as Record<string, unknown>);
}

/** Reads back everything the API wrote for one report. */
export async function readTemplate(db: Kysely<Database>, reportId: string): Promise<Template> {
  const report = await rowsOf(
    db,
    sql<{ row: unknown }>`SELECT to_jsonb(r) AS row FROM reports r WHERE r.id = ${reportId}`,
  );
  const first = report[0];
  if (!first) throw new Error(`template report ${reportId} not found`);
  const tables: TableRows[] = [{ table: 'reports', columns: Object.keys(first), rows: report }];
  const childIds: string[] = [];

  // Every table that hangs off a report, found by its report_id column.
  const { rows: children } = await sql<{ table_name: string }>`
    SELECT DISTINCT table_name FROM information_schema.columns
    WHERE table_schema = current_schema() AND column_name = 'report_id' AND table_name <> 'reports'
    ORDER BY table_name`.execute(db);
  for (const { table_name: table } of children) {
    const rows = await rowsOf(
      db,
      sql<{
        row: unknown;
      }>`SELECT to_jsonb(t) AS row FROM ${sql.table(table)} t WHERE t.report_id = ${reportId}`,
    );
    if (rows.length === 0) continue;
    const { rows: generated } = await sql<{ column_name: string }>`
      SELECT column_name FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = ${table} AND column_default LIKE 'nextval%'`.execute(
      db,
    );
    const skip = new Set(generated.map((g) => g.column_name));
    const columns = Object.keys(rows[0] as object).filter((c) => !skip.has(c));
    for (const row of rows) if (typeof row['id'] === 'string') childIds.push(row['id']);
    tables.push({ table, columns, rows });
  }

  // Jobs as enqueued (the worker may have run them since), audit events as recorded
  // (pending, or already chained into audit_log), and the stored first response.
  const outbox = await rowsOf(
    db,
    sql<{
      row: unknown;
    }>`SELECT jsonb_build_object('kind', kind, 'payload', payload, 'dedupe_key', dedupe_key,
          'run_at', run_at, 'max_attempts', max_attempts) AS row
        FROM outbox WHERE payload->>'reportId' = ${reportId} ORDER BY id`,
  );
  if (outbox.length > 0) tables.push({ table: 'outbox', columns: OUTBOX_COLUMNS, rows: outbox });
  const auditRow = (alias: string) =>
    sql.raw(`jsonb_build_object(${AUDIT_COLUMNS.map((c) => `'${c}', ${alias}.${c}`).join(', ')})`);
  const audit = await rowsOf(
    db,
    sql<{ row: unknown }>`SELECT row FROM (
          SELECT ${auditRow('p')} AS row, p.at FROM audit_pending p WHERE ${reportId} = ANY(p.target_ids)
          UNION ALL
          SELECT ${auditRow('l')} AS row, l.at FROM audit_log l WHERE ${reportId} = ANY(l.target_ids)
        ) e ORDER BY e.at`,
  );
  if (audit.length > 0) tables.push({ table: 'audit_pending', columns: AUDIT_COLUMNS, rows: audit });
  const keys = await rowsOf(
    db,
    sql<{
      row: unknown;
    }>`SELECT to_jsonb(k) AS row FROM idempotency_keys k WHERE k.response_body->>'id' = ${reportId}`,
  );
  if (keys.length > 0) tables.push({ table: 'idempotency_keys', columns: IDEMPOTENCY_COLUMNS, rows: keys });

  return {
    reportId,
    number: String(first['number']),
    idempotencyKey: typeof keys[0]?.['key'] === 'string' ? keys[0]['key'] : null,
    childIds,
    tables,
  };
}

/** Row counts per table of the template, for the JSON result. */
export function templateShape(template: Template): Record<string, number> {
  return Object.fromEntries(template.tables.map((t) => [t.table, t.rows.length]));
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Prepared statements of one copy: the SQL is fixed, the rows arrive as one jsonb parameter per table. */
export function createCopier(template: Template) {
  const statements = template.tables.map((t) => {
    const cols = t.columns.map(ident).join(', ');
    return {
      sql: `INSERT INTO ${ident(t.table)} (${cols}) SELECT ${cols} FROM jsonb_populate_recordset(NULL::${ident(t.table)}, $1::jsonb)`,
      json: JSON.stringify(t.rows.map((r) => Object.fromEntries(t.columns.map((c) => [c, r[c]])))),
    };
  });
  const olds = [
    template.reportId,
    template.number,
    ...template.childIds,
    ...(template.idempotencyKey ? [template.idempotencyKey] : []),
  ];
  const pattern = new RegExp(olds.map(escape).join('|'), 'g');
  return {
    /** The statements of copy `i`: new report id, number, child ids and Idempotency-Key. */
    copy(i: number): CompiledQuery[] {
      const fresh = new Map<string, string>([
        [template.reportId, randomUUID()],
        [template.number, `B-${template.number.slice(2, 7)}${String(i).padStart(7, '0')}`],
        ...template.childIds.map((id): [string, string] => [id, randomUUID()]),
        ...(template.idempotencyKey ? [[template.idempotencyKey, randomUUID()] as [string, string]] : []),
      ]);
      return statements.map((s) =>
        CompiledQuery.raw(s.sql, [s.json.replace(pattern, (old) => fresh.get(old) ?? old)]),
      );
    },
  };
}

/** Writes copy `i` in one transaction. */
export async function writeCopy(db: Kysely<Database>, statements: readonly CompiledQuery[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const statement of statements) await trx.executeQuery(statement);
  });
}
