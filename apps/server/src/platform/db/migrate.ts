import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as foundation from './migrations/2026_11_23_0001_create_foundation.js';

// Migrations are imported statically so the compiled build and tsx see the same set,
// in name order. Add each new file here.
const migrations: Record<string, Migration> = {
  '2026_11_23_0001_create_foundation': foundation,
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
