import { sql, type Kysely } from 'kysely';

// Escalation of unacknowledged reports and large-scale outage mode (DOMAIN.md §5.6).
// - routing_settings gains how long an organization has to acknowledge a report before its
//   backup, 24/7 and then its administrators (the coordinator: its duty officers) are called:
//   a shorter interval from overall severity 3.
// - crises follow the access module's column convention (modules/access/README.md), so
//   `visibleTo` decides who sees a crisis, its linked reports' place in it and its thread.
//   `last_reminded_at` on a link is the reminder chain's state: reminder jobs compute their
//   due time from it, the link time and the report's latest update, so chains converge.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE routing_settings
      ADD COLUMN escalate_after_minutes integer NOT NULL DEFAULT 60
        CHECK (escalate_after_minutes BETWEEN 1 AND 10080),
      ADD COLUMN escalate_severe_after_minutes integer NOT NULL DEFAULT 15
        CHECK (escalate_severe_after_minutes BETWEEN 1 AND 10080)`.execute(db);

  await sql`
    CREATE TABLE crises (
      id uuid PRIMARY KEY,
      title_ja text NOT NULL,
      title_en text NOT NULL,
      description text NOT NULL DEFAULT '',
      sectors text[] NOT NULL DEFAULT '{}',
      update_interval_minutes integer NOT NULL CHECK (update_interval_minutes BETWEEN 5 AND 10080),
      exercise boolean NOT NULL DEFAULT false,
      declared_at timestamptz NOT NULL,
      ended_at timestamptz,
      ended_by uuid REFERENCES users(id),
      tlp text NOT NULL CHECK (tlp IN ('clear','green','amber','amber+strict','red')),
      originator_org_id uuid NOT NULL REFERENCES organizations(id),
      author_user_id uuid REFERENCES users(id),
      relay_org_id uuid REFERENCES organizations(id),
      anonymized boolean NOT NULL DEFAULT false,
      audience jsonb NOT NULL DEFAULT '[]',
      updated_at timestamptz NOT NULL,
      CHECK (NOT anonymized OR relay_org_id IS NOT NULL),
      CHECK (ended_at IS NULL OR ended_at >= declared_at)
    )`.execute(db);
  await sql`CREATE INDEX crises_audience_idx ON crises USING gin (audience jsonb_path_ops)`.execute(db);
  await sql`CREATE INDEX crises_originator_idx ON crises (originator_org_id)`.execute(db);
  await sql`CREATE INDEX crises_author_idx ON crises (author_user_id)`.execute(db);
  await sql`CREATE INDEX crises_relay_idx ON crises (relay_org_id)`.execute(db);
  // Lists page newest first; the banner reads the active ones.
  await sql`CREATE INDEX crises_declared_idx ON crises (declared_at DESC, id DESC)`.execute(db);
  await sql`CREATE INDEX crises_active_idx ON crises (declared_at DESC) WHERE ended_at IS NULL`.execute(db);

  await sql`
    CREATE TABLE crisis_reports (
      crisis_id uuid NOT NULL REFERENCES crises(id),
      report_id uuid NOT NULL REFERENCES reports(id),
      linked_by uuid REFERENCES users(id),
      linked_by_org_id uuid NOT NULL REFERENCES organizations(id),
      linked_at timestamptz NOT NULL,
      last_reminded_at timestamptz,
      PRIMARY KEY (crisis_id, report_id)
    )`.execute(db);
  await sql`CREATE INDEX crisis_reports_report_idx ON crisis_reports (report_id)`.execute(db);

  await sql`
    CREATE TABLE crisis_updates (
      id uuid PRIMARY KEY,
      crisis_id uuid NOT NULL REFERENCES crises(id),
      at timestamptz NOT NULL,
      author_user_id uuid REFERENCES users(id),
      author_org_id uuid NOT NULL REFERENCES organizations(id),
      kind text NOT NULL CHECK (kind IN ('update','situation','note')),
      text text NOT NULL CHECK (length(text) BETWEEN 1 AND 20000)
    )`.execute(db);
  await sql`CREATE INDEX crisis_updates_crisis_idx ON crisis_updates (crisis_id, at DESC, id DESC)`.execute(
    db,
  );
  await sql`CREATE INDEX crisis_updates_author_org_idx ON crisis_updates (crisis_id, author_org_id, at DESC)`.execute(
    db,
  );
}
