import { sql, type Kysely } from 'kysely';

// The deadline engine (DOMAIN.md §5): regimes as versioned reference data (stages in jsonb),
// the anchors a report does not carry itself (awareness, ransom payment), and one row per
// report, regime and stage with its clock. `revision` counts reschedules: reminder and
// escalation jobs carry the revision they were planned for and do nothing once it moved on.
// The shipped regimes are inserted by the deadlines service the first time it needs them.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE deadline_regimes (
      id uuid PRIMARY KEY,
      code text NOT NULL,
      version integer NOT NULL CHECK (version > 0),
      name_ja text NOT NULL,
      name_en text NOT NULL,
      source text NOT NULL,
      note_ja text NOT NULL DEFAULT '',
      note_en text NOT NULL DEFAULT '',
      calendar text NOT NULL CHECK (calendar IN ('jst','utc')),
      stages jsonb NOT NULL,
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL,
      UNIQUE (code, version)
    )`.execute(db);

  await sql`
    CREATE TABLE report_deadline_anchors (
      report_id uuid NOT NULL REFERENCES reports(id),
      anchor text NOT NULL CHECK (anchor IN ('awareness','payment')),
      at timestamptz NOT NULL,
      set_by uuid REFERENCES users(id),
      set_at timestamptz NOT NULL,
      PRIMARY KEY (report_id, anchor)
    )`.execute(db);

  await sql`
    CREATE TABLE report_deadlines (
      id uuid PRIMARY KEY,
      report_id uuid NOT NULL REFERENCES reports(id),
      regime_id uuid NOT NULL REFERENCES deadline_regimes(id),
      stage_code text NOT NULL,
      anchor text NOT NULL CHECK (anchor IN ('occurrence','detection','awareness','notification','payment')),
      anchor_at timestamptz,
      due_at timestamptz,
      remind_at timestamptz,
      met_at timestamptz,
      met_by_timeline_entry uuid REFERENCES report_timeline(id),
      reminded_at timestamptz,
      escalated_at timestamptz,
      revision integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      UNIQUE (report_id, regime_id, stage_code),
      CHECK ((anchor_at IS NULL) = (due_at IS NULL))
    )`.execute(db);
  // Open clocks by due time: overdue lists and the situation picture.
  await sql`CREATE INDEX report_deadlines_open_idx ON report_deadlines (due_at) WHERE met_at IS NULL`.execute(
    db,
  );
}
