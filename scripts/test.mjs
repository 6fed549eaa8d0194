#!/usr/bin/env node
// Runs every test suite (server/contracts via node:test, web units via Vitest,
// browser via Playwright), once on PGlite and the database suites again on
// PostgreSQL when TEST_DATABASE_URL is set. Ends with one line:
// `N passed, N failed, N skipped`.
// Arguments filter test files by substring: `npm test -- identity`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const filters = process.argv.slice(2);
const requirePostgres = process.env.REQUIRE_POSTGRES === '1';
const requireBrowser = process.env.REQUIRE_BROWSER === '1';
const workDir = join(root, '.cipx-test');
mkdirSync(workDir, { recursive: true });
const totals = { passed: 0, failed: 0, skipped: 0 };
const notes = [];

function find(dir, pattern, out = []) {
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) find(path, pattern, out);
    else if (pattern.test(entry.name)) out.push(path);
  }
  return out.sort();
}
const selected = (files) =>
  files.filter((f) => filters.length === 0 || filters.some((x) => relative(root, f).includes(x)));

function run(command, args, env = {}) {
  const started = Date.now();
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  return { status: result.status ?? 1, seconds: ((Date.now() - started) / 1000).toFixed(1) };
}

function skip(reason, count = 1) {
  totals.skipped += count;
  notes.push(`skipped: ${reason}`);
  console.log(`\n[skip] ${reason}`);
}
function fail(reason) {
  totals.failed += 1;
  notes.push(`failed: ${reason}`);
  console.log(`\n[fail] ${reason}`);
}

const tsx = ['--conditions=source', '--import', 'tsx'];
const nodeFiles = selected([
  ...find(join(root, 'packages/contracts/src'), /\.test\.ts$/),
  ...find(join(root, 'apps/server/src'), /\.test\.ts$/),
]);
const webUnitFiles = selected(find(join(root, 'apps/web/src'), /\.test\.tsx?$/));
const e2eFiles = selected(find(join(root, 'apps/web/e2e'), /\.spec\.ts$/));
if (nodeFiles.length + webUnitFiles.length + e2eFiles.length === 0) {
  console.error('no test files found' + (filters.length ? ` matching ${filters.join(' ')}` : ''));
  console.log('0 passed, 1 failed, 0 skipped');
  process.exit(1);
}

function runNodeTests(label, files, env) {
  if (files.length === 0) return;
  const tap = join(workDir, `${label}.tap`);
  rmSync(tap, { force: true });
  console.log(`\n=== ${label}: ${files.length} files ===`);
  const { status, seconds } = run(
    process.execPath,
    [
      ...tsx,
      '--test',
      '--test-concurrency=2',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=tap',
      `--test-reporter-destination=${tap}`,
      ...files.map((f) => relative(root, f)),
    ],
    env,
  );
  const text = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  const count = (name) => Number((text.match(new RegExp(`^# ${name} (\\d+)$`, 'm')) ?? [])[1] ?? 0);
  const pass = count('pass');
  const failed = count('fail') + count('cancelled');
  const skipped = count('skipped') + count('todo');
  totals.passed += pass;
  totals.failed += failed;
  totals.skipped += skipped;
  if (status !== 0 && failed === 0) fail(`${label} runner exited with ${status}`);
  console.log(`=== ${label}: ${pass} passed, ${failed} failed, ${skipped} skipped in ${seconds}s ===`);
}

// 1. node:test suites on PGlite, from a migrated template built once.
if (nodeFiles.length > 0) {
  const template = join(workDir, 'template.tar');
  const prep = run(process.execPath, [...tsx, 'apps/server/test/prepare.ts', 'pglite', template]);
  if (prep.status !== 0) fail('building the PGlite template');
  runNodeTests('node-pglite', nodeFiles, { CIPX_TEST_TEMPLATE: template, CIPX_TEST_DB: 'pglite' });

  // 2. the database suites again on PostgreSQL.
  const dbFiles = nodeFiles.filter((f) => /createTestDatabase|buildTestApp/.test(readFileSync(f, 'utf8')));
  if (dbFiles.length > 0) {
    if (process.env.TEST_DATABASE_URL) {
      const prepPg = run(process.execPath, [...tsx, 'apps/server/test/prepare.ts', 'postgres']);
      if (prepPg.status !== 0) fail('building the PostgreSQL template database');
      else runNodeTests('node-postgres', dbFiles, { CIPX_TEST_DB: 'postgres' });
    } else if (requirePostgres) {
      fail('REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set');
    } else {
      skip(`${dbFiles.length} database suites on PostgreSQL: TEST_DATABASE_URL is not set`, dbFiles.length);
    }
  }
}

// 3. web component tests.
if (webUnitFiles.length > 0) {
  const out = join(workDir, 'vitest.json');
  rmSync(out, { force: true });
  console.log(`\n=== web units: ${webUnitFiles.length} files ===`);
  const { status } = run(process.execPath, [
    'node_modules/vitest/vitest.mjs',
    'run',
    '--root',
    'apps/web',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${out}`,
    ...webUnitFiles.map((f) => relative(join(root, 'apps/web'), f)),
  ]);
  if (existsSync(out)) {
    const r = JSON.parse(readFileSync(out, 'utf8'));
    totals.passed += r.numPassedTests;
    totals.failed += r.numFailedTests;
    totals.skipped += r.numPendingTests + (r.numTodoTests ?? 0);
    if (status !== 0 && r.numFailedTests === 0) fail(`vitest exited with ${status}`);
  } else fail('vitest produced no report');
}

// 4. browser tests in Debian's Chromium.
if (e2eFiles.length > 0) {
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(chromium)) {
    if (requireBrowser) fail(`REQUIRE_BROWSER=1 but ${chromium} is missing (apt-get install chromium)`);
    else
      skip(
        `${e2eFiles.length} browser specs: ${chromium} is missing (apt-get install chromium)`,
        e2eFiles.length,
      );
  } else {
    console.log('\n=== building the web app for browser tests ===');
    const build = run('npm', ['run', 'build']);
    if (build.status !== 0) fail('npm run build');
    else {
      const out = join(workDir, 'playwright.json');
      rmSync(out, { force: true });
      const { status } = run(
        process.execPath,
        [
          'node_modules/@playwright/test/cli.js',
          'test',
          '--config',
          'apps/web/playwright.config.ts',
          ...e2eFiles.map((f) => relative(root, f)),
        ],
        { PLAYWRIGHT_JSON_OUTPUT_NAME: out, CHROMIUM_PATH: chromium },
      );
      if (existsSync(out)) {
        const s = JSON.parse(readFileSync(out, 'utf8')).stats;
        totals.passed += s.expected + (s.flaky ?? 0);
        totals.failed += s.unexpected;
        totals.skipped += s.skipped;
        if (status !== 0 && s.unexpected === 0) fail(`playwright exited with ${status}`);
      } else fail('playwright produced no report');
    }
  }
}

for (const note of notes) console.log(note);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);
