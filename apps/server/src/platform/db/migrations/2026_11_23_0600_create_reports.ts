import { sql, type Kysely } from 'kysely';

// Reports (情報連絡), their timeline and routing hops, per-organization routing settings, and
// the generic Idempotency-Key store. `reports` follows the access module's column
// convention (modules/access/README.md) so `visibleTo` filters it like every protected table.
export async function up(db: Kysely<unknown>): Promise<void> {
  // Human references R-<year>-<000123>: one sequence, so numbers never repeat across years.
  await sql`CREATE SEQUENCE report_number_seq`.execute(db);

  await sql`
    CREATE TABLE reports (
      id uuid PRIMARY KEY,
      number text NOT NULL UNIQUE,
      kind text NOT NULL CHECK (kind IN ('outage','sign','vulnerability','other')),
      edition_id text NOT NULL REFERENCES editions(id),
      sector_code text,
      service text,
      title text NOT NULL DEFAULT '',
      description text NOT NULL DEFAULT '',
      language text NOT NULL CHECK (language IN ('ja','en')),
      cause text CHECK (cause IN ('cyberattack','human_error','natural_disaster','system_failure',
        'environmental_change','supply_chain','unknown')),
      systems text[] NOT NULL DEFAULT '{}'
        CHECK (systems <@ ARRAY['it','ot','iot','cloud']::text[]),
      occurred_at timestamptz,
      detected_at timestamptz,
      reported_at timestamptz,
      service_impact text CHECK (service_impact IN ('none','degraded','partial_outage','full_outage')),
      affected_prefectures text[] NOT NULL DEFAULT '{}',
      affected_users_estimate integer CHECK (affected_users_estimate >= 0),
      expected_restoration_at timestamptz,
      safety_impact text,
      rsit_class text CHECK (rsit_class IN ('abusive_content','malicious_code','information_gathering',
        'intrusion_attempts','intrusions','availability','information_content_security','fraud',
        'vulnerable','other','test')),
      nciss_location text CHECK (nciss_location IN ('L1','L2','L3','L4','L5','L6','L7')),
      nciss_functional_impact text CHECK (nciss_functional_impact IN ('no_impact','no_impact_to_services',
        'minimal_impact_to_non_critical_services','minimal_impact_to_critical_services',
        'significant_impact_to_non_critical_services','denial_of_non_critical_services',
        'significant_impact_to_critical_services','denial_of_critical_services')),
      nciss_recoverability text CHECK (nciss_recoverability IN ('regular','supplemented','extended','not_recoverable')),
      eu_outlook text CHECK (eu_outlook IN ('improving','stable','worsening')),
      forms jsonb NOT NULL DEFAULT '{}',
      status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','submitted','acknowledged',
        'under_analysis','resolved','closed')),
      route text NOT NULL DEFAULT 'normal' CHECK (route IN ('normal','hotline','anonymized','consent')),
      routing jsonb NOT NULL DEFAULT '{}',
      exercise boolean NOT NULL DEFAULT false,
      tlp text NOT NULL CHECK (tlp IN ('clear','green','amber','amber+strict','red')),
      originator_org_id uuid NOT NULL REFERENCES organizations(id),
      author_user_id uuid REFERENCES users(id),
      relay_org_id uuid REFERENCES organizations(id),
      anonymized boolean NOT NULL DEFAULT false,
      audience jsonb NOT NULL DEFAULT '[]',
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      submitted_at timestamptz,
      version integer NOT NULL DEFAULT 1,
      CHECK (NOT anonymized OR relay_org_id IS NOT NULL),
      FOREIGN KEY (edition_id, sector_code) REFERENCES sectors(edition_id, code)
    )`.execute(db);
  await sql`CREATE INDEX reports_audience_idx ON reports USING gin (audience jsonb_path_ops)`.execute(db);
  await sql`CREATE INDEX reports_originator_idx ON reports (originator_org_id)`.execute(db);
  await sql`CREATE INDEX reports_author_idx ON reports (author_user_id)`.execute(db);
  await sql`CREATE INDEX reports_relay_idx ON reports (relay_org_id)`.execute(db);
  // Lists page newest first by (created_at, id).
  await sql`CREATE INDEX reports_created_idx ON reports (created_at DESC, id DESC)`.execute(db);
  // q= searches with ILIKE; trigram indexes serve it (the simple parser does not split Japanese).
  await sql`CREATE INDEX reports_text_trgm ON reports USING gin (title gin_trgm_ops, description gin_trgm_ops, number gin_trgm_ops)`.execute(
    db,
  );

  await sql`
    CREATE TABLE report_timeline (
      id uuid PRIMARY KEY,
      report_id uuid NOT NULL REFERENCES reports(id),
      seq integer NOT NULL,
      at timestamptz NOT NULL,
      kind text NOT NULL CHECK (kind IN ('created','submitted','facts_updated','status_changed','forwarded',
        'acknowledged','comment','severity_rated','stage_report','follow_up_question','follow_up_answer',
        'attachment_added','consent_recorded','deadline_reminder','deadline_escalated',
        'acknowledgement_escalated')),
      actor_user_id uuid,
      actor_org_id uuid,
      actor_label text,
      by_originator boolean NOT NULL DEFAULT false,
      detail jsonb NOT NULL DEFAULT '{}',
      stage text CHECK (stage IN ('early_warning','notification','final','ransom_payment')),
      UNIQUE (report_id, seq)
    )`.execute(db);

  await sql`
    CREATE TABLE report_hops (
      report_id uuid NOT NULL REFERENCES reports(id),
      seq integer NOT NULL,
      from_org_id uuid NOT NULL REFERENCES organizations(id),
      to_org_id uuid NOT NULL REFERENCES organizations(id),
      mode text NOT NULL CHECK (mode IN ('automatic','reviewed')),
      copy boolean NOT NULL DEFAULT false,
      status text NOT NULL CHECK (status IN ('pending','forwarded','declined','held_for_consent')),
      due_at timestamptz,
      forwarded_at timestamptz,
      forwarded_by uuid REFERENCES users(id),
      acknowledged_at timestamptz,
      acknowledged_by uuid REFERENCES users(id),
      PRIMARY KEY (report_id, seq)
    )`.execute(db);
  await sql`CREATE INDEX report_hops_from_idx ON report_hops (from_org_id) WHERE status = 'pending'`.execute(
    db,
  );

  await sql`
    CREATE TABLE routing_settings (
      organization_id uuid PRIMARY KEY REFERENCES organizations(id),
      mode text NOT NULL CHECK (mode IN ('automatic','reviewed')),
      forward_within_minutes integer NOT NULL DEFAULT 60 CHECK (forward_within_minutes > 0),
      updated_at timestamptz NOT NULL
    )`.execute(db);

  await sql`
    CREATE TABLE idempotency_keys (
      caller text NOT NULL,
      key text NOT NULL,
      request_hash text NOT NULL,
      status_code integer NOT NULL,
      response_body jsonb NOT NULL,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (caller, key)
    )`.execute(db);
  await sql`CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at)`.execute(db);
}
