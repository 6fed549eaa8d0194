import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, problemResponse } from '../test/render.js';
import { ApiError, request, setApiLanguage } from './api.js';

describe('request', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('sends JSON on the same origin with cookies and the UI language', async () => {
    const fetchMock = vi.fn<typeof fetch>().mockResolvedValue(jsonResponse(200, { ok: true }));
    vi.stubGlobal('fetch', fetchMock);
    setApiLanguage('en');
    await expect(request('/api/v1/x', { method: 'PUT', json: { locale: 'en' } })).resolves.toEqual({
      ok: true,
    });
    const [url, init] = fetchMock.mock.calls[0] ?? [];
    expect(url).toBe('/api/v1/x');
    expect(init?.credentials).toBe('same-origin');
    expect(init?.body).toBe('{"locale":"en"}');
    expect(new Headers(init?.headers).get('content-type')).toBe('application/json');
    expect(new Headers(init?.headers).get('accept-language')).toBe('en');
  });

  it('drops empty query parameters', async () => {
    const fetchMock = vi.fn<typeof fetch>().mockResolvedValue(jsonResponse(200, { items: [] }));
    vi.stubGlobal('fetch', fetchMock);
    await request('/api/v1/organizations', { query: { q: '銀行', kind: '', cursor: undefined, limit: 25 } });
    expect(fetchMock.mock.calls[0]?.[0]).toBe('/api/v1/organizations?q=%E9%8A%80%E8%A1%8C&limit=25');
  });

  it('turns problem+json into an ApiError with code, title, detail and field errors', async () => {
    const body = {
      type: 'https://cipx.jp/problems/csv-invalid',
      title: 'CSV has errors',
      status: 422,
      code: 'CSV_INVALID',
      detail: '2 rows',
      errors: [{ field: 'row 3: email', code: 'EMAIL', message: 'not an e-mail address' }],
    };
    vi.stubGlobal(
      'fetch',
      vi.fn<typeof fetch>().mockResolvedValue(jsonResponse(422, body, 'application/problem+json')),
    );
    const error = await request('/api/v1/directory/import').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 422,
      code: 'CSV_INVALID',
      title: 'CSV has errors',
      detail: '2 rows',
    });
    expect((error as ApiError).errors).toEqual(body.errors);
  });

  it('resolves undefined for 204 and reports network failures as NETWORK', async () => {
    vi.stubGlobal('fetch', vi.fn<typeof fetch>().mockResolvedValue(new Response(null, { status: 204 })));
    await expect(request('/api/v1/auth/sign-out', { method: 'POST', json: {} })).resolves.toBeUndefined();
    vi.stubGlobal('fetch', vi.fn<typeof fetch>().mockRejectedValue(new TypeError('Failed to fetch')));
    await expect(request('/api/v1/me')).rejects.toMatchObject({ code: 'NETWORK', status: 0 });
    vi.stubGlobal(
      'fetch',
      vi.fn<typeof fetch>().mockResolvedValue(problemResponse(401, 'UNAUTHENTICATED', 'x')),
    );
    await expect(request('/api/v1/me')).rejects.toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
  });
});
