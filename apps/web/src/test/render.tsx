import { render, type RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import { Providers, createQueryClient } from '../app/providers.js';
import { createI18n, type Language } from '../i18n/index.js';
import { setApiLanguage } from '../lib/api.js';

/** Renders inside the app's providers, in one language, with a fresh query cache. */
export function renderWithProviders(ui: ReactElement, language: Language = 'ja'): RenderResult {
  const i18n = createI18n(language);
  setApiLanguage(language);
  return render(
    <Providers queryClient={createQueryClient()} i18n={i18n} env="test">
      {ui}
    </Providers>,
  );
}

export function jsonResponse(status: number, body: unknown, contentType = 'application/json'): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': contentType },
  });
}

export function problemResponse(status: number, code: string, title: string, detail?: string): Response {
  return jsonResponse(
    status,
    {
      type: `https://cipx.jp/problems/${code.toLowerCase()}`,
      title,
      status,
      code,
      ...(detail ? { detail } : {}),
    },
    'application/problem+json',
  );
}
