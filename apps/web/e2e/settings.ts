/**
 * Everything the browser tests need to know about the server they start, in one place.
 * playwright.config.ts fixes the port and data directory once and passes them to the
 * workers through the environment (Playwright evaluates the config again in each worker).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * How the server is started. CIPX_E2E_SERVER=source runs the CLI from TypeScript sources
 * (no build needed while developing); the default runs the build, as `npm test` does after
 * `npm run build`.
 */
function serverCommand(args: string): string {
  return process.env['CIPX_E2E_SERVER'] === 'source'
    ? `node --conditions=source --import tsx apps/server/src/cli/run.ts ${args}`
    : `node apps/server/bin/cipx.js ${args}`;
}

export async function serverSettings() {
  process.env['CIPX_E2E_PORT'] ??= String(await freePort());
  if (!process.env['CIPX_E2E_DATA_DIR']) {
    const created = mkdtempSync(join(tmpdir(), 'cipx-e2e-'));
    process.env['CIPX_E2E_DATA_DIR'] = created;
    // Removed when the runner exits, after it has stopped the server that used it.
    process.once('exit', () => rmSync(created, { recursive: true, force: true }));
  }
  const port = Number(process.env['CIPX_E2E_PORT']);
  const dataDir = process.env['CIPX_E2E_DATA_DIR'];
  const baseURL = `http://127.0.0.1:${port}`;
  return {
    port,
    dataDir,
    baseURL,
    /** The one command that starts the real server; --demo seeds an empty database on first start. */
    command: serverCommand(`start --port ${port} --data-dir ${dataDir} --demo`),
    env: {
      CIPX_DEMO_PASSWORD: DEMO_PASSWORD,
      // The server checks Origin on writes against its public URL.
      CIPX_PUBLIC_URL: baseURL,
      CIPX_HOST: '127.0.0.1',
      CIPX_LOG_LEVEL: 'warn',
      // The suite signs in several times from one address.
      CIPX_RATE_LIMIT_PER_MINUTE: '10000',
    },
  };
}

const DEMO_PASSWORD = 'Kasumigaseki-e2e-4hN8q-Hikari';

interface DemoSignIns {
  password: string;
  signIns: { email: string; organizationSlug: string; role: string; totpSecret?: string }[];
}

/**
 * The demo sign-ins the server wrote when it seeded the fresh data directory
 * (`<data-dir>/demo-sign-ins.json`, the same list `cipx start --demo` prints):
 * privileged people get a random TOTP secret there.
 */
export function demoSignIns(): {
  password: string;
  viewer: string;
  admin: { email: string; totpSecret: string };
  /** An operator's reporter (Demo Bank 0001, finance) and the coordinator's duty officer (analyst). */
  bankReporter: string;
  dutyOfficer: string;
} {
  const dataDir = process.env['CIPX_E2E_DATA_DIR'];
  if (!dataDir) throw new Error('CIPX_E2E_DATA_DIR is not set; run through playwright.config.ts');
  const seeded = JSON.parse(readFileSync(join(dataDir, 'demo-sign-ins.json'), 'utf8')) as DemoSignIns;
  const viewer = seeded.signIns.find((s) => s.email === 'water0001.viewer@cipx-demo.example');
  const admin = seeded.signIns.find((s) => s.email === 'nco.admin@cipx-demo.example');
  const bankReporter = seeded.signIns.find((s) => s.email === 'bank0001.reporter@cipx-demo.example');
  const dutyOfficer = seeded.signIns.find((s) => s.email === 'nco.duty@cipx-demo.example');
  if (!viewer || !admin?.totpSecret || !bankReporter || !dutyOfficer) {
    throw new Error('demo-sign-ins.json lacks the expected demo people');
  }
  return {
    password: seeded.password,
    viewer: viewer.email,
    admin: { email: admin.email, totpSecret: admin.totpSecret },
    bankReporter: bankReporter.email,
    dutyOfficer: dutyOfficer.email,
  };
}
