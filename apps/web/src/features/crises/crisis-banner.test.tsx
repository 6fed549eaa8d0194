import {
  createMemoryHistory,
  createRootRoute,
  createRoute,
  createRouter,
  RouterProvider,
} from '@tanstack/react-router';
import { screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Crisis } from '../../lib/types.js';
import { fakeApi } from '../../test/fake-api.js';
import { jsonResponse, renderWithProviders } from '../../test/render.js';
import { CrisisBanner } from './crisis-banner.js';
import { activeCrisesQuery, ACTIVE_CRISES_POLL_MS } from './queries.js';

const CRISIS_ID = '3f2e1d0c-9b8a-4765-8432-10fedcba9876';

const crisis: Crisis = {
  id: CRISIS_ID,
  title: { ja: '首都圏広域停電', en: 'Greater Tokyo blackout' },
  description: '',
  sectors: ['electricity'],
  updateIntervalMinutes: 60,
  exercise: false,
  tlp: 'green',
  audience: [],
  status: 'active',
  declaredAt: '2026-11-23T00:00:00.000Z',
  declaredBy: { userId: null, organizationId: null, organizationName: null },
  endedAt: null,
  endedBy: null,
  reportCount: 2,
  updatedAt: '2026-11-23T00:00:00.000Z',
};

/** The banner links into the router, so it renders inside one (memory history, one page). */
function renderBanner(language: 'ja' | 'en' = 'ja') {
  const root = createRootRoute({ component: CrisisBanner });
  const crisisPage = createRoute({ getParentRoute: () => root, path: '/crises/$crisisId' });
  const router = createRouter({
    routeTree: root.addChildren([crisisPage]),
    history: createMemoryHistory({ initialEntries: ['/'] }),
  });
  return renderWithProviders(<RouterProvider router={router} />, language);
}

describe('CrisisBanner', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('announces an active crisis with a link to its page', async () => {
    fakeApi({ 'GET /api/v1/crises/active': () => jsonResponse(200, { items: [crisis] }) });
    renderBanner();

    const banner = await screen.findByTestId('crisis-banner');
    expect(banner.textContent).toContain('大規模障害対応中');
    const link = screen.getByRole('link', { name: '首都圏広域停電' });
    expect(link.getAttribute('href')).toBe(`/crises/${CRISIS_ID}`);
  });

  it('speaks English when the person chose it', async () => {
    fakeApi({ 'GET /api/v1/crises/active': () => jsonResponse(200, { items: [crisis] }) });
    renderBanner('en');
    expect((await screen.findByTestId('crisis-banner')).textContent).toContain('Large-scale outage mode');
    expect(screen.getByRole('link', { name: 'Greater Tokyo blackout' })).toBeTruthy();
  });

  it('stays hidden when nothing is active, and when the endpoint fails', async () => {
    const calls = fakeApi({ 'GET /api/v1/crises/active': () => jsonResponse(200, { items: [] }) });
    renderBanner();
    await waitFor(() => expect(calls.some((c) => c.path === '/api/v1/crises/active')).toBe(true));
    await waitFor(() => expect(screen.queryByTestId('crisis-banner')).toBeNull());

    vi.unstubAllGlobals();
    fakeApi({ 'GET /api/v1/crises/active': () => jsonResponse(500, {}) });
    renderBanner();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.queryByTestId('crisis-banner')).toBeNull();
  });

  it('ignores an ended crisis in the answer', async () => {
    const calls = fakeApi({
      'GET /api/v1/crises/active': () => jsonResponse(200, { items: [{ ...crisis, status: 'ended' }] }),
    });
    renderBanner();
    await waitFor(() => expect(calls.length).toBeGreaterThan(0));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.queryByTestId('crisis-banner')).toBeNull();
  });

  it('polls every minute', () => {
    expect(activeCrisesQuery.refetchInterval).toBe(ACTIVE_CRISES_POLL_MS);
    expect(ACTIVE_CRISES_POLL_MS).toBe(60_000);
  });
});
