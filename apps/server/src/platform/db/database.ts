import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { lockDataDir, type DataDirLock } from './lock.js';
import type { Database } from './tables.js';

// bigint (int8) stays a string in JS; timestamptz becomes Date (pg's default); a `date`
// stays its ISO text ('2024-03-08'), because pg's default turns it into local midnight.
pg.types.setTypeParser(pg.types.builtins.DATE, (value: string) => value);

export type DatabaseKind = 'pglite' | 'postgres';

export type Listener = (payload: string) => void;

export interface Db {
  readonly db: Kysely<Database>;
  readonly kind: DatabaseKind;
  /** LISTEN on a channel; PGlite listens in-process, PostgreSQL on a dedicated client. */
  listen(channel: string, onMessage: Listener): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export type DatabaseOptions =
  | { kind: 'postgres'; url: string; poolSize?: number }
  | { kind: 'pglite'; dataDir: string }
  | { kind: 'pglite'; pglite: PGlite; owned?: boolean };

const CHANNEL = /^[a-z_][a-z0-9_]{0,62}$/;

export async function openPglite(dataDir?: string, loadDataDir?: Blob): Promise<PGlite> {
  return PGlite.create({
    ...(dataDir ? { dataDir } : {}),
    ...(loadDataDir ? { loadDataDir } : {}),
    extensions: { pg_trgm },
  });
}

export async function createDatabase(options: DatabaseOptions): Promise<Db> {
  if (options.kind === 'postgres') return createPostgres(options.url, options.poolSize ?? 10);
  let lock: DataDirLock | undefined;
  let pglite: PGlite;
  let owned = true;
  if ('dataDir' in options) {
    lock = lockDataDir(options.dataDir);
    try {
      pglite = await openPglite(options.dataDir);
    } catch (error) {
      lock.release();
      throw error;
    }
  } else {
    pglite = options.pglite;
    owned = options.owned ?? false;
  }
  // PGlite has one connection: a pool of one serialises access, and Kysely's
  // transactions hold that connection until commit.
  const pool = new pg.Pool({ ...createPgConfig(pglite), max: 1 });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'pglite',
    async listen(channel, onMessage) {
      if (!CHANNEL.test(channel)) throw new Error(`invalid channel name ${channel}`);
      return pglite.listen(channel, onMessage);
    },
    async close() {
      await db.destroy();
      if (owned) await pglite.close();
      lock?.release();
    },
  };
}

function createPostgres(url: string, poolSize: number): Db {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle connection the server drops (restart, failover, admin termination) is discarded
  // by the pool; the next query on a fresh connection reports any lasting problem. Without a
  // listener, pg would turn that event into an uncaught exception and end the process.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  let listenClient: pg.Client | undefined;
  const handlers = new Map<string, Set<Listener>>();
  async function ensureListenClient(): Promise<pg.Client> {
    if (listenClient) return listenClient;
    const client = new pg.Client({ connectionString: url });
    client.on('error', () => {
      // A dropped LISTEN connection is replaced and its channels listened to again;
      // pollers cover what is notified in between.
      if (listenClient === client) listenClient = undefined;
      void relisten();
    });
    await client.connect();
    client.on('notification', (msg) => {
      for (const handler of handlers.get(msg.channel) ?? []) handler(msg.payload ?? '');
    });
    listenClient = client;
    return client;
  }
  let closed = false;
  async function relisten(): Promise<void> {
    if (closed || handlers.size === 0) return;
    try {
      const client = await ensureListenClient();
      for (const channel of handlers.keys()) await client.query(`LISTEN ${channel}`);
    } catch {
      setTimeout(() => void relisten(), 1000).unref();
    }
  }
  return {
    db,
    kind: 'postgres',
    async listen(channel, onMessage) {
      if (!CHANNEL.test(channel)) throw new Error(`invalid channel name ${channel}`);
      const client = await ensureListenClient();
      let set = handlers.get(channel);
      if (!set) {
        set = new Set();
        handlers.set(channel, set);
        await client.query(`LISTEN ${channel}`);
      }
      set.add(onMessage);
      return async () => {
        set.delete(onMessage);
        if (set.size === 0) {
          handlers.delete(channel);
          // The connection may have been replaced since this listen() call.
          await listenClient?.query(`UNLISTEN ${channel}`);
        }
      };
    },
    async close() {
      closed = true;
      await listenClient?.end();
      await db.destroy();
    },
  };
}
