import { sql, type Kysely } from 'kysely';

// Foundation schema: reference editions, directory, identity, audit, outbox.
// Forward-only: later changes get their own migration file.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);

  // --- reference data (editions) -------------------------------------------------
  await sql`
    CREATE TABLE editions (
      id text PRIMARY KEY,
      name_ja text NOT NULL,
      name_en text NOT NULL,
      as_of date NOT NULL,
      source text NOT NULL,
      is_current boolean NOT NULL DEFAULT false,
      sort_order integer NOT NULL
    )`.execute(db);
  await sql`
    CREATE TABLE sectors (
      edition_id text NOT NULL REFERENCES editions(id),
      code text NOT NULL,
      name_ja text NOT NULL,
      name_en text NOT NULL,
      ministry_org_id uuid NOT NULL,
      sort_order integer NOT NULL,
      designated_on date,
      PRIMARY KEY (edition_id, code)
    )`.execute(db);

  // --- directory ---------------------------------------------------------------
  await sql`
    CREATE TABLE organizations (
      id uuid PRIMARY KEY,
      slug text NOT NULL UNIQUE,
      kind text NOT NULL CHECK (kind IN ('coordinator','ministry','ceptoar','ceptoar_council',
        'liaison_council','operator','supporting_agency','agency','vendor')),
      name_ja text NOT NULL,
      name_en text NOT NULL,
      sector_code text,
      member_kind text,
      prefecture_code text,
      synthetic boolean NOT NULL DEFAULT false,
      valid_from date,
      valid_to date,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX organizations_kind_idx ON organizations (kind, sector_code)`.execute(db);
  await sql`CREATE INDEX organizations_name_trgm ON organizations USING gin (name_ja gin_trgm_ops, name_en gin_trgm_ops)`.execute(
    db,
  );
  await sql`ALTER TABLE sectors ADD FOREIGN KEY (ministry_org_id) REFERENCES organizations(id)`.execute(db);

  await sql`
    CREATE TABLE ceptoar_profiles (
      edition_id text NOT NULL REFERENCES editions(id),
      organization_id uuid NOT NULL REFERENCES organizations(id),
      sector_code text NOT NULL,
      service_ja text NOT NULL,
      service_en text NOT NULL,
      member_counts jsonb NOT NULL,
      scope_counts jsonb NOT NULL,
      scope_note_ja text,
      scope_note_en text,
      counts_known boolean NOT NULL DEFAULT true,
      sort_order integer NOT NULL,
      PRIMARY KEY (edition_id, organization_id),
      FOREIGN KEY (edition_id, sector_code) REFERENCES sectors(edition_id, code)
    )`.execute(db);

  await sql`
    CREATE TABLE memberships (
      organization_id uuid NOT NULL REFERENCES organizations(id),
      group_id uuid NOT NULL REFERENCES organizations(id),
      relation text NOT NULL CHECK (relation IN ('member','sharing_scope')),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (organization_id, group_id),
      CHECK (organization_id <> group_id)
    )`.execute(db);
  await sql`CREATE INDEX memberships_group_idx ON memberships (group_id, relation)`.execute(db);

  await sql`
    CREATE TABLE contacts (
      id uuid PRIMARY KEY,
      organization_id uuid NOT NULL REFERENCES organizations(id),
      role text NOT NULL CHECK (role IN ('primary','backup','duty_24x7')),
      name_ja text NOT NULL,
      name_en text NOT NULL,
      email text,
      phone text,
      mobile text,
      fax text,
      user_id uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (organization_id, role)
    )`.execute(db);

  // --- identity ----------------------------------------------------------------
  await sql`
    CREATE TABLE users (
      id uuid PRIMARY KEY,
      email text NOT NULL,
      display_name text NOT NULL,
      locale text NOT NULL DEFAULT 'ja' CHECK (locale IN ('ja','en')),
      password_hash text,
      password_changed_at timestamptz,
      totp_secret text,
      totp_enabled_at timestamptz,
      totp_last_step bigint,
      failed_sign_ins integer NOT NULL DEFAULT 0,
      locked_until timestamptz,
      disabled_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX users_email_key ON users (lower(email))`.execute(db);
  await sql`ALTER TABLE contacts ADD FOREIGN KEY (user_id) REFERENCES users(id)`.execute(db);

  await sql`
    CREATE TABLE user_roles (
      user_id uuid NOT NULL REFERENCES users(id),
      organization_id uuid NOT NULL REFERENCES organizations(id),
      role text NOT NULL CHECK (role IN ('admin','manager','analyst','reporter','viewer')),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (user_id, organization_id)
    )`.execute(db);
  await sql`CREATE INDEX user_roles_org_idx ON user_roles (organization_id)`.execute(db);

  await sql`
    CREATE TABLE sessions (
      id_hash text PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users(id),
      organization_id uuid NOT NULL REFERENCES organizations(id),
      mfa_verified boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL,
      last_seen_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      revoked_at timestamptz,
      ip text,
      user_agent text
    )`.execute(db);
  await sql`CREATE INDEX sessions_user_idx ON sessions (user_id)`.execute(db);

  await sql`
    CREATE TABLE api_tokens (
      id uuid PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users(id),
      organization_id uuid NOT NULL REFERENCES organizations(id),
      name text NOT NULL,
      token_hash text NOT NULL UNIQUE,
      scopes text[] NOT NULL,
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      last_used_at timestamptz,
      revoked_at timestamptz
    )`.execute(db);

  await sql`
    CREATE TABLE one_time_tokens (
      token_hash text PRIMARY KEY,
      purpose text NOT NULL CHECK (purpose IN ('invitation','password_reset')),
      user_id uuid NOT NULL REFERENCES users(id),
      organization_id uuid REFERENCES organizations(id),
      role text,
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      used_at timestamptz
    )`.execute(db);

  // --- audit (append-only, hash-chained) ---------------------------------------
  await sql`
    CREATE TABLE audit_log (
      seq bigint PRIMARY KEY,
      at timestamptz NOT NULL,
      actor_user_id uuid,
      actor_org_id uuid,
      actor_label text,
      action text NOT NULL,
      target_type text,
      target_ids text[] NOT NULL DEFAULT '{}',
      detail jsonb NOT NULL DEFAULT '{}',
      request_id text,
      ip text,
      prev_hash text NOT NULL,
      hash text NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX audit_log_at_idx ON audit_log (at)`.execute(db);

  // --- outbox (durable jobs) ---------------------------------------------------
  await sql`
    CREATE TABLE outbox (
      id bigserial PRIMARY KEY,
      kind text NOT NULL,
      payload jsonb NOT NULL,
      dedupe_key text UNIQUE,
      run_at timestamptz NOT NULL,
      attempts integer NOT NULL DEFAULT 0,
      max_attempts integer NOT NULL DEFAULT 8,
      locked_until timestamptz,
      locked_by text,
      last_error text,
      done_at timestamptz,
      failed_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX outbox_due_idx ON outbox (run_at) WHERE done_at IS NULL AND failed_at IS NULL`.execute(
    db,
  );
}
