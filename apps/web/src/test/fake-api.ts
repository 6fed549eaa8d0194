import { vi } from 'vitest';
import { jsonResponse } from './render.js';

export interface FakeCall {
  method: string;
  path: string;
  body: unknown;
}

/**
 * Stubs fetch: answers `METHOD /path` from the handlers (404 otherwise) and records each call
 * with its JSON body (a FormData body is recorded as it was sent).
 */
export function fakeApi(handlers: Record<string, (call: FakeCall) => Response>): FakeCall[] {
  const calls: FakeCall[] = [];
  const fetchMock = vi.fn<typeof fetch>((input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const path = url.split('?')[0] ?? '';
    const method = init?.method ?? 'GET';
    const raw = init?.body;
    const call = { method, path, body: typeof raw === 'string' ? (JSON.parse(raw) as unknown) : raw };
    calls.push(call);
    const handler = handlers[`${method} ${path}`];
    return Promise.resolve(handler ? handler(call) : jsonResponse(404, {}));
  });
  vi.stubGlobal('fetch', fetchMock);
  return calls;
}
