import type { Tlp } from '@cipx/contracts';
import { mayCarryContent, tlpLabel } from './reports.mail.js';

// Notices of follow-up questions and answers, and of a relay forwarding an anonymized report.
// Bilingual, Japanese first, the TLP first in the subject. Like arrival notices, AMBER and
// stricter notices carry no question or answer text: e-mail leaves CIPX.

type Name = { ja: string; en: string };

/** Who reads the notice: the relay's secretariat, the originator (the reporter), or the asking organization. */
export type FollowUpReader = 'relay' | 'reporter' | 'asker';

export interface FollowUpNotice {
  event: 'question' | 'answer';
  reader: FollowUpReader;
  number: string;
  tlp: Tlp;
  exercise: boolean;
  recipient: Name;
  /** The organization that asked. */
  asker: Name;
  /** The relay, when the question went through one (anonymized route). */
  relay: Name | null;
  /** The answerer as the reader may know it: the originator, or for anonymized reports the relay. */
  answeredBy: Name | null;
  question: string;
  answer: string | null;
  link: string;
}

function drillOf(exercise: boolean): Name {
  return exercise ? { ja: '【訓練】', en: '[EXERCISE] ' } : { ja: '', en: '' };
}

function lead(notice: FollowUpNotice): Name {
  const { number, asker, relay } = notice;
  const answeredBy = notice.answeredBy ?? { ja: '報告者', en: 'the reporter' };
  const answerer: Name = relay
    ? { ja: `${relay.ja}（匿名の報告者に代わって）`, en: `${relay.en} (on behalf of the anonymous reporter)` }
    : answeredBy;
  switch (`${notice.event}:${notice.reader}`) {
    case 'question:relay':
      return {
        ja: `${asker.ja}から、貴組織が中継した報告 ${number} の報告者への追加質問が届きました。CIPX は貴組織が保持する連絡経路を通じて質問を報告者に渡しました。回答は貴組織の名義で質問者に返されます。`,
        en: `${asker.en} asked a follow-up question to the reporter of ${number}, which you relay. CIPX has passed it to the reporter through your sealed link; the answer will return to the asker in your name.`,
      };
    case 'answer:relay':
      return {
        ja: `貴組織が中継した報告 ${number} の報告者が追加質問に回答しました。CIPX は貴組織の名義で回答を${asker.ja}に渡しました。`,
        en: `The reporter of ${number}, which you relay, answered a follow-up question. CIPX passed the answer to ${asker.en} in your name.`,
      };
    case 'answer:asker':
      return {
        ja: `報告 ${number} への追加質問に、${answerer.ja}から回答がありました。`,
        en: `${answerer.en} answered your follow-up question on report ${number}.`,
      };
    default:
      return {
        ja: `${asker.ja}から、報告 ${number} について追加質問が届きました${relay ? `（中継組織 ${relay.ja} 経由。質問者には貴組織名は伝えられていません）` : ''}。CIPX にサインインして回答してください。`,
        en: `${asker.en} asks a follow-up question about your report ${number}${relay ? ` (through your relay ${relay.en}; the asker has not been told who you are)` : ''}. Sign in to CIPX to answer.`,
      };
  }
}

export function followUpMail(notice: FollowUpNotice): { subject: string; text: string } {
  const drill = drillOf(notice.exercise);
  const content = mayCarryContent(notice.tlp);
  const intro = lead(notice);
  const withheld = {
    ja: `（${tlpLabel(notice.tlp)} のため、本文は CIPX でのみ表示します）`,
    en: `(${tlpLabel(notice.tlp)}: the text is shown in CIPX only)`,
  };
  const body = (locale: 'ja' | 'en'): string[] => {
    if (!content) return [withheld[locale]];
    const q = locale === 'ja' ? '質問' : 'Question';
    const a = locale === 'ja' ? '回答' : 'Answer';
    return [`${q}:`, notice.question, ...(notice.answer !== null ? ['', `${a}:`, notice.answer] : [])];
  };
  const ja = [
    `${notice.recipient.ja} ご担当者様`,
    '',
    `${drill.ja}${intro.ja}`,
    '',
    `報告番号: ${notice.number}`,
    `TLP: ${tlpLabel(notice.tlp)}`,
    '',
    ...body('ja'),
    '',
    notice.link,
  ];
  const en = [
    `To the contact of ${notice.recipient.en},`,
    '',
    `${drill.en}${intro.en}`,
    '',
    `Report: ${notice.number}`,
    `TLP: ${tlpLabel(notice.tlp)}`,
    '',
    ...body('en'),
    '',
    notice.link,
  ];
  const what =
    notice.event === 'question'
      ? { ja: '追加質問', en: 'Follow-up question' }
      : { ja: '追加質問への回答', en: 'Answer to a follow-up question' };
  return {
    subject: `[${tlpLabel(notice.tlp)}] [CIPX] ${drill.ja}${what.ja} / ${drill.en}${what.en} ${notice.number}`,
    text: [...ja, '', '----', '', ...en, ''].join('\n'),
  };
}

export interface RelayedNotice {
  number: string;
  tlp: Tlp;
  exercise: boolean;
  recipient: Name;
  relay: Name;
  link: string;
}

/** To the originator of an anonymized report: its relay passed the report on without naming it. */
export function relayedMail(notice: RelayedNotice): { subject: string; text: string } {
  const drill = drillOf(notice.exercise);
  const ja = [
    `${notice.recipient.ja} ご担当者様`,
    '',
    `${drill.ja}貴組織の報告 ${notice.number} は、中継組織 ${notice.relay.ja} により、貴組織名を伏せて受信者に転送されました。受信者からの追加質問は、中継組織を通じて届きます。`,
    '',
    `TLP: ${tlpLabel(notice.tlp)}`,
    '',
    notice.link,
  ];
  const en = [
    `To the contact of ${notice.recipient.en},`,
    '',
    `${drill.en}Your report ${notice.number} was forwarded by your relay ${notice.relay.en} without your organization's name. Recipients' follow-up questions will reach you through the relay.`,
    '',
    `TLP: ${tlpLabel(notice.tlp)}`,
    '',
    notice.link,
  ];
  return {
    subject: `[${tlpLabel(notice.tlp)}] [CIPX] ${drill.ja}報告が中継されました / ${drill.en}Your report was relayed ${notice.number}`,
    text: [...ja, '', '----', '', ...en, ''].join('\n'),
  };
}
