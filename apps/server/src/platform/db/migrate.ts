import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as foundation from './migrations/2026_11_23_0001_create_foundation.js';
import * as auditPending from './migrations/2026_11_23_0300_create_audit_pending.js';
import * as editionOrganizations from './migrations/2026_11_23_0400_create_edition_organizations.js';
import * as directoryOrder from './migrations/2026_11_23_0500_index_directory_order.js';
import * as reports from './migrations/2026_11_23_0600_create_reports.js';
import * as severity from './migrations/2026_11_23_0610_create_severity.js';
import * as deadlines from './migrations/2026_11_23_0620_create_deadlines.js';
import * as attachments from './migrations/2026_11_23_0630_create_attachments.js';
import * as crises from './migrations/2026_11_23_0640_create_crises.js';

// Migrations are imported statically so the compiled build and tsx see the same set,
// in name order. Add each new file here.
const migrations: Record<string, Migration> = {
  '2026_11_23_0001_create_foundation': foundation,
  '2026_11_23_0300_create_audit_pending': auditPending,
  '2026_11_23_0400_create_edition_organizations': editionOrganizations,
  '2026_11_23_0500_index_directory_order': directoryOrder,
  '2026_11_23_0600_create_reports': reports,
  '2026_11_23_0610_create_severity': severity,
  '2026_11_23_0620_create_deadlines': deadlines,
  '2026_11_23_0630_create_attachments': attachments,
  '2026_11_23_0640_create_crises': crises,
};

const provider: MigrationProvider = { getMigrations: () => Promise.resolve(migrations) };

export interface MigrationResult {
  applied: string[];
}

export async function migrateToLatest(db: Kysely<unknown>): Promise<MigrationResult> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(
      `migration ${failed} failed: ${error instanceof Error ? error.message : JSON.stringify(error)}`,
    );
  }
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
