// Writes (or with --check, verifies) the OpenAPI document generated from the route contracts.
import { readFileSync, writeFileSync } from 'node:fs';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import pino from 'pino';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import type { Database } from '../platform/db/tables.js';
import { createMailer } from '../platform/mail/mailer.js';
import { systemClock } from '../shared/clock.js';

const [target, flag] = process.argv.slice(2);
if (!target) throw new Error('usage: openapi.ts <file> [--check]');

const config = loadConfig({ CIPX_LOG_LEVEL: 'silent', CIPX_MAIL_DIR: '/nonexistent' });
// Routes are registered without touching the database: a pool that never connects is enough.
const pool = new pg.Pool({ host: '127.0.0.1', port: 1, max: 1 });
const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
const { app } = await buildApp(
  {
    config,
    clock: systemClock,
    logger: pino({ level: 'silent' }),
    mailer: createMailer({ from: config.mailFrom, smtpUrl: undefined, mailDir: config.mailDir }),
    database: {
      db,
      kind: 'postgres',
      listen: () => Promise.reject(new Error('not connected')),
      close: () => db.destroy(),
    },
  },
  { webRoot: null },
);
await app.ready();
const document = `${JSON.stringify(app.swagger(), null, 2)}\n`;
await app.close();

if (flag === '--check') {
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    current = '';
  }
  if (current !== document) {
    console.error(`${target} is out of date: run npm run openapi:write`);
    process.exit(1);
  }
  console.log(`${target} is current`);
} else {
  writeFileSync(target, document);
  console.log(`wrote ${target}`);
}
