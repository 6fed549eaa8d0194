import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('gives defaults for an empty environment', () => {
    const config = loadConfig({});
    assert.equal(config.port, 3000);
    assert.equal(config.role, 'all');
    assert.equal(config.databaseUrl, undefined);
    assert.equal(config.publicUrl, 'http://localhost:3000');
    assert.match(config.dataDir, /\/data$/);
  });

  it('converts typed values and lets overrides win over the environment', () => {
    const config = loadConfig({ CIPX_PORT: '8080', CIPX_TRUST_PROXY: 'true' }, { CIPX_PORT: '9090' });
    assert.equal(config.port, 9090);
    assert.equal(config.trustProxy, true);
  });

  it('stops on a bad value with one line naming the variable', () => {
    assert.throws(
      () => loadConfig({ CIPX_PORT: 'eighty' }),
      (error: Error) =>
        error instanceof ConfigError &&
        error.message.startsWith('CIPX_PORT must be') &&
        error.message.includes('"eighty"') &&
        !error.message.includes('\n'),
    );
    assert.throws(() => loadConfig({ CIPX_ROLE: 'boss' }), /CIPX_ROLE must be one of all, api, worker/);
    assert.throws(() => loadConfig({ CIPX_PORT: '70000' }), /CIPX_PORT/);
  });

  it('never echoes a connection URL, which may hold a password', () => {
    assert.throws(
      () => loadConfig({ DATABASE_URL: 'mysql://user:s3cret@db/x' }),
      (error: Error) => error.message.startsWith('DATABASE_URL') && !error.message.includes('s3cret'),
    );
  });
});
