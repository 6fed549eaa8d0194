import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase } from '../../../test/database.js';
import type { Db } from './database.js';
import { COLUMN_NULLABILITY } from './schema.js';

describe('Database interface', () => {
  let database: Db;
  before(async () => {
    database = await createTestDatabase();
  });
  after(async () => {
    await database.close();
  });

  it('lists exactly the tables, columns and nullability the migrations create', async () => {
    const { rows } = await sql<{ table_name: string; column_name: string; is_nullable: string }>`
      SELECT table_name, column_name, is_nullable FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name NOT LIKE 'kysely_%'
      ORDER BY table_name, column_name`.execute(database.db);
    const migrated: Record<string, Record<string, boolean>> = {};
    for (const row of rows) {
      (migrated[row.table_name] ??= {})[row.column_name] = row.is_nullable === 'YES';
    }
    const declared: Record<string, Record<string, boolean>> = {};
    for (const [table, columns] of Object.entries(COLUMN_NULLABILITY)) {
      declared[table] = { ...(columns as Record<string, boolean>) };
    }
    assert.deepEqual(declared, migrated);
  });
});
