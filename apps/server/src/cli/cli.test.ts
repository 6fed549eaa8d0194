import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';

// The CLI as an operator meets it: real processes on a real data directory.
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const entry = join(root, 'apps/server/src/cli/run.ts');
const baseEnv: Record<string, string> = {
  PATH: process.env['PATH'] ?? '',
  HOME: process.env['HOME'] ?? '/tmp',
  CIPX_LOG_LEVEL: 'warn',
};

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cipx(args: string[], env: Record<string, string> = {}): Promise<Result> {
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', entry, ...args], {
      cwd: root,
      env: { ...baseEnv, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code) => resolveRun({ code, stdout, stderr }));
  });
}

function startServer(dataDir: string): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  return new Promise((resolveStart, reject) => {
    const child = spawn(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', entry, 'start', '--port', '0', '--data-dir', dataDir],
      { cwd: root, env: baseEnv },
    );
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 120_000);
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const match = /Open (http:\/\/\S+)/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolveStart({ child, url: match[1], output: () => out });
      }
    });
    child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
    child.on('exit', () => reject(new Error(`server exited: ${out}`)));
  });
}

const oneLine = (text: string): boolean => text.trim().split('\n').length === 1;

describe('cipx CLI', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cipx-cli-'));
  let server: Awaited<ReturnType<typeof startServer>>;

  before(async () => {
    server = await startServer(dataDir);
  });
  after(async () => {
    if (server.child.exitCode === null) {
      server.child.kill('SIGTERM');
      await new Promise((r) => server.child.once('exit', r));
    }
  });

  it('serves the API after start and prints where to open it', async () => {
    const res = await fetch(`${server.url}/api/v1/health`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ok', version: '0.1.0', database: 'pglite', role: 'all' });
    assert.match(server.output(), /CIPX 0\.1\.0 \(all, pglite\) is running\./);
  });

  it('refuses a second process on the same data directory with one clear line', async () => {
    const second = await cipx(['migrate', '--data-dir', dataDir]);
    assert.equal(second.code, 2);
    assert.ok(oneLine(second.stderr), second.stderr);
    assert.match(second.stderr, new RegExp(`in use by process ${server.child.pid}`));
  });

  it('stops on SIGTERM, then backs up, restores and verifies the audit chain', async () => {
    server.child.kill('SIGTERM');
    const code = await new Promise<number | null>((r) =>
      server.child.once('exit', (exitCode) => r(exitCode)),
    );
    assert.equal(code, 0);

    const file = join(mkdtempSync(join(tmpdir(), 'cipx-backup-')), 'backup.tar.gz');
    const backup = await cipx(['backup', '--out', file, '--data-dir', dataDir]);
    assert.equal(backup.code, 0, backup.stderr);
    const restoredDir = join(mkdtempSync(join(tmpdir(), 'cipx-restore-')), 'data');
    const restore = await cipx(['restore', '--from', file, '--data-dir', restoredDir]);
    assert.equal(restore.code, 0, restore.stderr);
    const again = await cipx(['restore', '--from', file, '--data-dir', restoredDir]);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /is not empty/);

    const added = await cipx([
      'user',
      'add',
      '--email',
      'duty@nisc.example',
      '--name',
      'Duty Officer',
      '--org',
      'nisc',
      '--role',
      'admin',
      '--data-dir',
      restoredDir,
    ]);
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout, /one-time password: \S{16,}/);
    assert.match(added.stdout, /TOTP secret: [A-Z2-7]{16,}/, 'a coordinator admin must get TOTP');

    const verify = await cipx(['audit', 'verify', '--data-dir', restoredDir]);
    assert.equal(verify.code, 0, verify.stderr);
    assert.match(verify.stdout, /audit log intact: \d+ events/);
  });

  it('answers bad arguments and configuration with exit code 2 and one line', async () => {
    const cases: [string[], Record<string, string>, RegExp][] = [
      [['frobnicate'], {}, /unknown command "frobnicate"/],
      [['start', '--port', 'eighty'], {}, /CIPX_PORT must be an integer/],
      [['start', '--role', 'api', '--data-dir', dataDir], {}, /CIPX_ROLE=api needs DATABASE_URL/],
      [['start', '--bogus'], {}, /Unknown option '--bogus'/],
      [['migrate'], { CIPX_PORT: '70000' }, /CIPX_PORT must be/],
      [['user', 'add', '--email', 'x@example.jp', '--data-dir', dataDir], {}, /--name is required/],
    ];
    for (const [args, env, pattern] of cases) {
      const result = await cipx(args, env);
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.ok(oneLine(result.stderr), result.stderr);
      assert.match(result.stderr, pattern);
    }
  });
});
