import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../../../test/app.js';

describe('HTTP platform', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp();
  });
  after(async () => {
    await t.close();
  });

  it('reports health with the database kind', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/health' });
    assert.equal(res.statusCode, 200);
    const body = res.json<{ status: string; database: string }>();
    assert.equal(body.status, 'ok');
    assert.equal(body.database, process.env['CIPX_TEST_DB'] === 'postgres' ? 'postgres' : 'pglite');
  });

  it('answers unknown API paths with a translated problem+json 404', async () => {
    const ja = await t.app.inject({
      method: 'GET',
      url: '/api/v1/nope',
      headers: { 'accept-language': 'ja' },
    });
    assert.equal(ja.statusCode, 404);
    assert.match(String(ja.headers['content-type']), /^application\/problem\+json/);
    assert.equal(ja.json<{ code: string }>().code, 'NOT_FOUND');
    assert.equal(ja.json<{ title: string }>().title, '見つかりません');
    const en = await t.app.inject({
      method: 'GET',
      url: '/api/v1/nope',
      headers: { 'accept-language': 'en-GB,en;q=0.8' },
    });
    assert.equal(en.json<{ title: string }>().title, 'Not found');
  });

  it('sends a CSP without unsafe-inline and a request id', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/health' });
    const csp = String(res.headers['content-security-policy']);
    assert.match(csp, /default-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    assert.ok(res.headers['x-request-id']);
  });

  it('keeps a well-formed caller request id and replaces a malformed one', async () => {
    const good = await t.app.inject({
      method: 'GET',
      url: '/api/v1/health',
      headers: { 'x-request-id': 'abc-12345678' },
    });
    assert.equal(good.headers['x-request-id'], 'abc-12345678');
    const bad = await t.app.inject({
      method: 'GET',
      url: '/api/v1/health',
      headers: { 'x-request-id': '<script>' },
    });
    assert.notEqual(bad.headers['x-request-id'], '<script>');
  });

  it('serves an OpenAPI 3.1 document', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    assert.equal(res.statusCode, 200);
    const doc = res.json<{ openapi: string; paths: Record<string, unknown> }>();
    assert.equal(doc.openapi, '3.1.0');
    assert.ok(doc.paths['/api/v1/health']);
  });

  it('exposes Prometheus metrics', async () => {
    await t.app.inject({ method: 'GET', url: '/api/v1/health' });
    const res = await t.app.inject({ method: 'GET', url: '/metrics' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /cipx_http_request_duration_seconds_bucket\{[^}]*route="\/api\/v1\/health"/);
  });
});
