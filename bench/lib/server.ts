import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

// The server under test is `cipx start` itself (cli/run.ts → startRoles: api and worker
// roles in one process), started as a child so the load generator does not share its
// event loop. It listens on 127.0.0.1 with a port the OS picks.

const CLI = fileURLToPath(new URL('../../apps/server/src/cli/run.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface ServerOptions {
  /** PostgreSQL URL, or null for PGlite in `dataDir`. */
  databaseUrl: string | null;
  dataDir: string;
  smtpUrl: string;
  poolSize: number;
  /** Write a V8 CPU profile of the server into this directory (node --cpu-prof). */
  cpuProfileDir?: string | undefined;
}

export interface RunningServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 30_000;

/** The environment of the child: ours without any CIPX_* or DATABASE_URL, plus the bench's settings. */
function childEnv(options: ServerOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (name.startsWith('CIPX_') || name === 'DATABASE_URL') continue;
    env[name] = value;
  }
  return {
    ...env,
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    CIPX_DATA_DIR: options.dataDir,
    CIPX_HOST: '127.0.0.1',
    CIPX_PORT: '0',
    CIPX_ROLE: 'all',
    CIPX_LOG_LEVEL: 'warn',
    CIPX_SMTP_URL: options.smtpUrl,
    CIPX_DATABASE_POOL: String(options.poolSize),
    // The limiter stays in the request path; the limit is far above what the run sends.
    CIPX_RATE_LIMIT_PER_MINUTE: '100000000',
  };
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const nodeArgs = ['--conditions=source', '--import', 'tsx'];
  if (options.cpuProfileDir) nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`);
  const child = spawn(process.execPath, [...nodeArgs, CLI, 'start'], {
    cwd: ROOT,
    env: childEnv(options),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const logs: string[] = [];
  const remember = (line: string) => {
    logs.push(line);
    if (logs.length > 50) logs.shift();
  };
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start within 120 s')), START_TIMEOUT_MS);
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /^Open (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
        return;
      }
      remember(line);
      // Warnings and errors of the server (pino JSON) are worth seeing during a run.
      if (line.startsWith('{')) process.stderr.write(`[server] ${line}\n`);
    });
    createInterface({ input: child.stderr }).on('line', (line) => {
      remember(line);
      process.stderr.write(`[server] ${line}\n`);
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${logs.join('\n')}`));
    });
  }).catch(async (error: unknown) => {
    child.kill('SIGKILL');
    await exited;
    throw error;
  });
  return {
    url,
    pid: child.pid ?? -1,
    async stop() {
      if (child.exitCode !== null) return;
      // SIGTERM is `cipx start`'s graceful stop (and lets --cpu-prof write its profile).
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}
