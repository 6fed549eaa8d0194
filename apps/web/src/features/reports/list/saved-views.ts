import { parseFilters, type ReportFilters } from './list-filters.js';

/** A named filter set kept in this browser. */
export interface SavedView {
  name: string;
  filters: ReportFilters;
}

export const SAVED_VIEWS_KEY = 'cipx.reports.savedViews';
const MAX_VIEWS = 30;

/** The views saved in this browser; a damaged or foreign entry is skipped, never trusted. */
export function loadViews(): SavedView[] {
  try {
    const raw = globalThis.localStorage?.getItem(SAVED_VIEWS_KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    if (!Array.isArray(parsed)) return [];
    return parsed.flatMap((entry: unknown) => {
      if (typeof entry !== 'object' || entry === null) return [];
      const { name, filters } = entry as Record<string, unknown>;
      if (typeof name !== 'string' || name.trim() === '') return [];
      const safe =
        typeof filters === 'object' && filters !== null ? (filters as Record<string, unknown>) : {};
      return [{ name: name.trim().slice(0, 100), filters: parseFilters(safe) }];
    });
  } catch {
    // Storage can be disabled, or hold something that is not JSON.
    return [];
  }
}

function store(views: SavedView[]): void {
  try {
    globalThis.localStorage?.setItem(SAVED_VIEWS_KEY, JSON.stringify(views));
  } catch {
    // Without storage the views last for this page only.
  }
}

/** Saves the filters under a name; a view with the same name is replaced. */
export function saveView(views: readonly SavedView[], name: string, filters: ReportFilters): SavedView[] {
  const trimmed = name.trim().slice(0, 100);
  if (trimmed === '') return [...views];
  const next = [...views.filter((v) => v.name !== trimmed), { name: trimmed, filters }].slice(-MAX_VIEWS);
  store(next);
  return next;
}

export function deleteView(views: readonly SavedView[], name: string): SavedView[] {
  const next = views.filter((v) => v.name !== name);
  store(next);
  return next;
}
