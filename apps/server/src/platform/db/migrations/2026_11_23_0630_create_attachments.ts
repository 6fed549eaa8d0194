import { sql, type Kysely } from 'kysely';

// Attachments of reports (DESIGN.md §5): the bytes live in the database as chunks of bytea,
// never on a node's disk, so nodes stay stateless and a backup holds everything. An
// attachment has no visibility of its own: whoever sees the report sees its attachments.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE attachments (
      id uuid PRIMARY KEY,
      report_id uuid NOT NULL REFERENCES reports(id),
      filename text NOT NULL CHECK (length(filename) BETWEEN 1 AND 255),
      declared_type text NOT NULL,
      sniffed_type text NOT NULL,
      size integer NOT NULL CHECK (size >= 0),
      sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      uploaded_by_user_id uuid NOT NULL REFERENCES users(id),
      uploaded_by_org_id uuid NOT NULL REFERENCES organizations(id),
      created_at timestamptz NOT NULL,
      metadata_stripped boolean NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX attachments_report_idx ON attachments (report_id, created_at, id)`.execute(db);

  await sql`
    CREATE TABLE attachment_chunks (
      attachment_id uuid NOT NULL REFERENCES attachments(id) ON DELETE CASCADE,
      seq integer NOT NULL CHECK (seq >= 0),
      data bytea NOT NULL,
      PRIMARY KEY (attachment_id, seq)
    )`.execute(db);
}
