import type { FieldError, Problem } from '@cipx/contracts';

/** A failed API call: the server's problem+json, or a client-side code for network failures. */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly errors: FieldError[];

  constructor(init: { status: number; code: string; title: string; detail?: string; errors?: FieldError[] }) {
    super(`${init.code}: ${init.title}`);
    this.status = init.status;
    this.code = init.code;
    this.title = init.title;
    this.detail = init.detail;
    this.errors = init.errors ?? [];
  }
}

export const isApiError = (error: unknown): error is ApiError => error instanceof ApiError;

let currentLanguage = 'ja';
/** The language the server should translate problem titles into. */
export function setApiLanguage(language: string): void {
  currentLanguage = language;
}

function isProblem(body: unknown): body is Problem {
  if (typeof body !== 'object' || body === null) return false;
  const b = body as Record<string, unknown>;
  return typeof b['code'] === 'string' && typeof b['title'] === 'string';
}

async function toError(response: Response): Promise<ApiError> {
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    const body: unknown = await response.json().catch(() => undefined);
    if (isProblem(body)) {
      return new ApiError({
        status: response.status,
        code: body.code,
        title: body.title,
        ...(body.detail !== undefined ? { detail: body.detail } : {}),
        ...(body.errors ? { errors: body.errors } : {}),
      });
    }
  }
  // A proxy in front of CIPX answers without problem+json when the server is down.
  const code = response.status >= 502 && response.status <= 504 ? 'UNAVAILABLE' : 'HTTP_ERROR';
  return new ApiError({ status: response.status, code, title: response.statusText });
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Extra request headers, e.g. Idempotency-Key. */
  headers?: Record<string, string>;
  /** Sent as JSON unless `text` is given. */
  json?: unknown;
  /** A raw text body with its content type, e.g. CSV. */
  text?: { body: string; contentType: string };
  /** A multipart body (file uploads); the browser writes its content type with the boundary. */
  form?: FormData;
  query?: Record<string, string | number | boolean | undefined | null>;
  signal?: AbortSignal;
}

export function buildUrl(path: string, query?: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/**
 * Calls the CIPX API on the same origin (the browser adds Origin, which the server
 * checks on writes). Resolves with the parsed JSON body, or undefined for 204.
 */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {
    ...options.headers,
    accept: 'application/json',
    'accept-language': currentLanguage,
  };
  let body: string | FormData | undefined;
  if (options.form) {
    body = options.form;
  } else if (options.text) {
    headers['content-type'] = options.text.contentType;
    body = options.text.body;
  } else if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  }
  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method: options.method ?? (body === undefined ? 'GET' : 'POST'),
      credentials: 'same-origin',
      headers,
      ...(body !== undefined ? { body } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError({ status: 0, code: 'NETWORK', title: 'Network error' });
  }
  if (!response.ok) throw await toError(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export const api = {
  get: <T>(path: string, query?: RequestOptions['query'], signal?: AbortSignal) =>
    request<T>(path, { method: 'GET', ...(query ? { query } : {}), ...(signal ? { signal } : {}) }),
  post: <T>(path: string, json?: unknown, headers?: Record<string, string>) =>
    request<T>(path, { method: 'POST', json: json ?? {}, ...(headers ? { headers } : {}) }),
  put: <T>(path: string, json: unknown) => request<T>(path, { method: 'PUT', json }),
  patch: <T>(path: string, json: unknown) => request<T>(path, { method: 'PATCH', json }),
};
