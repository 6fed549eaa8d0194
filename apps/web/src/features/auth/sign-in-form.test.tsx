import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Me } from '../../lib/types.js';
import { jsonResponse, problemResponse, renderWithProviders } from '../../test/render.js';
import { SignInForm } from './sign-in-form.js';

const me: Me = {
  user: {
    id: '00000000-0000-4000-8000-000000000001',
    email: 'admin@nco.example',
    displayName: 'Admin',
    locale: 'ja',
    mfaEnabled: true,
  },
  organization: {
    id: '00000000-0000-4000-8000-000000000002',
    slug: 'nco',
    kind: 'coordinator',
    name: { ja: '国家サイバー統括室', en: 'NCO' },
  },
  role: 'admin',
  organizations: [],
  totpEnrolmentRequired: false,
};

function bodyOf(call: Parameters<typeof fetch> | undefined): unknown {
  const body = call?.[1]?.body;
  return typeof body === 'string' ? JSON.parse(body) : undefined;
}

describe('SignInForm', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('asks for the TOTP code on MFA_REQUIRED and resubmits with it', async () => {
    const fetchMock = vi
      .fn<typeof fetch>()
      .mockResolvedValueOnce(problemResponse(401, 'MFA_REQUIRED', '確認コードが必要です'))
      .mockResolvedValueOnce(jsonResponse(200, me));
    vi.stubGlobal('fetch', fetchMock);
    const onSignedIn = vi.fn();
    renderWithProviders(<SignInForm onSignedIn={onSignedIn} />);

    expect(screen.queryByLabelText(/確認コード/)).toBeNull();
    fireEvent.change(screen.getByLabelText(/メールアドレス/), { target: { value: 'admin@nco.example' } });
    fireEvent.change(screen.getByLabelText(/パスワード/), { target: { value: 'correct horse battery' } });
    fireEvent.click(screen.getByRole('button', { name: 'サインイン' }));

    const totp = await screen.findByLabelText(/確認コード/);
    // The prompt for the second step is not shown as an error.
    expect(screen.queryByRole('alert')).toBeNull();
    fireEvent.change(totp, { target: { value: '12 34 56' } });
    fireEvent.click(screen.getByRole('button', { name: '確認する' }));

    await waitFor(() => expect(onSignedIn).toHaveBeenCalledWith(me));
    expect(fetchMock).toHaveBeenCalledTimes(2);
    expect(bodyOf(fetchMock.mock.calls[0])).toEqual({
      email: 'admin@nco.example',
      password: 'correct horse battery',
    });
    expect(bodyOf(fetchMock.mock.calls[1])).toEqual({
      email: 'admin@nco.example',
      password: 'correct horse battery',
      totp: '123456',
    });
  });

  it('shows a wrong TOTP code as MFA_INVALID and stays on the code step', async () => {
    const fetchMock = vi
      .fn<typeof fetch>()
      .mockResolvedValueOnce(problemResponse(401, 'MFA_REQUIRED', 'x'))
      .mockResolvedValueOnce(problemResponse(401, 'MFA_INVALID', 'x'));
    vi.stubGlobal('fetch', fetchMock);
    renderWithProviders(<SignInForm onSignedIn={vi.fn()} />, 'en');
    fireEvent.change(screen.getByLabelText(/E-mail address/), { target: { value: 'a@b.example' } });
    fireEvent.change(screen.getByLabelText(/Password/), { target: { value: 'pw' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    fireEvent.change(await screen.findByLabelText(/Verification code/), { target: { value: '000000' } });
    fireEvent.click(screen.getByRole('button', { name: 'Verify' }));
    expect((await screen.findByRole('alert')).textContent).toContain('The verification code is not valid');
    expect(screen.getByLabelText<HTMLInputElement>(/Verification code/).value).toBe('');
  });

  it('refuses to send a code that is not six digits', async () => {
    const fetchMock = vi.fn<typeof fetch>().mockResolvedValueOnce(problemResponse(401, 'MFA_REQUIRED', 'x'));
    vi.stubGlobal('fetch', fetchMock);
    renderWithProviders(<SignInForm onSignedIn={vi.fn()} />, 'en');
    fireEvent.change(screen.getByLabelText(/E-mail address/), { target: { value: 'a@b.example' } });
    fireEvent.change(screen.getByLabelText(/Password/), { target: { value: 'pw' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    fireEvent.change(await screen.findByLabelText(/Verification code/), { target: { value: '123' } });
    fireEvent.click(screen.getByRole('button', { name: 'Verify' }));
    expect(await screen.findByText('Enter 6 digits.')).toBeTruthy();
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it('translates INVALID_CREDENTIALS and ACCOUNT_LOCKED by code', async () => {
    vi.stubGlobal(
      'fetch',
      vi
        .fn<typeof fetch>()
        .mockResolvedValueOnce(problemResponse(401, 'INVALID_CREDENTIALS', 'server title'))
        .mockResolvedValueOnce(problemResponse(423, 'ACCOUNT_LOCKED', 'server title')),
    );
    renderWithProviders(<SignInForm onSignedIn={vi.fn()} />);
    fireEvent.change(screen.getByLabelText(/メールアドレス/), { target: { value: 'a@b.example' } });
    fireEvent.change(screen.getByLabelText(/パスワード/), { target: { value: 'wrong' } });
    fireEvent.click(screen.getByRole('button', { name: 'サインイン' }));
    expect((await screen.findByRole('alert')).textContent).toContain(
      'メールアドレスまたはパスワードが正しくありません。',
    );
    fireEvent.click(screen.getByRole('button', { name: 'サインイン' }));
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toContain('一時的にロックされています'),
    );
  });
});
