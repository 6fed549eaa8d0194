import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  GENESIS_HASH,
  canonicalJson,
  checkLink,
  normalizeDetail,
  sealEvents,
  toPendingEvent,
  type PendingAuditEvent,
} from './audit-event.js';

const at = new Date('2026-11-23T00:00:00Z');
const pending = (i: number): PendingAuditEvent =>
  toPendingEvent({ action: 'report.read', actor: { userId: null }, targetIds: [`r${i}`], detail: { i } }, at);

describe('canonicalJson', () => {
  it('gives the same text whatever the key order', () => {
    assert.equal(
      canonicalJson({ b: 1, a: { d: [1, { z: 0, y: 1 }], c: null } }),
      canonicalJson({ a: { c: null, d: [1, { y: 1, z: 0 }] }, b: 1 }),
    );
    assert.equal(canonicalJson({ b: 1, a: 'あ' }), '{"a":"あ","b":1}');
  });
});

describe('normalizeDetail', () => {
  it('redacts secret-looking keys at any depth and keeps the rest', () => {
    assert.deepEqual(
      normalizeDetail({
        user: { newPassword: 'x', email: 'a@b.jp' },
        clientSecret: 'y',
        code: 'ABC',
        tokenId: 't1',
      }),
      {
        user: { newPassword: '[redacted]', email: 'a@b.jp' },
        clientSecret: '[redacted]',
        code: 'ABC',
        tokenId: 't1',
      },
    );
  });

  it('gives what jsonb gives back', () => {
    assert.deepEqual(normalizeDetail({ gone: undefined, when: at, text: 'a\u0000b', n: Number.NaN }), {
      when: '2026-11-23T00:00:00.000Z',
      text: 'ab',
      n: null,
    });
  });
});

describe('sealEvents and checkLink', () => {
  it('links each event to the one before, from the genesis hash', () => {
    const chain = sealEvents(undefined, [pending(1), pending(2), pending(3)]);
    assert.deepEqual(
      chain.map((e) => e.seq),
      [1, 2, 3],
    );
    assert.equal(chain[0]?.prevHash, GENESIS_HASH);
    assert.equal(chain[1]?.prevHash, chain[0]?.hash);
    let previous;
    for (const event of chain) {
      assert.deepEqual(checkLink(previous, event), { ok: true });
      previous = event;
    }
  });

  it('continues after an existing tail', () => {
    const [first] = sealEvents({ seq: 41, hash: 'f'.repeat(64) }, [pending(1)]);
    assert.equal(first?.seq, 42);
    assert.equal(first?.prevHash, 'f'.repeat(64));
  });

  it('names the broken link', () => {
    const [a, b, c] = sealEvents(undefined, [pending(1), pending(2), pending(3)]);
    assert.ok(a && b && c);
    assert.deepEqual(checkLink(a, c), { ok: false, seq: 2, reason: 'SEQ_GAP' });
    assert.deepEqual(checkLink(a, { ...b, detail: { i: 9 } }), {
      ok: false,
      seq: 2,
      reason: 'HASH_MISMATCH',
    });
    assert.deepEqual(checkLink({ seq: 1, hash: 'x' }, b), {
      ok: false,
      seq: 2,
      reason: 'PREV_HASH_MISMATCH',
    });
    assert.deepEqual(checkLink(a, { ...b, actorLabel: 'someone else' }), {
      ok: false,
      seq: 2,
      reason: 'HASH_MISMATCH',
    });
  });
});
