import type { ReportKind, ServiceImpact, Tlp } from '@cipx/contracts';

// Arrival notices to a recipient organization's contact points. Bilingual, Japanese first;
// the subject starts with the TLP so a mail filter or a reader sees the marking first.
// AMBER, AMBER+STRICT and RED notices carry metadata and a link only: e-mail leaves CIPX,
// so the report's text stays behind the sign-in.

const KIND_NAMES: Record<ReportKind, { ja: string; en: string }> = {
  outage: { ja: '重要インフラサービス障害', en: 'CI service outage' },
  sign: { ja: '予兆・ヒヤリハット', en: 'Sign / near-miss' },
  vulnerability: { ja: '脆弱性', en: 'Vulnerability' },
  other: { ja: 'その他', en: 'Other' },
};

const IMPACT_NAMES: Record<ServiceImpact, { ja: string; en: string }> = {
  none: { ja: '影響なし', en: 'none' },
  degraded: { ja: '品質低下', en: 'degraded' },
  partial_outage: { ja: '一部停止', en: 'partial outage' },
  full_outage: { ja: '全面停止', en: 'full outage' },
};

export function tlpLabel(tlp: Tlp): string {
  return `TLP:${tlp.toUpperCase()}`;
}

/** Whether the notice may carry the report's title and text (GREEN and CLEAR only). */
export function mayCarryContent(tlp: Tlp): boolean {
  return tlp === 'green' || tlp === 'clear';
}

function jst(value: Date | null): string {
  if (value === null) return '—';
  const shifted = new Date(value.getTime() + 9 * 3600_000).toISOString();
  return `${shifted.slice(0, 10)} ${shifted.slice(11, 16)} JST`;
}

export interface ArrivalNotice {
  number: string;
  kind: ReportKind;
  tlp: Tlp;
  exercise: boolean;
  sectorCode: string | null;
  serviceImpact: ServiceImpact | null;
  reportedAt: Date | null;
  severityOverall: number | null;
  /** The originator as the recipient may know it (the relay for anonymized reports). */
  originator: { ja: string; en: string } | null;
  recipient: { ja: string; en: string };
  title: string;
  description: string;
  link: string;
}

export function arrivalMail(notice: ArrivalNotice): { subject: string; text: string } {
  const drill = notice.exercise ? { ja: '【訓練】', en: '[EXERCISE] ' } : { ja: '', en: '' };
  const kind = KIND_NAMES[notice.kind];
  const impact = notice.serviceImpact ? IMPACT_NAMES[notice.serviceImpact] : { ja: '—', en: '—' };
  const severity = notice.severityOverall === null ? '—' : String(notice.severityOverall);
  const originator = notice.originator ?? { ja: '（非開示）', en: '(withheld)' };
  const content = mayCarryContent(notice.tlp);
  const ja = [
    `${notice.recipient.ja} ご担当者様`,
    '',
    `${drill.ja}新しい報告が届きました。内容は CIPX にサインインして確認してください。`,
    '',
    `報告番号: ${notice.number}`,
    `種別: ${kind.ja}`,
    `TLP: ${tlpLabel(notice.tlp)}`,
    `分野: ${notice.sectorCode ?? '—'}`,
    `報告元: ${originator.ja}`,
    `サービスへの影響: ${impact.ja}`,
    `深刻度（総合）: ${severity}`,
    `報告日時: ${jst(notice.reportedAt)}`,
    ...(content ? ['', `件名: ${drill.ja}${notice.title}`, '', notice.description] : []),
    '',
    notice.link,
  ];
  const en = [
    `To the contact of ${notice.recipient.en},`,
    '',
    `${drill.en}A new report has arrived. Sign in to CIPX to read it.`,
    '',
    `Report: ${notice.number}`,
    `Kind: ${kind.en}`,
    `TLP: ${tlpLabel(notice.tlp)}`,
    `Sector: ${notice.sectorCode ?? '—'}`,
    `From: ${originator.en}`,
    `Service impact: ${impact.en}`,
    `Overall severity: ${severity}`,
    `Reported: ${jst(notice.reportedAt)}`,
    ...(content ? ['', `Title: ${drill.en}${notice.title}`] : []),
    '',
    notice.link,
  ];
  return {
    subject: `[${tlpLabel(notice.tlp)}] [CIPX] ${drill.ja}新しい報告 / ${drill.en}New report ${notice.number}`,
    text: [...ja, '', '----', '', ...en, ''].join('\n'),
  };
}
