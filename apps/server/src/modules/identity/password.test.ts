import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkPassword, commonPasswords } from './password.js';

const account = { email: 'hanako.yamada@example.jp', displayName: 'Hanako Yamada' };

describe('checkPassword', () => {
  it('accepts a long passphrase with spaces and non-Latin characters', () => {
    assert.equal(checkPassword('violet tram orbit 42 kettle', account), null);
    assert.equal(checkPassword('青い電車が朝の海辺を走る音', account), null);
  });

  it('rejects fewer than 12 characters, counting code points', () => {
    assert.equal(checkPassword('Tr0ub4dor&3', account), 'too_short');
    assert.equal(checkPassword('電車が海辺を走る音', account), 'too_short');
  });

  it('rejects more than 128 characters', () => {
    assert.equal(checkPassword('violet tram orbit kettle '.repeat(6), account), 'too_long');
  });

  it('rejects control characters', () => {
    assert.equal(checkPassword('violet tram\u0007orbit kettle', account), 'unprintable');
  });

  it('rejects common passwords, also padded with digits or written in leetspeak', () => {
    assert.ok(commonPasswords().size >= 1000);
    assert.equal(checkPassword('qwertyuiop[]', account), 'common');
    assert.equal(checkPassword('Password1234!', account), 'common');
    assert.equal(checkPassword('P@ssw0rd2026!!', account), 'common');
    assert.equal(checkPassword('1qaz2wsx3edc', account), 'common');
    assert.equal(checkPassword('doraemon2026!', account), 'common');
  });

  it('rejects repetitive values', () => {
    assert.equal(checkPassword('aaaaaaaaaaaa', account), 'repetitive');
    assert.equal(checkPassword('xyzxyzxyzxyz', account), 'repetitive');
    assert.equal(checkPassword('kettleorbitkettleorbit', account), 'repetitive');
  });

  it('rejects sequential values, wrapping through the digits', () => {
    assert.equal(checkPassword('123456789012', account), 'sequential');
    assert.equal(checkPassword('lmnopqrstuvw', account), 'sequential');
    assert.equal(checkPassword('987654321098', account), 'sequential');
  });

  it('rejects a password containing the e-mail local part or the display name', () => {
    assert.equal(checkPassword('hanako.yamada-2026-spring', account), 'contains_account');
    assert.equal(checkPassword('my name is Yamada forever', account), 'contains_account');
    assert.equal(
      checkPassword('violet tram orbit 42 kettle', { email: 'kettle@example.jp' }),
      'contains_account',
    );
  });
});
