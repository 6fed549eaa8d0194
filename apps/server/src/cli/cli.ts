import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError, loadConfig, type Config } from '../config.js';
import { openPglite } from '../platform/db/database.js';
import { DataDirLockedError, lockDataDir } from '../platform/db/lock.js';
import { createLogger, migrate, openDatabase, startRoles } from '../main.js';
import { VERSION } from '../version.js';
import { problemFor } from '../platform/http/errors.js';
import { isAppError } from '../shared/app-error.js';
import { addUser, seedDemoData, verifyAudit, describeDemoSignIns } from './commands.js';

const USAGE = `cipx ${VERSION} — Critical Infrastructure Protection eXchange

usage:
  cipx start [--role all|api|worker] [--port N] [--host ADDR] [--data-dir DIR] [--demo]
  cipx migrate [--data-dir DIR]
  cipx seed --demo [--data-dir DIR]
  cipx user add --email ADDR --name NAME --org SLUG --role admin|manager|analyst|reporter|viewer [--locale ja|en]
  cipx audit verify [--data-dir DIR]
  cipx backup --out FILE [--data-dir DIR]
  cipx restore --from FILE [--data-dir DIR]

Configuration comes from the environment (see docs/operations.md); flags win over it.
With DATABASE_URL set, CIPX uses PostgreSQL; otherwise an embedded database in --data-dir (default ./data).`;

/** A usage error: printed as one line, exit code 2. */
class UsageError extends Error {}

const common = {
  'data-dir': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

function parse<O extends ParseArgsConfig['options']>(args: string[], options: O) {
  try {
    return parseArgs({ args, options: { ...common, ...options }, allowPositionals: false, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function configFrom(values: Record<string, unknown>, extra: Partial<Record<string, string>> = {}): Config {
  const overrides: Record<string, string> = { ...extra } as Record<string, string>;
  if (typeof values['data-dir'] === 'string') overrides['CIPX_DATA_DIR'] = values['data-dir'];
  return loadConfig(process.env, overrides);
}

function required(values: Record<string, unknown>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--${name} is required`);
  return value;
}

async function start(args: string[]): Promise<number> {
  const { values } = parse(args, {
    role: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    demo: { type: 'boolean' },
  });
  const overrides: Record<string, string> = {};
  if (values.role) overrides['CIPX_ROLE'] = values.role;
  if (values.port) overrides['CIPX_PORT'] = values.port;
  if (values.host) overrides['CIPX_HOST'] = values.host;
  const config = configFrom(values, overrides);
  if (config.role !== 'all' && !config.databaseUrl) {
    throw new ConfigError(
      `CIPX_ROLE=${config.role} needs DATABASE_URL: the embedded database serves one process, so run --role all or use PostgreSQL`,
    );
  }
  const logger = createLogger(config);
  const database = await openDatabase(config);
  let running: Awaited<ReturnType<typeof startRoles>> | undefined;
  try {
    const applied = await migrate(database);
    if (applied.length > 0) logger.info({ applied }, 'migrations applied');
    const seeded = await seedDemoData(database, config, { demo: values.demo === true, logger });
    running = await startRoles(config, database, logger);
    const lines = [`CIPX ${VERSION} (${config.role}, ${database.kind}) is running.`];
    if (running.url) lines.push(`Open ${running.url}`);
    if (seeded) lines.push('', ...describeDemoSignIns(seeded));
    process.stdout.write(`${lines.join('\n')}\n`);
  } catch (error) {
    await running?.stop();
    await database.close();
    throw error;
  }
  const stop = running;
  await new Promise<void>((resolveStop) => {
    const shutdown = (signal: string): void => {
      logger.info({ signal }, 'stopping');
      void stop
        .stop()
        .then(() => database.close())
        .finally(resolveStop);
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });
  return 0;
}

async function withDatabase<T>(
  values: Record<string, unknown>,
  run: (db: Awaited<ReturnType<typeof openDatabase>>, config: Config) => Promise<T>,
): Promise<T> {
  const config = configFrom(values);
  const database = await openDatabase(config);
  try {
    await migrate(database);
    return await run(database, config);
  } finally {
    await database.close();
  }
}

async function backup(args: string[]): Promise<number> {
  const { values } = parse(args, { out: { type: 'string' } });
  const out = resolve(required(values, 'out'));
  const config = configFrom(values);
  if (config.databaseUrl) {
    throw new UsageError(
      'with DATABASE_URL set, back up PostgreSQL with pg_dump -Fc (see docs/operations.md)',
    );
  }
  if (!existsSync(resolve(config.dataDir, 'PG_VERSION')))
    throw new UsageError(`no database in ${config.dataDir}`);
  const lock = lockDataDir(config.dataDir);
  try {
    const pglite = await openPglite(config.dataDir);
    const dump = await pglite.dumpDataDir('gzip');
    await pglite.close();
    writeFileSync(out, Buffer.from(await dump.arrayBuffer()), { mode: 0o600 });
    process.stdout.write(`backup of ${config.dataDir} written to ${out} (${dump.size} bytes)\n`);
  } finally {
    lock.release();
  }
  return 0;
}

async function restore(args: string[]): Promise<number> {
  const { values } = parse(args, { from: { type: 'string' } });
  const from = resolve(required(values, 'from'));
  const config = configFrom(values);
  if (config.databaseUrl) {
    throw new UsageError(
      'with DATABASE_URL set, restore PostgreSQL with pg_restore (see docs/operations.md)',
    );
  }
  if (!existsSync(from)) throw new UsageError(`backup file ${from} does not exist`);
  const entries = existsSync(config.dataDir) ? readdirSync(config.dataDir).filter((e) => e !== 'mail') : [];
  if (entries.length > 0) {
    throw new UsageError(
      `${config.dataDir} is not empty: restore into a new --data-dir, then swap directories`,
    );
  }
  const lock = lockDataDir(config.dataDir);
  try {
    const pglite = await openPglite(config.dataDir, new Blob([readFileSync(from)]));
    await pglite.query('SELECT 1');
    await pglite.close();
  } finally {
    lock.release();
  }
  process.stdout.write(`restored ${from} into ${config.dataDir}\n`);
  return 0;
}

/** Runs one CLI command; returns the process exit code. Errors become one clear line. */
export async function runCli(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'start':
        return await start(rest);
      case 'migrate': {
        const { values } = parse(rest, {});
        const applied = await withDatabase(values, async (database) => {
          return (await import('../platform/db/migrate.js')).migrateToLatest(database.db as never);
        });
        process.stdout.write(
          applied.applied.length ? `applied ${applied.applied.join(', ')}\n` : 'database is up to date\n',
        );
        return 0;
      }
      case 'seed': {
        const { values } = parse(rest, { demo: { type: 'boolean' } });
        if (!values.demo) throw new UsageError('seed needs --demo (reference data is seeded at every start)');
        await withDatabase(values, async (database, config) => {
          const seeded = await seedDemoData(database, config, { demo: true, logger: createLogger(config) });
          process.stdout.write(
            `${seeded ? describeDemoSignIns(seeded).join('\n') : 'demo data already present'}\n`,
          );
        });
        return 0;
      }
      case 'user': {
        const [sub, ...args] = rest;
        if (sub !== 'add') throw new UsageError('usage: cipx user add --email … --name … --org … --role …');
        const { values } = parse(args, {
          email: { type: 'string' },
          name: { type: 'string' },
          org: { type: 'string' },
          role: { type: 'string' },
          locale: { type: 'string' },
        });
        const input = {
          email: required(values, 'email'),
          displayName: required(values, 'name'),
          organizationSlug: required(values, 'org'),
          role: required(values, 'role'),
          locale: values.locale ?? 'ja',
        };
        await withDatabase(values, async (database, config) => {
          process.stdout.write(`${(await addUser(database, config, input)).join('\n')}\n`);
        });
        return 0;
      }
      case 'audit': {
        const [sub, ...args] = rest;
        if (sub !== 'verify') throw new UsageError('usage: cipx audit verify');
        const { values } = parse(args, {});
        return await withDatabase(values, async (database, config) => {
          const result = await verifyAudit(database, config);
          process.stdout.write(`${result.message}\n`);
          return result.ok ? 0 : 1;
        });
      }
      case 'backup':
        return await backup(rest);
      case 'restore':
        return await restore(rest);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(`${USAGE}\n`);
        return command === undefined ? 2 : 0;
      case '--version':
        process.stdout.write(`${VERSION}\n`);
        return 0;
      default:
        throw new UsageError(`unknown command "${command}" (try cipx help)`);
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError || error instanceof DataDirLockedError) {
      process.stderr.write(`cipx: ${error.message}\n`);
      return 2;
    }
    if (isAppError(error)) {
      const problem = problemFor(error.code, 'en', error.params, error.fieldErrors);
      const fields = (problem.errors ?? []).map((f) => ` ${f.field}: ${f.message}`).join(';');
      process.stderr.write(`cipx: ${problem.title}: ${problem.detail ?? ''}${fields}\n`);
      return 2;
    }
    process.stderr.write(`cipx: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
