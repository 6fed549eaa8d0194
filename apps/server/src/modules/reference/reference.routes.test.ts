import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { EditionList, EditionStructure, Problem } from '@cipx/contracts';
import type { LightMyRequestResponse } from 'fastify';
import { buildTestApp, type TestApp } from '../../../test/app.js';
import { signInAs, type SignedIn } from '../../../test/auth.js';
import { seedReference } from './index.js';

function problem(res: LightMyRequestResponse): Problem {
  assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
  return res.json<Problem>();
}

describe('reference routes', () => {
  let t: TestApp;
  let viewer: SignedIn;

  before(async () => {
    t = await buildTestApp();
    await seedReference(t.database.db);
    // The least role at an operator-side organization: reference data is for everyone signed in.
    viewer = await signInAs(t, { organizationSlug: 'ceptoar-banking', role: 'viewer' });
  });
  after(async () => {
    await t.close();
  });

  it('refuses anonymous callers with 401 UNAUTHENTICATED', async () => {
    for (const url of ['/api/v1/editions', '/api/v1/editions/current/structure']) {
      const res = await t.app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 401, url);
      assert.equal(problem(res).code, 'UNAUTHENTICATED');
    }
  });

  it('lists the editions for a signed-in viewer', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/editions', headers: viewer.headers });
    assert.equal(res.statusCode, 200);
    const body = res.json<EditionList>();
    assert.deepEqual(
      body.items.map((e) => ({ id: e.id, asOf: e.asOf, isCurrent: e.isCurrent })),
      [
        { id: 'policy-2022', asOf: '2022-09-30', isCurrent: false },
        { id: 'current', asOf: '2025-07-01', isCurrent: true },
      ],
    );
  });

  it("returns an edition's structure like the policy's CEPTOAR table", async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/editions/policy-2022/structure',
      headers: viewer.headers,
    });
    assert.equal(res.statusCode, 200);
    const body = res.json<EditionStructure>();
    assert.equal(body.coordinator.slug, 'nisc');
    assert.equal(body.sectors.length, 14);
    const government = body.sectors.find((s) => s.code === 'government');
    assert.equal(government?.ministry.slug, 'mic');
    assert.deepEqual(government?.ceptoars[0]?.memberCounts, { prefectures: 47, local_governments: 1741 });
    assert.equal(government?.ceptoars[0]?.scopeNote, null);
    assert.equal(government?.ceptoars[0]?.membersInDirectory, 0);
    assert.deepEqual(
      body.councils.map((c) => c.organization.slug),
      ['ceptoar-council', 'fin-liaison-council'],
    );
  });

  it("answers an unknown edition with 404 EDITION_NOT_FOUND in the viewer's language", async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/editions/policy-1999/structure',
      headers: viewer.headers,
    });
    assert.equal(res.statusCode, 404);
    const body = problem(res);
    assert.equal(body.code, 'EDITION_NOT_FOUND');
    assert.equal(body.title, '版が見つかりません');
  });

  it('rejects a malformed edition id as a validation error', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/editions/Not%20An%20Id/structure',
      headers: viewer.headers,
    });
    assert.equal(res.statusCode, 400);
    assert.equal(problem(res).code, 'VALIDATION_FAILED');
  });

  it('documents both routes in OpenAPI under the reference tag', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    const doc = res.json<{ paths: Record<string, { get?: { tags?: string[] } }> }>();
    assert.deepEqual(doc.paths['/api/v1/editions']?.get?.tags, ['reference']);
    assert.deepEqual(doc.paths['/api/v1/editions/{id}/structure']?.get?.tags, ['reference']);
  });
});
