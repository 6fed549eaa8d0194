import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, renderWithProviders } from '../../../test/render.js';
import type { ReportDetail } from '../../../lib/types.js';
import { ReportWizard } from './report-wizard.js';

const REPORT_ID = '0b7c2f3e-5d1a-4f6b-9c8d-1e2f3a4b5c6d';

function draft(overrides: Partial<ReportDetail> = {}): ReportDetail {
  return {
    id: REPORT_ID,
    number: 'R-2026-000123',
    kind: 'outage',
    status: 'draft',
    route: 'hotline',
    tlp: 'amber',
    exercise: false,
    sectorCode: 'finance',
    title: 'インターネットバンキングに接続できない',
    serviceImpact: 'partial_outage',
    severityOverall: null,
    originator: null,
    anonymized: false,
    reportedAt: null,
    createdAt: '2026-11-23T00:20:00.000Z',
    updatedAt: '2026-11-23T00:20:00.000Z',
    service: null,
    description: '09:10 頃から接続障害。',
    language: 'ja',
    cause: 'system_failure',
    systems: ['it'],
    occurredAt: '2026-11-23T00:00:00.000Z',
    detectedAt: '2026-11-23T00:10:00.000Z',
    affectedPrefectures: ['13'],
    affectedUsersEstimate: 5000,
    expectedRestorationAt: null,
    safetyImpact: null,
    rsitClass: null,
    ncissLocation: null,
    ncissFunctionalImpact: null,
    ncissRecoverability: null,
    euOutlook: null,
    forms: {},
    editionId: 'current',
    relayOrgId: null,
    authorUserId: null,
    viewerIsOriginator: true,
    audience: [],
    routing: null,
    hops: [],
    submittedAt: null,
    version: 2,
    ...overrides,
  };
}

const sectors = {
  edition: { id: 'current', name: { ja: '現行', en: 'Current' }, asOf: '2025-07-01', isCurrent: true },
  coordinator: { id: 'c', slug: 'nisc', kind: 'coordinator', name: { ja: 'NISC', en: 'NISC' } },
  sectors: [
    {
      code: 'finance',
      name: { ja: '金融', en: 'Finance' },
      designatedOn: null,
      ministry: { id: 'm', slug: 'fsa', kind: 'ministry', name: { ja: '金融庁', en: 'FSA' } },
      ceptoars: [],
    },
  ],
  councils: [],
  relatedOrganizations: [],
};

/** A fake API: answers by method and path, and records what was asked. */
function fakeApi(handlers: Record<string, () => Response>) {
  const calls: { method: string; path: string; headers: Headers; body: unknown }[] = [];
  const fetchMock = vi.fn<typeof fetch>((input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const path = url.split('?')[0] ?? '';
    const method = init?.method ?? 'GET';
    calls.push({
      method,
      path,
      headers: new Headers(init?.headers),
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    });
    if (path === '/api/v1/editions') {
      return Promise.resolve(jsonResponse(200, { items: [sectors.edition] }));
    }
    if (path === '/api/v1/editions/current/structure') return Promise.resolve(jsonResponse(200, sectors));
    const handler = handlers[`${method} ${path}`];
    if (!handler) return Promise.resolve(jsonResponse(404, {}));
    return Promise.resolve(handler());
  });
  vi.stubGlobal('fetch', fetchMock);
  return calls;
}

describe('ReportWizard', () => {
  beforeEach(() => {
    // Only the date: the fixtures' times must lie in the past; timers stay real for React.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-23T03:00:00Z'));
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('does not leave the first step without a kind, then creates the draft once with an Idempotency-Key', async () => {
    const calls = fakeApi({ 'POST /api/v1/reports': () => jsonResponse(201, draft({ version: 1 })) });
    const onCreated = vi.fn();
    renderWithProviders(<ReportWizard onCreated={onCreated} onDone={vi.fn()} />);

    fireEvent.click(screen.getByRole('button', { name: '次へ' }));
    expect(await screen.findByText('入力してください。')).toBeTruthy();
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);

    fireEvent.click(screen.getByRole('radio', { name: /予兆・ヒヤリハット/ }));
    expect(screen.queryByText('入力してください。')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '次へ' }));

    await waitFor(() => expect(onCreated).toHaveBeenCalledTimes(1));
    const created = calls.find((c) => c.method === 'POST' && c.path === '/api/v1/reports');
    expect(created?.headers.get('idempotency-key')).toMatch(/^[0-9a-f-]{36}$/);
    expect(created?.body).toMatchObject({ kind: 'sign', tlp: 'amber', route: 'normal' });
    expect(onCreated.mock.calls[0]?.[1]).toBe('facts');
  });

  it('shows the facts step’s problems next to their fields before saving', async () => {
    const calls = fakeApi({});
    renderWithProviders(
      <ReportWizard
        report={draft({ title: '', detectedAt: null })}
        initialStep="facts"
        onCreated={vi.fn()}
        onDone={vi.fn()}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: '次へ' }));
    const title = await screen.findByRole('textbox', { name: /件名/ });
    expect(title.getAttribute('aria-invalid')).toBe('true');
    const detected = screen.getByLabelText(/検知日時/);
    expect(detected.getAttribute('aria-invalid')).toBe('true');
    expect(calls.filter((c) => c.method === 'PATCH')).toHaveLength(0);
  });

  it('keeps the draft when submit fails and puts the server’s field errors at their fields', async () => {
    const calls = fakeApi({
      [`PATCH /api/v1/reports/${REPORT_ID}`]: () => jsonResponse(200, draft({ version: 3 })),
      [`POST /api/v1/reports/${REPORT_ID}/submit`]: () =>
        jsonResponse(
          422,
          {
            type: 'https://cipx.jp/problems/report_incomplete',
            title: '報告を提出できません',
            status: 422,
            code: 'REPORT_INCOMPLETE',
            errors: [
              { field: '/sectorCode', code: 'UNKNOWN_SECTOR', message: 'No sector has this code' },
              { field: '/service', code: 'SERVICE_UNKNOWN', message: 'サービス名を確認してください' },
            ],
          },
          'application/problem+json',
        ),
    });
    const onDone = vi.fn();
    renderWithProviders(
      <ReportWizard report={draft()} initialStep="review" onCreated={vi.fn()} onDone={onDone} />,
    );
    fireEvent.click(screen.getByRole('button', { name: '提出する' }));

    const problems = await screen.findByTestId('submit-problems');
    expect(problems.textContent).toContain('この分野は現行の参照データにありません。');
    // A code without our own translation keeps the server's (already translated) message.
    expect(problems.textContent).toContain('サービス名を確認してください');
    expect(onDone).not.toHaveBeenCalled();
    const patch = calls.find((c) => c.method === 'PATCH');
    expect(patch?.body).toMatchObject({
      version: 2,
      route: 'hotline',
      title: 'インターネットバンキングに接続できない',
    });

    fireEvent.click(within(problems).getByRole('button', { name: '分野' }));
    expect(await screen.findByRole('heading', { name: '発生事象' })).toBeTruthy();
    expect(screen.getByText('この分野は現行の参照データにありません。')).toBeTruthy();
    expect(screen.getByText('サービス名を確認してください')).toBeTruthy();
  });
});
