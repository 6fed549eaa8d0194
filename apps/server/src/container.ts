import type { FastifyBaseLogger } from 'fastify';
import type { Config } from './config.js';
import type { Db } from './platform/db/database.js';
import type { Mailer } from './platform/mail/mailer.js';
import type { Clock } from './shared/clock.js';

/**
 * The platform pieces every module may depend on. Modules take the narrow
 * slice they need (`Pick<Platform, 'db' | 'clock'>`), never the whole object.
 */
export interface Platform {
  config: Config;
  database: Db;
  clock: Clock;
  mailer: Mailer;
  logger: FastifyBaseLogger;
}
