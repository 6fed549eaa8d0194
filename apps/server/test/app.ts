import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { loadConfig, type Config } from '../src/config.js';
import type { Platform } from '../src/container.js';
import type { Db } from '../src/platform/db/database.js';
import { createMailer, type Mailer } from '../src/platform/mail/mailer.js';
import { FakeClock } from '../src/shared/clock.js';
import type { Modules } from '../src/modules.js';
import { createTestDatabase } from './database.js';

export interface TestApp {
  app: FastifyInstance;
  platform: Platform;
  modules: Modules;
  clock: FakeClock;
  database: Db;
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  database?: Db;
  clock?: FakeClock;
  mailer?: Mailer;
}

/** A full app on a fresh test database with a fake clock; use app.inject or app.listen. */
export async function buildTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const config: Config = loadConfig({
    CIPX_DATA_DIR: '/nonexistent-cipx-test',
    CIPX_LOG_LEVEL: 'silent',
    CIPX_PUBLIC_URL: 'http://cipx.test',
    CIPX_MAIL_DIR: '/tmp/cipx-test-mail',
    ...options.env,
  });
  const database = options.database ?? (await createTestDatabase());
  const clock = options.clock ?? new FakeClock();
  const mailer =
    options.mailer ??
    createMailer({ from: config.mailFrom, smtpUrl: config.smtpUrl, mailDir: config.mailDir });
  const platform: Platform = {
    config,
    database,
    clock,
    mailer,
    logger: pino({ level: 'silent' }),
  };
  const { app, modules } = await buildApp(platform, { webRoot: null });
  await app.ready();
  return {
    app,
    platform,
    modules,
    clock,
    database,
    async close() {
      await app.close();
      // Audit chaining runs after responses; let it finish before the database goes away.
      await modules.audit.service.idle();
      mailer.close();
      if (!options.database) await database.close();
    },
  };
}
