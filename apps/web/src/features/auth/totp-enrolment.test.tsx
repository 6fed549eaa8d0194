import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, renderWithProviders } from '../../test/render.js';
import { TotpEnrolment, groupSecret } from './totp-enrolment.js';

describe('TotpEnrolment', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('shows the new secret in groups of four and confirms it with the code', async () => {
    const secret = 'AURAMT7AMSEIRQFHOFCFEK2F73B5VGZZ';
    const fetchMock = vi
      .fn<typeof fetch>()
      .mockResolvedValueOnce(
        jsonResponse(200, { secret, otpauthUrl: `otpauth://totp/CIPX?secret=${secret}` }),
      )
      .mockResolvedValueOnce(new Response(null, { status: 204 }))
      .mockResolvedValue(jsonResponse(401, { code: 'UNAUTHENTICATED', title: 'x', status: 401, type: 'x' }));
    vi.stubGlobal('fetch', fetchMock);
    renderWithProviders(<TotpEnrolment />, 'en');

    fireEvent.click(screen.getByRole('button', { name: 'Start registering' }));
    expect((await screen.findByTestId('totp-secret')).textContent).toBe(
      'AURA MT7A MSEI RQFH OFCF EK2F 73B5 VGZZ',
    );
    fireEvent.change(screen.getByLabelText(/Verification code/), { target: { value: '654321' } });
    fireEvent.click(screen.getByRole('button', { name: 'Finish registering' }));

    await waitFor(() => expect(fetchMock.mock.calls.length).toBeGreaterThanOrEqual(2));
    const [url, init] = fetchMock.mock.calls[1] ?? [];
    expect(url).toBe('/api/v1/me/totp/confirm');
    expect(init?.body).toBe('{"code":"654321"}');
  });

  it('groups any secret length without a trailing space', () => {
    expect(groupSecret('ABCDEFGHIJ')).toBe('ABCD EFGH IJ');
    expect(groupSecret('ABCDEFGH')).toBe('ABCD EFGH');
  });
});
