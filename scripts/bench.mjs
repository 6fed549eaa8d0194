#!/usr/bin/env node
// `npm run bench -- <name>`: runs bench/<name>.ts, which prints lines of the form
// `<name> <db> <figure>=<value> … ratio=<value>` and writes JSON to bench/results/.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const available = existsSync(join(root, 'bench'))
  ? readdirSync(join(root, 'bench'))
      .filter((f) => f.endsWith('.ts'))
      .map((f) => f.slice(0, -3))
      .sort()
  : [];
const [name, ...rest] = process.argv.slice(2);
if (!name || !available.includes(name)) {
  console.error(
    `usage: npm run bench -- <name> [options]\navailable: ${available.length ? available.join(', ') : '(none)'}`,
  );
  process.exit(2);
}
const result = spawnSync(
  process.execPath,
  ['--conditions=source', '--import', 'tsx', join('bench', `${name}.ts`), ...rest],
  { cwd: root, stdio: 'inherit' },
);
process.exit(result.status ?? 1);
