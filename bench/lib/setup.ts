import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createDatabase, type Db } from '../../apps/server/src/platform/db/database.js';
import { migrateToLatest } from '../../apps/server/src/platform/db/migrate.js';
import { CONTACT_ROLES } from '@cipx/contracts';
import { createUser, issueApiToken } from '../../apps/server/src/modules/identity/index.js';
import { seedDemo, seedReference } from '../../apps/server/src/modules/reference/index.js';
import { systemClock } from '../../apps/server/src/shared/clock.js';

// A throwaway database for one benchmark run: a fresh PostgreSQL database on the admin URL
// or a PGlite data dir in /tmp, migrated and seeded with the demo ("2022 policy") edition.

export type BenchDbKind = 'postgres' | 'pglite';

export const DEFAULT_ADMIN_URL = 'postgres://cipx:cipx-ci@127.0.0.1:5432/cipx';

export function adminUrl(): string {
  return process.env['BENCH_DATABASE_URL'] ?? process.env['TEST_DATABASE_URL'] ?? DEFAULT_ADMIN_URL;
}

/** Where a database lives, and how to open and remove it. */
export interface BenchDatabase {
  kind: BenchDbKind;
  /** PostgreSQL: the connection URL of the throwaway database. */
  url: string | null;
  /** PGlite: the database; PostgreSQL: the server's (otherwise unused) data directory. */
  dataDir: string;
  /** A name for logs (never the password). */
  label: string;
  open(poolSize: number): Promise<Db>;
  drop(): Promise<void>;
}

function withDatabaseName(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function createBenchDatabase(kind: BenchDbKind): Promise<BenchDatabase> {
  if (kind === 'pglite') {
    const dataDir = mkdtempSync(join(tmpdir(), 'cipx-bench-'));
    return {
      kind,
      url: null,
      dataDir,
      label: dataDir,
      open: () => createDatabase({ kind: 'pglite', dataDir }),
      drop: () => rm(dataDir, { recursive: true, force: true }),
    };
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'cipx-bench-'));
  const admin = adminUrl();
  const name = `cipx_bench_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = withDatabaseName(admin, name);
  return {
    kind,
    url,
    dataDir,
    label: `${new URL(admin).host}/${name}`,
    open: (poolSize) => createDatabase({ kind: 'postgres', url, poolSize }),
    async drop() {
      await rm(dataDir, { recursive: true, force: true });
      const dropper = new pg.Client({ connectionString: admin });
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}

export interface Reporter {
  userId: string;
  organizationId: string;
  sectorCode: string;
  /** `Bearer …` */
  authorization: string;
}

/**
 * Picks `count` demo operators spread over the sectors (round robin in slug order, so every
 * run picks the same ones) and gives each one reporter with an API token (reports:write).
 * Tokens come from identity's issueApiToken, as a machine client's would after sign-in.
 */
export async function createReporters(database: Db, count: number): Promise<Reporter[]> {
  const operators = await database.db
    .selectFrom('organizations')
    .select(['id', 'slug', 'sector_code'])
    .where('kind', '=', 'operator')
    .where('sector_code', 'is not', null)
    .orderBy('sector_code')
    .orderBy('slug')
    .execute();
  const bySector = new Map<string, { id: string; slug: string }[]>();
  for (const o of operators) {
    const list = bySector.get(o.sector_code as string) ?? [];
    list.push({ id: o.id, slug: o.slug });
    bySector.set(o.sector_code as string, list);
  }
  const picked: { id: string; slug: string; sectorCode: string }[] = [];
  const sectors = [...bySector.keys()].sort();
  for (let round = 0; picked.length < count && round < operators.length; round++) {
    for (const sectorCode of sectors) {
      const next = bySector.get(sectorCode)?.[round];
      if (next && picked.length < count) picked.push({ ...next, sectorCode });
    }
  }
  if (picked.length < count) throw new Error(`only ${picked.length} demo operators for ${count} reporters`);
  const expiresAt = new Date(systemClock.now().getTime() + 7 * 86_400_000);
  const reporters: Reporter[] = [];
  await database.db.transaction().execute(async (trx) => {
    for (const org of picked) {
      const { user } = await createUser(
        trx,
        {
          email: `bench.${org.slug}@cipx-bench.example`,
          displayName: `Bench reporter ${org.slug}`,
          locale: 'ja',
          roles: [{ organizationId: org.id, role: 'reporter' }],
        },
        systemClock,
      );
      const { secret } = await issueApiToken(
        trx,
        {
          userId: user.id,
          organizationId: org.id,
          name: 'intake bench',
          scopes: ['reports:write'],
          expiresAt,
        },
        systemClock,
      );
      reporters.push({
        userId: user.id,
        organizationId: org.id,
        sectorCode: org.sectorCode,
        authorization: `Bearer ${secret}`,
      });
    }
  });
  return reporters;
}

/**
 * The demo gives contact points to operators only. The organizations reports arrive at —
 * the current edition's coordinator and the sectors' ministries — get one contact per role
 * (primary, backup, 24/7 duty) with an e-mail address, so each arrival runs the worker's
 * mail path as in production. Returns how many contacts were added.
 */
export async function addRecipientContacts(database: Db): Promise<number> {
  const db = database.db;
  const recipients = await db
    .selectFrom('editions as e')
    .innerJoin('sectors as s', 's.edition_id', 'e.id')
    .select('s.ministry_org_id as id')
    .where('e.is_current', '=', true)
    .where('s.ministry_org_id', 'is not', null)
    .union(
      db
        .selectFrom('edition_organizations as eo')
        .innerJoin('editions as e', 'e.id', 'eo.edition_id')
        .select('eo.organization_id as id')
        .where('e.is_current', '=', true)
        .where('eo.role', '=', 'coordinator'),
    )
    .execute();
  const ids = [...new Set(recipients.map((r) => r.id).filter((id): id is string => id !== null))];
  if (ids.length === 0) return 0;
  const orgs = await db.selectFrom('organizations').select(['id', 'slug']).where('id', 'in', ids).execute();
  const rows = orgs.flatMap((o) =>
    CONTACT_ROLES.map((role) => ({
      id: randomUUID(),
      organization_id: o.id,
      role,
      name_ja: `${o.slug} ${role} 担当`,
      name_en: `${o.slug} ${role} desk`,
      email: `${role}@${o.slug}.bench.example`,
    })),
  );
  await db.insertInto('contacts').values(rows).execute();
  return rows.length;
}

export interface Prepared {
  reporters: Reporter[];
  seconds: { migrate: number; seed: number; reporters: number };
  counts: { organizations: number; contacts: number; recipientContacts: number };
}

/** Migrates, seeds reference + demo data (policy-2022) and creates the reporters; closes the database. */
export async function prepareDatabase(bench: BenchDatabase, reporterCount: number): Promise<Prepared> {
  const database = await bench.open(4);
  try {
    let t = performance.now();
    await migrateToLatest(database.db as never);
    const migrate = (performance.now() - t) / 1000;
    t = performance.now();
    await seedReference(database.db);
    const seeded = await seedDemo(database.db, { edition: 'policy-2022' });
    const recipientContacts = await addRecipientContacts(database);
    const seed = (performance.now() - t) / 1000;
    t = performance.now();
    const reporters = await createReporters(database, reporterCount);
    return {
      reporters,
      seconds: { migrate, seed, reporters: (performance.now() - t) / 1000 },
      counts: { organizations: seeded.organizations, contacts: seeded.contacts, recipientContacts },
    };
  } finally {
    await database.close();
  }
}
