import { sql, type Kysely } from 'kysely';

// The severity scale (DOMAIN.md §4): the helper rubric and the NISC → CISS mapping as
// versioned reference data (one active version each; ratings keep the versions they used),
// every rating with who, when, basis and rationale, and on `reports` the current overall
// level so lists can filter on it. The shipped defaults are inserted by the severity service
// the first time it needs them, from the data in modules/reports/{rubric,severity}.ts.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE severity_rubrics (
      version integer PRIMARY KEY CHECK (version > 0),
      thresholds jsonb NOT NULL,
      note_ja text NOT NULL,
      note_en text NOT NULL,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL,
      active boolean NOT NULL DEFAULT false
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX severity_rubrics_one_active ON severity_rubrics ((true)) WHERE active`.execute(
    db,
  );

  await sql`
    CREATE TABLE severity_mappings (
      version integer PRIMARY KEY CHECK (version > 0),
      edition text NOT NULL,
      entries jsonb NOT NULL,
      source text NOT NULL,
      note_ja text NOT NULL,
      note_en text NOT NULL,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL,
      active boolean NOT NULL DEFAULT false
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX severity_mappings_one_active ON severity_mappings ((true)) WHERE active`.execute(
    db,
  );

  await sql`
    CREATE TABLE severity_ratings (
      id uuid PRIMARY KEY,
      report_id uuid NOT NULL REFERENCES reports(id),
      basis text NOT NULL CHECK (basis IN ('provisional','final')),
      rater_org_id uuid NOT NULL REFERENCES organizations(id),
      rater_user_id uuid REFERENCES users(id),
      rater_role text NOT NULL CHECK (rater_role IN ('reporter','ministry','ceptoar','coordinator')),
      continuity smallint NOT NULL CHECK (continuity BETWEEN 0 AND 4),
      safety smallint NOT NULL CHECK (safety BETWEEN 0 AND 4),
      trust smallint NOT NULL CHECK (trust BETWEEN 0 AND 4),
      overall smallint NOT NULL,
      ciss_level smallint NOT NULL CHECK (ciss_level BETWEEN 0 AND 5),
      mapping_version integer NOT NULL REFERENCES severity_mappings(version),
      rationale text NOT NULL,
      rubric_version integer REFERENCES severity_rubrics(version),
      created_at timestamptz NOT NULL,
      CHECK (overall = GREATEST(continuity, safety, trust)),
      CHECK (basis = 'provisional' OR rater_role = 'coordinator')
    )`.execute(db);
  await sql`CREATE INDEX severity_ratings_report_idx ON severity_ratings (report_id, created_at)`.execute(db);

  // The current rating's overall level (final beats provisional), kept by the severity service.
  await sql`
    ALTER TABLE reports
      ADD COLUMN severity_overall smallint CHECK (severity_overall BETWEEN 0 AND 4),
      ADD COLUMN severity_basis text CHECK (severity_basis IN ('provisional','final')),
      ADD CONSTRAINT reports_severity_pair CHECK ((severity_overall IS NULL) = (severity_basis IS NULL))`.execute(
    db,
  );
  await sql`CREATE INDEX reports_severity_idx ON reports (severity_overall) WHERE severity_overall IS NOT NULL`.execute(
    db,
  );
}
