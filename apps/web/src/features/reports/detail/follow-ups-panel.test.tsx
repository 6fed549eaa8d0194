import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FollowUp } from '../../../lib/types.js';
import { fakeApi } from '../../../test/fake-api.js';
import { jsonResponse, problemResponse, renderWithProviders } from '../../../test/render.js';
import { FollowUpsPanel } from './follow-ups-panel.js';

const REPORT_ID = '0b7c2f3e-5d1a-4f6b-9c8d-1e2f3a4b5c6d';
const FOLLOW_UP_ID = '6a1d1a52-3b0e-4c8e-9f55-0d0b7f3f2e11';
const NCO = '11111111-2222-4333-8444-555555555555';
const base = `/api/v1/reports/${REPORT_ID}/follow-ups`;

function followUp(overrides: Partial<FollowUp> = {}): FollowUp {
  return {
    id: FOLLOW_UP_ID,
    askedAt: '2026-11-23T01:00:00.000Z',
    askedBy: { userId: null, organizationId: NCO, label: null },
    question: '影響範囲は拡大していますか。',
    addressedToOrgId: null,
    viaRelay: false,
    answer: null,
    ...overrides,
  };
}

describe('FollowUpsPanel', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('lets a recipient ask a question and shows it once the server has it', async () => {
    let items: FollowUp[] = [];
    const calls = fakeApi({
      [`GET ${base}`]: () => jsonResponse(200, { items }),
      [`POST ${base}`]: () => {
        items = [followUp()];
        return jsonResponse(201, items[0]);
      },
    });
    renderWithProviders(<FollowUpsPanel reportId={REPORT_ID} mayAsk mayAnswer={false} />);

    expect(await screen.findByText('追加の質問はありません。')).toBeTruthy();
    const ask = screen.getByRole('button', { name: '質問する' });
    expect(ask).toHaveProperty('disabled', true);
    fireEvent.change(screen.getByLabelText(/報告組織への質問/), {
      target: { value: '  影響範囲は拡大していますか。 ' },
    });
    fireEvent.click(ask);

    const card = await screen.findByTestId('follow-up');
    expect(within(card).getByText('影響範囲は拡大していますか。')).toBeTruthy();
    const posts = calls.filter((c) => c.method === 'POST');
    expect(posts).toEqual([
      { method: 'POST', path: base, body: { question: '影響範囲は拡大していますか。' } },
    ]);
    expect(within(card).getByText('回答待ち')).toBeTruthy();
    expect(screen.queryByRole('button', { name: '回答する' })).toBeNull();
  });

  it('lets the originator answer, and shows the answerer as the server names it', async () => {
    let current = followUp({ viaRelay: true });
    const calls = fakeApi({
      [`GET ${base}`]: () => jsonResponse(200, { items: [current] }),
      [`POST ${base}/${FOLLOW_UP_ID}/answer`]: () => {
        current = {
          ...current,
          answer: {
            entryId: '7c3a4f30-1d2e-4f5a-8b6c-9d0e1f2a3b4c',
            at: '2026-11-23T02:00:00.000Z',
            by: { userId: null, organizationId: null, label: '報告者 R-2026-000123' },
            text: '拡大していません。',
          },
        };
        return jsonResponse(200, current);
      },
    });
    renderWithProviders(<FollowUpsPanel reportId={REPORT_ID} mayAsk={false} mayAnswer />);

    expect(await screen.findByText('中継組織経由')).toBeTruthy();
    expect(screen.queryByRole('button', { name: '質問する' })).toBeNull();
    fireEvent.change(screen.getByLabelText(/^回答/), { target: { value: '拡大していません。' } });
    fireEvent.click(screen.getByRole('button', { name: '回答する' }));

    const answer = await screen.findByTestId('follow-up-answer');
    expect(within(answer).getByText('拡大していません。')).toBeTruthy();
    expect(within(answer).getByText(/報告者 R-2026-000123/)).toBeTruthy();
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.body)).toEqual([
      { answer: '拡大していません。' },
    ]);
    await waitFor(() => expect(screen.queryByRole('button', { name: '回答する' })).toBeNull());
  });

  it('shows why an answer was refused and keeps the text', async () => {
    fakeApi({
      [`GET ${base}`]: () => jsonResponse(200, { items: [followUp()] }),
      [`POST ${base}/${FOLLOW_UP_ID}/answer`]: () =>
        problemResponse(409, 'REPORT_TRANSITION_NOT_ALLOWED', 'この状態ではできません'),
    });
    renderWithProviders(<FollowUpsPanel reportId={REPORT_ID} mayAsk={false} mayAnswer />);

    const field = await screen.findByLabelText(/^回答/);
    fireEvent.change(field, { target: { value: '拡大していません。' } });
    fireEvent.click(screen.getByRole('button', { name: '回答する' }));

    expect(await screen.findByRole('alert')).toBeTruthy();
    expect(field).toHaveProperty('value', '拡大していません。');
  });
});
