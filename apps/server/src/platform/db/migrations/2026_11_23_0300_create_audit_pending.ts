import { sql, type Kysely } from 'kysely';

// Audit events are written cheaply to audit_pending inside business transactions (no
// lock); a chainer moves them into audit_log in batches under one advisory lock,
// assigning seq, prev_hash and hash. audit_log itself refuses updates and deletes.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE audit_pending (
      id bigserial PRIMARY KEY,
      at timestamptz NOT NULL,
      actor_user_id uuid,
      actor_org_id uuid,
      actor_label text,
      action text NOT NULL,
      target_type text,
      target_ids text[] NOT NULL DEFAULT '{}',
      detail jsonb NOT NULL DEFAULT '{}',
      request_id text,
      ip text
    )`.execute(db);

  await sql`CREATE INDEX audit_log_actor_org_idx ON audit_log (actor_org_id, seq)`.execute(db);
  await sql`CREATE INDEX audit_log_action_idx ON audit_log (action text_pattern_ops, seq)`.execute(db);

  await sql`
    CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_log is append-only';
    END
    $$`.execute(db);
  await sql`
    CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change()`.execute(db);
  await sql`
    CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change()`.execute(db);
}
