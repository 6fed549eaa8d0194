import type { Tlp } from '@cipx/contracts';
import { mayCarryContent, tlpLabel } from '../reports/index.js';

// The reminder a linked report's originator gets while a crisis lasts: send an update.
// Bilingual, Japanese first. E-mail leaves CIPX, so a title travels only when its TLP is
// GREEN or CLEAR; otherwise the mail names the report number and links to CIPX.

export interface ReminderNotice {
  crisis: { title: { ja: string; en: string }; tlp: Tlp; exercise: boolean };
  report: { number: string; title: string; tlp: Tlp; exercise: boolean };
  intervalMinutes: number;
  link: string;
}

export function reminderMail(notice: ReminderNotice): { subject: string; text: string } {
  const exercise = notice.crisis.exercise || notice.report.exercise;
  const drill = exercise ? { ja: '【訓練】', en: '[EXERCISE] ' } : { ja: '', en: '' };
  const crisisTitle = mayCarryContent(notice.crisis.tlp) ? notice.crisis.title : null;
  const reportTitle = mayCarryContent(notice.report.tlp) ? notice.report.title : null;
  const ja = [
    `${drill.ja}大規模障害対応中のため、${notice.intervalMinutes}分ごとに続報をお願いしています。`,
    'この報告について、直近の間隔内に続報がありません。CIPX で報告に事実を追記するか、大規模障害のスレッドに投稿してください。',
    '',
    `大規模障害: ${crisisTitle?.ja ?? `（${tlpLabel(notice.crisis.tlp)}: 件名は CIPX で確認してください）`}`,
    `報告番号: ${notice.report.number}`,
    `TLP: ${tlpLabel(notice.report.tlp)}`,
    ...(reportTitle !== null ? [`件名: ${reportTitle}`] : []),
    '',
    notice.link,
  ];
  const en = [
    `${drill.en}A large-scale outage is under way: updates are requested every ${notice.intervalMinutes} minutes.`,
    'No update on this report came in during the last interval. Add facts to the report in CIPX, or post in the crisis thread.',
    '',
    `Crisis: ${crisisTitle?.en ?? `(${tlpLabel(notice.crisis.tlp)}: see its title in CIPX)`}`,
    `Report: ${notice.report.number}`,
    `TLP: ${tlpLabel(notice.report.tlp)}`,
    ...(reportTitle !== null ? [`Title: ${reportTitle}`] : []),
    '',
    notice.link,
  ];
  return {
    subject:
      `[${tlpLabel(notice.report.tlp)}] [CIPX] ${drill.ja}続報のお願い / ` +
      `${drill.en}Update requested ${notice.report.number}`,
    text: [...ja, '', '----', '', ...en, ''].join('\n'),
  };
}
