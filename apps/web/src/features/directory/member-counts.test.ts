import { describe, expect, it } from 'vitest';
import { createI18n } from '../../i18n/index.js';
import { formatMemberCounts } from './member-counts.js';

describe('formatMemberCounts', () => {
  const ja = createI18n('ja');
  const en = createI18n('en');

  it('writes the Banking CEPTOAR as 1,285 社 in Japanese and 1,285 companies in English', () => {
    expect(formatMemberCounts(ja.t, 'ja', { companies: 1285 })).toBe('1,285 社');
    expect(formatMemberCounts(en.t, 'en', { companies: 1285 })).toBe('1,285 companies');
  });

  it('lists several kinds in the policy table order, whatever order they arrive in', () => {
    const counts = { local_governments: 1741, prefectures: 47 };
    expect(formatMemberCounts(ja.t, 'ja', counts)).toBe('47 都道府県, 1,741 地方公共団体');
    expect(formatMemberCounts(en.t, 'en', counts)).toBe('47 prefectures, 1,741 local governments');
  });

  it('uses the singular in English for one', () => {
    expect(formatMemberCounts(en.t, 'en', { companies: 28, communities: 1 })).toBe(
      '28 companies, 1 community',
    );
    expect(formatMemberCounts(ja.t, 'ja', { companies: 28, communities: 1 })).toBe('28 社, 1 団体');
  });

  it('names mixed kinds of a sharing scope', () => {
    expect(formatMemberCounts(en.t, 'en', { companies_or_communities: 412 })).toBe(
      '412 companies and communities',
    );
    expect(formatMemberCounts(ja.t, 'ja', { companies_or_institutions: 391 })).toBe('391 社・機関');
  });

  it('is empty when no count is given', () => {
    expect(formatMemberCounts(ja.t, 'ja', {})).toBe('');
  });
});
