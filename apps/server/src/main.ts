import pino from 'pino';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import type { Platform } from './container.js';
import { createDatabase, type Db } from './platform/db/database.js';
import { migrateToLatest } from './platform/db/migrate.js';
import { startWorker, type Worker } from './platform/jobs/worker.js';
import { createMailer } from './platform/mail/mailer.js';
import { startAuditChainer, type AuditChainer } from './modules/audit/index.js';
import { createModules } from './modules.js';
import { systemClock } from './shared/clock.js';

/** Opens the configured database: PostgreSQL when DATABASE_URL is set, else embedded PGlite (locked). */
export function openDatabase(config: Config): Promise<Db> {
  return config.databaseUrl
    ? createDatabase({ kind: 'postgres', url: config.databaseUrl, poolSize: config.databasePool })
    : createDatabase({ kind: 'pglite', dataDir: config.dataDir });
}

export function createLogger(config: Config): pino.Logger {
  return pino({
    level: config.logLevel,
    // Credentials never reach the log, whatever a future log call passes.
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'res.headers["set-cookie"]',
        '*.password',
        '*.token',
        '*.totp',
        '*.secret',
      ],
      censor: '[redacted]',
    },
  });
}

export interface Running {
  url: string | null;
  platform: Platform;
  stop(): Promise<void>;
}

/** Starts the roles the configuration asks for on an open, migrated database. */
export async function startRoles(
  config: Config,
  database: Db,
  logger = createLogger(config),
): Promise<Running> {
  const platform: Platform = {
    config,
    database,
    clock: systemClock,
    logger,
    mailer: createMailer({ from: config.mailFrom, smtpUrl: config.smtpUrl, mailDir: config.mailDir }),
  };
  let url: string | null = null;
  let close: (() => Promise<void>) | undefined;
  let worker: Worker | undefined;
  let chainer: AuditChainer | undefined;
  const modules = createModules(platform);
  if (config.role === 'api' || config.role === 'all') {
    const { app } = await buildApp(platform, { modules });
    await app.listen({ host: config.host, port: config.port });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    url = config.port === 0 ? `http://${config.host}:${port}` : config.publicUrl;
    close = () => app.close();
  }
  if (config.role === 'worker' || config.role === 'all') {
    worker = await startWorker({ database, handlers: modules.jobs, clock: platform.clock, logger });
    chainer = startAuditChainer(modules.audit.service);
  }
  return {
    url,
    platform,
    async stop() {
      await close?.();
      await worker?.stop();
      await chainer?.stop();
      await modules.audit.service.flush();
      platform.mailer.close();
    },
  };
}

export async function migrate(database: Db): Promise<string[]> {
  return (await migrateToLatest(database.db as never)).applied;
}
