import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DataDirLockedError, lockDataDir } from './lock.js';

describe('data-dir lock', () => {
  it('refuses a second lock while the first is held, and allows it after release', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cipx-lock-'));
    const lock = lockDataDir(dir);
    assert.equal(readFileSync(join(dir, 'cipx.lock'), 'utf8'), String(process.pid));
    assert.throws(() => lockDataDir(dir), DataDirLockedError);
    lock.release();
    lockDataDir(dir).release();
  });

  it('names the owning process when another live process holds the lock', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cipx-lock-'));
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      writeFileSync(join(dir, 'cipx.lock'), String(other.pid));
      assert.throws(
        () => lockDataDir(dir),
        (error: Error) =>
          error instanceof DataDirLockedError &&
          error.message.includes(`process ${other.pid}`) &&
          !error.message.includes('\n'),
      );
    } finally {
      other.kill();
      await new Promise((resolve) => other.once('exit', resolve));
    }
  });

  it('takes over a stale lock whose process is gone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cipx-lock-'));
    const gone = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    await new Promise((resolve) => gone.once('exit', resolve));
    writeFileSync(join(dir, 'cipx.lock'), String(gone.pid));
    const lock = lockDataDir(dir);
    assert.equal(readFileSync(join(dir, 'cipx.lock'), 'utf8'), String(process.pid));
    lock.release();
  });
});
