import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contactIdFor, orgIdForSlug, totalCount, uuidV5, validOn } from './edition.js';

describe('reference ids', () => {
  it('computes RFC 9562 version-5 UUIDs (the DNS-namespace test vector)', () => {
    assert.equal(
      uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com'),
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });

  it('derives the same organization id from the same slug, and different ids from different slugs', () => {
    assert.equal(orgIdForSlug('nisc'), orgIdForSlug('nisc'));
    assert.notEqual(orgIdForSlug('nisc'), orgIdForSlug('nco'));
    assert.match(
      orgIdForSlug('demo-bank-0001'),
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('keeps contact ids apart from organization ids and from each other', () => {
    const ids = new Set([
      orgIdForSlug('demo-bank-0001'),
      contactIdFor('demo-bank-0001', 'primary'),
      contactIdFor('demo-bank-0001', 'backup'),
      contactIdFor('demo-bank-0001', 'duty_24x7'),
    ]);
    assert.equal(ids.size, 4);
  });
});

describe('validOn', () => {
  it('treats both validity bounds as inclusive and open ends as unbounded', () => {
    assert.equal(validOn('2025-06-30', null, '2025-06-30'), true);
    assert.equal(validOn('2025-07-01', null, '2025-06-30'), false);
    assert.equal(validOn('2025-07-01', '2025-07-01', null), true);
    assert.equal(validOn('2022-09-30', '2024-03-08', null), false);
  });
});

describe('totalCount', () => {
  it('sums every kind of a counts entry', () => {
    assert.equal(totalCount({ prefectures: 47, local_governments: 1741 }), 1788);
    assert.equal(totalCount({}), 0);
  });
});
