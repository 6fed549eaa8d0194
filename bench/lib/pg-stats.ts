import pg from 'pg';

// What PostgreSQL did for a run, from pg_stat_database of the bench database: transactions
// (every statement outside an explicit transaction counts as one) and rows touched. The
// counters are sent by backends at transaction end and read from a snapshot, so the
// reader waits briefly and asks for a fresh snapshot.

export interface DbCounters {
  xact_commit: number;
  xact_rollback: number;
  tup_returned: number;
  tup_fetched: number;
  tup_inserted: number;
  tup_updated: number;
  tup_deleted: number;
}

const FIELDS: (keyof DbCounters)[] = [
  'xact_commit',
  'xact_rollback',
  'tup_returned',
  'tup_fetched',
  'tup_inserted',
  'tup_updated',
  'tup_deleted',
];

interface TableCounters {
  seq_scan: number;
  seq_tup_read: number;
  idx_scan: number;
  idx_tup_fetch: number;
}

async function read(url: string): Promise<{ db: DbCounters; tables: Map<string, TableCounters> }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Backends report their counters up to a second after a transaction ends.
    await new Promise((resolve) => setTimeout(resolve, 1200));
    await client.query('SELECT pg_stat_clear_snapshot()');
    const { rows } = await client.query<Record<keyof DbCounters, string>>(
      `SELECT ${FIELDS.join(', ')} FROM pg_stat_database WHERE datname = current_database()`,
    );
    const row = rows[0];
    const tables = await client.query<{ relname: string } & Record<keyof TableCounters, string | null>>(
      'SELECT relname, seq_scan, seq_tup_read, idx_scan, idx_tup_fetch FROM pg_stat_user_tables',
    );
    return {
      db: Object.fromEntries(FIELDS.map((f) => [f, Number(row?.[f] ?? 0)])) as unknown as DbCounters,
      tables: new Map(
        tables.rows.map((t) => [
          t.relname,
          {
            seq_scan: Number(t.seq_scan ?? 0),
            seq_tup_read: Number(t.seq_tup_read ?? 0),
            idx_scan: Number(t.idx_scan ?? 0),
            idx_tup_fetch: Number(t.idx_tup_fetch ?? 0),
          },
        ]),
      ),
    };
  } finally {
    await client.end();
  }
}

export interface PerReport {
  database: Record<keyof DbCounters, number>;
  /** Tables by rows read per report (sequential plus index), the heaviest first. */
  tables: ({ table: string } & TableCounters)[];
}

/** Starts counting on PostgreSQL (null URL: PGlite, nothing to count); `stop()` returns per-report figures. */
export async function startDbCounters(
  url: string | null,
): Promise<{ stop(reports: number): Promise<PerReport | null> }> {
  if (url === null) return { stop: () => Promise.resolve(null) };
  const before = await read(url);
  return {
    async stop(reports) {
      const after = await read(url);
      const per = (n: number) => Math.round((n / reports) * 100) / 100;
      const tables = [...after.tables].map(([table, a]) => {
        const b = before.tables.get(table) ?? { seq_scan: 0, seq_tup_read: 0, idx_scan: 0, idx_tup_fetch: 0 };
        return {
          table,
          seq_scan: per(a.seq_scan - b.seq_scan),
          seq_tup_read: per(a.seq_tup_read - b.seq_tup_read),
          idx_scan: per(a.idx_scan - b.idx_scan),
          idx_tup_fetch: per(a.idx_tup_fetch - b.idx_tup_fetch),
        };
      });
      return {
        database: Object.fromEntries(FIELDS.map((f) => [f, per(after.db[f] - before.db[f])])) as Record<
          keyof DbCounters,
          number
        >,
        tables: tables
          .filter((t) => t.seq_scan + t.idx_scan > 0)
          .sort((x, y) => y.seq_tup_read + y.idx_tup_fetch - (x.seq_tup_read + x.idx_tup_fetch))
          .slice(0, 12),
      };
    },
  };
}
