import { sql, type Kysely } from 'kysely';

// Which organization coordinates in an edition and which are named beside the
// sectors ("related organizations, etc." in the 2022 policy). An edition keeps
// these as data because the coordinator itself changed (NISC → NCO, 2025-07-01).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE edition_organizations (
      edition_id text NOT NULL REFERENCES editions(id),
      organization_id uuid NOT NULL REFERENCES organizations(id),
      role text NOT NULL CHECK (role IN ('coordinator','cybersecurity_ministry','crisis_management',
        'disaster_prevention','cybersecurity_agency','digital_government','privacy_regulator',
        'supporting_agency')),
      sort_order integer NOT NULL,
      PRIMARY KEY (edition_id, organization_id, role)
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX edition_organizations_one_coordinator ON edition_organizations (edition_id) WHERE role = 'coordinator'`.execute(
    db,
  );
}
