import { describe, expect, it } from 'vitest';
import { filterQuery, parseFilters } from './list-filters.js';
import { deleteView, loadViews, SAVED_VIEWS_KEY, saveView } from './saved-views.js';

describe('report list filters', () => {
  it('keeps only known values from the URL', () => {
    expect(
      parseFilters({
        q: ' 停止 ',
        kind: 'outage',
        status: 'nonsense',
        severity: '3',
        from: '2026-11-01',
        to: '2026-02-30',
        sector: 'finance',
      }),
    ).toEqual({ q: '停止', kind: 'outage', severity: 3, from: '2026-11-01', sector: 'finance' });
    expect(parseFilters({ severity: '7' })).toEqual({});
  });

  it('turns the JST period into UTC bounds that include the whole last day', () => {
    expect(filterQuery({ from: '2026-11-01', to: '2026-11-30', severity: 0 })).toMatchObject({
      from: '2026-10-31T15:00:00.000Z',
      to: '2026-11-30T15:00:00.000Z',
      severity: 0,
    });
  });
});

describe('saved views', () => {
  it('saves, replaces by name, reloads and deletes views in this browser', () => {
    let views = saveView([], '金融・重大', { sector: 'finance', severity: 3 });
    views = saveView(views, 'Outages', { kind: 'outage' });
    views = saveView(views, '金融・重大', { sector: 'finance', severity: 4 });
    expect(loadViews()).toEqual([
      { name: 'Outages', filters: { kind: 'outage' } },
      { name: '金融・重大', filters: { sector: 'finance', severity: 4 } },
    ]);
    deleteView(views, 'Outages');
    expect(loadViews().map((v) => v.name)).toEqual(['金融・重大']);
  });

  it('ignores damaged storage instead of failing', () => {
    window.localStorage.setItem(SAVED_VIEWS_KEY, '{not json');
    expect(loadViews()).toEqual([]);
    window.localStorage.setItem(
      SAVED_VIEWS_KEY,
      JSON.stringify([{ name: 'x', filters: { kind: 'bogus', q: 'a' } }, { filters: {} }, 'y']),
    );
    expect(loadViews()).toEqual([{ name: 'x', filters: { q: 'a' } }]);
  });
});
