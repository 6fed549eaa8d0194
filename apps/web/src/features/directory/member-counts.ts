import type { TFunction } from 'i18next';
import { MEMBER_COUNT_KINDS, type MemberCounts } from '../../lib/types.js';

/**
 * Counts per kind as the policy's table writes them: "47 都道府県, 1,741 地方公共団体" /
 * "47 prefectures, 1,741 local governments". Empty when no kind has a count.
 */
export function formatMemberCounts(t: TFunction, language: string, counts: MemberCounts): string {
  const number = new Intl.NumberFormat(language === 'en' ? 'en-US' : 'ja-JP');
  return MEMBER_COUNT_KINDS.flatMap((kind) => {
    const n = counts[kind];
    return n === undefined ? [] : [t(`counts.${kind}`, { count: n, formatted: number.format(n) })];
  }).join(t('counts.separator'));
}

export const formatNumber = (language: string, n: number): string =>
  new Intl.NumberFormat(language === 'en' ? 'en-US' : 'ja-JP').format(n);
