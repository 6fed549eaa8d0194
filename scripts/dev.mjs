#!/usr/bin/env node
// `npm run dev`: the server from TypeScript sources (tsx watch) on :3000 and the
// Vite dev server on :5173, which proxies /api to the server.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const children = [
  spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', 'apps/server/src/cli/run.ts', 'start', '--demo'],
    {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, CIPX_PUBLIC_URL: process.env.CIPX_PUBLIC_URL ?? 'http://localhost:5173' },
    },
  ),
  spawn('npm', ['run', 'dev', '-w', '@cipx/web'], { cwd: root, stdio: 'inherit' }),
];
const stop = (signal) => children.forEach((c) => c.kill(signal));
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
for (const c of children)
  c.on('exit', (code) => {
    stop('SIGTERM');
    process.exitCode = code ?? 0;
  });
