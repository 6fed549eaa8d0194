import { sql, type Kysely } from 'kysely';

// The directory lists organizations in byte order of the English name, then id, and pages
// with keyset cursors on that pair; this index serves both. (Name search already has the
// foundation's pg_trgm index.)
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX organizations_name_en_order ON organizations ((name_en COLLATE "C"), id)`.execute(
    db,
  );
}
