import type { Tlp } from '@cipx/contracts';
import { mayCarryContent, tlpLabel } from './reports.mail.js';

// The escalation notice: a report reached an organization and nobody there has acknowledged
// it in time. Bilingual, Japanese first, TLP first in the subject like the arrival notice;
// AMBER, AMBER+STRICT and RED notices carry metadata and a link only.

/** Whom a step calls: the backup contact, the 24/7 duty contact, then the organization's people in charge. */
export type EscalationTarget = 'backup' | 'duty_24x7' | 'duty_officers' | 'admins';

export const TARGET_NAMES: Record<EscalationTarget, { ja: string; en: string }> = {
  backup: { ja: '副担当', en: 'backup contact' },
  duty_24x7: { ja: '24時間窓口', en: '24/7 duty contact' },
  duty_officers: { ja: '当直担当者', en: 'duty officers' },
  admins: { ja: '管理者', en: 'administrators' },
};

export interface EscalationNotice {
  number: string;
  tlp: Tlp;
  exercise: boolean;
  severityOverall: number | null;
  /** The originator as the recipient may know it (the relay for anonymized reports). */
  originator: { ja: string; en: string } | null;
  recipient: { ja: string; en: string };
  target: EscalationTarget;
  arrivedAt: Date;
  /** Minutes since the report arrived. */
  waitedMinutes: number;
  title: string;
  link: string;
}

function jst(value: Date): string {
  const shifted = new Date(value.getTime() + 9 * 3600_000).toISOString();
  return `${shifted.slice(0, 10)} ${shifted.slice(11, 16)} JST`;
}

export function escalationMail(notice: EscalationNotice): { subject: string; text: string } {
  const drill = notice.exercise ? { ja: '【訓練】', en: '[EXERCISE] ' } : { ja: '', en: '' };
  const severity = notice.severityOverall === null ? '—' : String(notice.severityOverall);
  const originator = notice.originator ?? { ja: '（非開示）', en: '(withheld)' };
  const target = TARGET_NAMES[notice.target];
  const content = mayCarryContent(notice.tlp);
  const ja = [
    `${notice.recipient.ja} ${target.ja} 様`,
    '',
    `${drill.ja}${notice.recipient.ja} に届いた報告が、${notice.waitedMinutes}分を過ぎても受領確認されていません。`,
    'CIPX にサインインして内容を確認し、受領確認してください。',
    '',
    `報告番号: ${notice.number}`,
    `TLP: ${tlpLabel(notice.tlp)}`,
    `報告元: ${originator.ja}`,
    `深刻度（総合）: ${severity}`,
    `到着日時: ${jst(notice.arrivedAt)}`,
    ...(content ? ['', `件名: ${drill.ja}${notice.title}`] : []),
    '',
    notice.link,
  ];
  const en = [
    `To the ${target.en} of ${notice.recipient.en},`,
    '',
    `${drill.en}A report reached ${notice.recipient.en} ${notice.waitedMinutes} minutes ago and nobody has acknowledged it.`,
    'Sign in to CIPX, read it and acknowledge it.',
    '',
    `Report: ${notice.number}`,
    `TLP: ${tlpLabel(notice.tlp)}`,
    `From: ${originator.en}`,
    `Overall severity: ${severity}`,
    `Arrived: ${jst(notice.arrivedAt)}`,
    ...(content ? ['', `Title: ${drill.en}${notice.title}`] : []),
    '',
    notice.link,
  ];
  return {
    subject:
      `[${tlpLabel(notice.tlp)}] [CIPX] ${drill.ja}未確認の報告 / ` +
      `${drill.en}Unacknowledged report ${notice.number}`,
    text: [...ja, '', '----', '', ...en, ''].join('\n'),
  };
}
