import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createDatabase, openPglite, type Db } from '../src/platform/db/database.js';
import { migrateToLatest } from '../src/platform/db/migrate.js';

// Test databases: a migrated template is built once per run (scripts/test.mjs) and
// cloned per test file. CIPX_TEST_DB=postgres clones a PostgreSQL template database
// instead, so the same suites run on both.

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const PGLITE_TEMPLATE = process.env['CIPX_TEST_TEMPLATE'] ?? resolve(root, '.cipx-test/template.tar');
export const PG_TEMPLATE_DB = 'cipx_test_template';

export function testDatabaseKind(): 'pglite' | 'postgres' {
  return process.env['CIPX_TEST_DB'] === 'postgres' ? 'postgres' : 'pglite';
}

/** Builds the PGlite template file (a migrated data dir dump). */
export async function buildPgliteTemplate(path = PGLITE_TEMPLATE): Promise<void> {
  const pglite = await openPglite();
  const database = await createDatabase({ kind: 'pglite', pglite, owned: true });
  await migrateToLatest(database.db as never);
  const dump = await pglite.dumpDataDir('none');
  await database.close();
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
  renameSync(tmp, path);
}

function adminUrl(): string {
  const url = process.env['TEST_DATABASE_URL'];
  if (!url) throw new Error('CIPX_TEST_DB=postgres needs TEST_DATABASE_URL');
  return url;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Creates (or re-creates) the migrated PostgreSQL template database. */
export async function buildPostgresTemplate(): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${PG_TEMPLATE_DB}`);
    await admin.query(`CREATE DATABASE ${PG_TEMPLATE_DB}`);
  } finally {
    await admin.end();
  }
  const database = await createDatabase({ kind: 'postgres', url: withDatabase(adminUrl(), PG_TEMPLATE_DB) });
  await migrateToLatest(database.db as never);
  await database.close();
}

/** A fresh migrated database for one test file; close() discards it. */
export async function createTestDatabase(): Promise<Db> {
  if (testDatabaseKind() === 'postgres') {
    const name = `cipx_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl() });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${PG_TEMPLATE_DB}`);
    await admin.end();
    const database = await createDatabase({
      kind: 'postgres',
      url: withDatabase(adminUrl(), name),
      poolSize: 5,
    });
    return {
      ...database,
      async close() {
        await database.close();
        const dropper = new pg.Client({ connectionString: adminUrl() });
        await dropper.connect();
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await dropper.end();
      },
    };
  }
  if (!existsSync(PGLITE_TEMPLATE)) await buildPgliteTemplate();
  const pglite = await openPglite(undefined, new Blob([readFileSync(PGLITE_TEMPLATE)]));
  return createDatabase({ kind: 'pglite', pglite, owned: true });
}
