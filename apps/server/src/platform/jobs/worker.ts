import { hostname } from 'node:os';
import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../../shared/clock.js';
import type { Db } from '../db/database.js';
import { OUTBOX_CHANNEL, runDueJobs, type JobHandlers } from './outbox.js';

export interface Worker {
  stop(): Promise<void>;
}

export interface WorkerOptions {
  database: Db;
  handlers: JobHandlers;
  clock: Clock;
  logger: FastifyBaseLogger;
  /** Poll interval when no NOTIFY arrives (jobs scheduled for later, missed wake-ups). */
  pollMs?: number;
}

/** Runs outbox jobs until stopped: woken by NOTIFY, polling as a safety net. */
export async function startWorker(options: WorkerOptions): Promise<Worker> {
  const { database, handlers, clock, logger } = options;
  const workerId = `${hostname()}:${process.pid}`;
  const pollMs = options.pollMs ?? 1000;
  let stopping = false;
  let wake: (() => void) | undefined;
  const unlisten = await database.listen(OUTBOX_CHANNEL, () => wake?.());

  const loop = (async () => {
    while (!stopping) {
      let claimed = 0;
      try {
        claimed = await runDueJobs({
          db: database.db,
          handlers,
          clock,
          workerId,
          onError: (error, job) => logger.warn({ err: error, job }, 'job failed'),
        });
      } catch (error) {
        logger.error({ err: error }, 'outbox poll failed');
      }
      if (claimed > 0 || stopping) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
  })();

  return {
    async stop() {
      stopping = true;
      wake?.();
      await loop;
      await unlisten();
    },
  };
}
