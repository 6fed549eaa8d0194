import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/tables.js';
import { COUNCIL_MEMBERSHIPS, EDITIONS, REFERENCE_ORGANIZATIONS } from './data/index.js';
import { planDemo } from './demo.js';
import { orgIdForSlug, type EditionData } from './edition.js';
import {
  analyzeDirectory,
  countExisting,
  insertDemoContacts,
  insertDemoOrganizations,
  insertMemberships,
  replaceEditionOrganizations,
  upsertCeptoarProfiles,
  upsertEdition,
  upsertReferenceOrganizations,
  upsertSectors,
} from './reference.repository.js';

export interface SeedReferenceResult {
  /** Rows inserted, updated or deleted; 0 when the database already matched the data files. */
  changed: number;
}

/**
 * Makes the database hold the shipped editions, reference organizations, sectors,
 * CEPTOAR profiles and council memberships. Idempotent and safe at every start:
 * rows that already match are not rewritten.
 */
export async function seedReference(db: Kysely<Database>): Promise<SeedReferenceResult> {
  return db.transaction().execute(async (trx) => {
    let changed = await upsertReferenceOrganizations(trx, REFERENCE_ORGANIZATIONS);
    for (const edition of EDITIONS) {
      changed += await upsertEdition(trx, edition);
      changed += await upsertSectors(trx, edition);
      changed += await upsertCeptoarProfiles(trx, edition);
      changed += await replaceEditionOrganizations(trx, edition.id, [
        { slug: edition.coordinator, role: 'coordinator' },
        ...edition.related,
      ]);
    }
    changed += await insertMemberships(
      trx,
      COUNCIL_MEMBERSHIPS.flatMap((c) =>
        c.members.map((m) => ({
          organizationId: orgIdForSlug(m),
          groupId: orgIdForSlug(c.council),
          relation: 'member' as const,
        })),
      ),
    );
    return { changed };
  });
}

export interface SeedDemoOptions {
  /** The edition whose CEPTOAR counts the demo follows; 'policy-2022' unless stated. */
  edition?: string;
}

export interface SeedDemoResult {
  edition: string;
  /** Demo operators, memberships and contacts the edition calls for. */
  organizations: number;
  memberships: number;
  contacts: number;
  /** Rows this run added; all 0 when the demo data was already present. */
  inserted: { organizations: number; memberships: number; contacts: number };
}

function editionData(id: string): EditionData {
  const edition = EDITIONS.find((e) => e.id === id);
  if (!edition) throw new Error(`unknown edition ${id}; shipped: ${EDITIONS.map((e) => e.id).join(', ')}`);
  return edition;
}

/**
 * Seeds the synthetic operators (with three contacts each) in the counts of the
 * edition's CEPTOAR table, after the reference data. Deterministic ids (see
 * orgIdForSlug), one transaction, batched inserts; a second run inserts nothing.
 */
export async function seedDemo(db: Kysely<Database>, options: SeedDemoOptions = {}): Promise<SeedDemoResult> {
  const edition = editionData(options.edition ?? 'policy-2022');
  const plan = planDemo(edition);
  const expected = {
    organizations: plan.organizations.length,
    memberships: plan.organizations.length,
    contacts: plan.contacts.length,
  };
  await seedReference(db);
  const inserted = await db.transaction().execute(async (trx) => {
    const existing = await countExisting(
      trx,
      plan.organizations.map((o) => o.id),
    );
    // Every demo operator belongs to exactly one CEPTOAR, so equal counts mean all present.
    if (
      existing.organizations === expected.organizations &&
      existing.memberships === expected.memberships &&
      existing.contacts === expected.contacts
    ) {
      return { organizations: 0, memberships: 0, contacts: 0 };
    }
    const organizations = await insertDemoOrganizations(trx, plan.organizations);
    const memberships = await insertMemberships(
      trx,
      plan.organizations.map((o) => ({
        organizationId: o.id,
        groupId: orgIdForSlug(o.ceptoar),
        relation: o.relation,
      })),
    );
    const contacts = await insertDemoContacts(trx, plan.contacts);
    return { organizations, memberships, contacts };
  });
  // PGlite runs no autovacuum: without fresh statistics the planner treats the
  // directory as empty and joins over it with nested loops that take minutes.
  if (inserted.organizations + inserted.memberships + inserted.contacts > 0) await analyzeDirectory(db);
  return { edition: edition.id, ...expected, inserted };
}
