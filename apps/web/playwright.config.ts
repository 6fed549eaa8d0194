import { defineConfig } from '@playwright/test';
import { repoRoot, serverSettings } from './e2e/settings';

const server = await serverSettings();
/** Set to test a server that is already running (its data directory in CIPX_E2E_DATA_DIR). */
const runningServer = process.env['CIPX_E2E_BASE_URL'];

export default defineConfig({
  testDir: './e2e',
  testMatch: '**/*.spec.ts',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // The test runner sets PLAYWRIGHT_JSON_OUTPUT_NAME for the json reporter.
  reporter: [['list'], ['json']],
  outputDir: `${repoRoot}/test-results`,
  use: {
    baseURL: runningServer ?? server.baseURL,
    locale: 'ja-JP',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: runningServer
    ? undefined
    : {
        command: server.command,
        cwd: repoRoot,
        env: server.env,
        url: `${server.baseURL}/api/v1/health`,
        // First start migrates an empty embedded database and seeds ~7,100 demo organizations.
        timeout: 180_000,
        reuseExistingServer: false,
        // Start-up failures are printed on stderr; stdout only repeats the demo sign-ins.
        stdout: 'ignore',
        stderr: 'pipe',
      },
});
