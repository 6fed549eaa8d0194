import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LANGUAGE_STORAGE_KEY } from '../i18n/index.js';
import type { Me } from '../lib/types.js';
import { jsonResponse, problemResponse, renderWithProviders } from '../test/render.js';
import { LanguageSwitch } from './language-switch.js';
import { useMe } from '../lib/session.js';

const me: Me = {
  user: {
    id: '00000000-0000-4000-8000-000000000001',
    email: 'viewer@water.example',
    displayName: 'Viewer',
    locale: 'ja',
    mfaEnabled: false,
  },
  organization: {
    id: '00000000-0000-4000-8000-000000000002',
    slug: 'demo-water-utility-0001',
    kind: 'operator',
    name: { ja: 'デモ水道事業体 0001', en: 'Demo Water Utility 0001' },
  },
  role: 'viewer',
  organizations: [],
  totpEnrolmentRequired: false,
};

function Probe() {
  const state = useMe();
  return (
    <>
      <span data-testid="me">{state.isSuccess ? (state.data ? 'signed-in' : 'signed-out') : 'loading'}</span>
      <LanguageSwitch />
    </>
  );
}

describe('LanguageSwitch', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('switches the UI and <html lang>, remembers the choice and saves it with the account', async () => {
    const fetchMock = vi
      .fn<typeof fetch>()
      .mockResolvedValueOnce(jsonResponse(200, me))
      .mockResolvedValueOnce(new Response(null, { status: 204 }));
    vi.stubGlobal('fetch', fetchMock);
    renderWithProviders(<Probe />, 'ja');
    await waitFor(() => expect(screen.getByTestId('me').textContent).toBe('signed-in'));

    fireEvent.click(screen.getByLabelText('English'));
    await waitFor(() => expect(document.documentElement.lang).toBe('en'));
    expect(window.localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('en');
    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(2));
    const [url, init] = fetchMock.mock.calls[1] ?? [];
    expect(url).toBe('/api/v1/me/locale');
    expect(init?.method).toBe('PUT');
    expect(init?.body).toBe('{"locale":"en"}');
    expect(screen.getByRole('radiogroup').getAttribute('aria-label')).toBe('Language');
  });

  it('does not call the server when nobody is signed in', async () => {
    const fetchMock = vi
      .fn<typeof fetch>()
      .mockResolvedValueOnce(problemResponse(401, 'UNAUTHENTICATED', 'x'));
    vi.stubGlobal('fetch', fetchMock);
    renderWithProviders(<Probe />, 'en');
    await waitFor(() => expect(screen.getByTestId('me').textContent).toBe('signed-out'));
    fireEvent.click(screen.getByLabelText('日本語'));
    await waitFor(() => expect(document.documentElement.lang).toBe('ja'));
    expect(window.localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('ja');
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });
});
