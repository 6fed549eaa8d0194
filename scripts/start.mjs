#!/usr/bin/env node
// `npm start`: build what is out of date, then run `cipx start --demo` on the
// embedded database in ./data (demo data is loaded only into an empty database).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');

function newest(dir) {
  let latest = 0;
  if (!existsSync(dir)) return latest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

const outputs = [
  [['packages/contracts/src', 'apps/server/src'], 'apps/server/dist/cli/cli.js'],
  [['packages/contracts/src', 'apps/web/src', 'apps/web/index.html'], 'apps/web/dist/index.html'],
];
const stale = outputs.some(([sources, output]) => {
  const out = join(root, output);
  if (!existsSync(out)) return true;
  const built = statSync(out).mtimeMs;
  return sources.some((s) => {
    const path = join(root, s);
    return existsSync(path) && (statSync(path).isDirectory() ? newest(path) : statSync(path).mtimeMs) > built;
  });
});
if (stale) {
  console.log('Building CIPX …');
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const child = spawn(
  process.execPath,
  [join(root, 'apps/server/bin/cipx.js'), 'start', '--demo', ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit' },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
