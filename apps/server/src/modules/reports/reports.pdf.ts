import { existsSync } from 'node:fs';
import type {
  BilingualName,
  ReportDetail,
  ReportKind,
  ReportSeverity,
  ServiceImpact,
  TimelineEntry,
  Tlp,
} from '@cipx/contracts';
import { PREFECTURES } from '@cipx/contracts/vocabulary';
import PDFDocument from 'pdfkit';
import { AppError } from '../../shared/app-error.js';

// The per-report PDF in the spirit of the common incident-report form (DOMAIN.md §3): what
// the viewer may see of the report, laid out on A4 with the TLP label on every page. The
// input is already presented for the viewer (relay instead of an anonymized reporter).

export interface ReportPdfInput {
  report: ReportDetail;
  /** Oldest first, as the timeline endpoint shows it to the viewer. */
  timeline: readonly TimelineEntry[];
  severity: ReportSeverity | null;
  /** Names of the organizations the view refers to (originator as presented, relay, hops). */
  organizations: ReadonlyMap<string, BilingualName>;
  viewerOrganization: BilingualName;
  generatedAt: Date;
}

export interface ReportPdfOptions {
  fontPath: string;
  /** Off only where a test reads the content streams. */
  compress?: boolean;
}

/** The Japanese face of Noto Sans CJK collections; single-face fonts need no name. */
const COLLECTION_FACE = 'NotoSansCJKjp-Regular';

const TLP_COLOURS: Record<Tlp, { fill: string; text: string }> = {
  red: { fill: '#FF2B2B', text: '#000000' },
  amber: { fill: '#FFC000', text: '#000000' },
  'amber+strict': { fill: '#FFC000', text: '#000000' },
  green: { fill: '#33FF00', text: '#000000' },
  clear: { fill: '#000000', text: '#FFFFFF' },
};

const KIND_LABELS: Record<ReportKind, BilingualName> = {
  outage: { ja: '障害', en: 'Outage' },
  sign: { ja: '予兆・ヒヤリハット', en: 'Sign / near miss' },
  vulnerability: { ja: '脆弱性', en: 'Vulnerability' },
  other: { ja: 'その他', en: 'Other' },
};

const IMPACT_LABELS: Record<ServiceImpact, BilingualName> = {
  none: { ja: '影響なし', en: 'None' },
  degraded: { ja: '機能低下', en: 'Degraded' },
  partial_outage: { ja: '一部停止', en: 'Partial outage' },
  full_outage: { ja: '全面停止', en: 'Full outage' },
};

export function tlpText(tlp: Tlp): string {
  return `TLP:${tlp.toUpperCase()}`;
}

export function pdfTitle(report: Pick<ReportDetail, 'number' | 'title' | 'exercise'>): string {
  return `${report.number} ${report.exercise ? '【訓練】[EXERCISE] ' : ''}${report.title}`;
}

export function pdfFilename(number: string): string {
  return `${number.replace(/[^A-Za-z0-9-]/g, '_')}.pdf`;
}

/** Japan time with the zone written out: the form is read by people, not parsers. */
function jst(value: string | null): string {
  if (value === null) return '—';
  const shifted = new Date(Date.parse(value) + 9 * 3600_000).toISOString();
  return `${shifted.slice(0, 10)} ${shifted.slice(11, 16)} JST`;
}

const dash = (value: string | number | null | undefined): string =>
  value === null || value === undefined || value === '' ? '—' : String(value);

function orgName(input: ReportPdfInput, id: string | null): string {
  if (id === null) return '—';
  const name = input.organizations.get(id);
  return name ? `${name.ja} / ${name.en}` : id;
}

function prefectures(codes: readonly string[]): string {
  if (codes.length === 0) return '—';
  return codes.map((code) => PREFECTURES.find((p) => p.code === code)?.ja ?? code).join('、');
}

const MARGIN = 50;
const HEADER_SPACE = 36;

/**
 * Renders the PDF. Throws UNAVAILABLE when the font is missing so the server answers 503
 * instead of failing inside the PDF library.
 */
export async function renderReportPdf(input: ReportPdfInput, options: ReportPdfOptions): Promise<Buffer> {
  if (!existsSync(options.fontPath)) {
    throw new AppError('UNAVAILABLE', {}, [
      {
        field: 'CIPX_PDF_FONT',
        code: 'PDF_FONT_MISSING',
        message: `The PDF font ${options.fontPath} is missing: install the Debian package fonts-noto-cjk or set CIPX_PDF_FONT / PDF用フォントがありません。fonts-noto-cjk をインストールするか CIPX_PDF_FONT を設定してください`,
      },
    ]);
  }
  const { report } = input;
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN + HEADER_SPACE, bottom: MARGIN + 20, left: MARGIN, right: MARGIN },
    bufferPages: true,
    compress: options.compress ?? true,
    lang: 'ja-JP',
    info: {
      Title: pdfTitle(report),
      Subject: tlpText(report.tlp),
      Author: 'CIPX',
      Creator: 'CIPX',
      CreationDate: input.generatedAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const collection = /\.(ttc|otc)$/i.test(options.fontPath);
  doc.registerFont('body', options.fontPath, collection ? COLLECTION_FACE : undefined);
  doc.font('body');

  const width = doc.page.width - 2 * MARGIN;

  const heading = (ja: string, en: string) => {
    doc.moveDown(0.6);
    if (doc.y > doc.page.height - doc.page.margins.bottom - 60) doc.addPage();
    doc.fontSize(12).fillColor('#1F3A5F').text(`${ja} / ${en}`, MARGIN, doc.y, { width });
    const y = doc.y + 2;
    doc
      .moveTo(MARGIN, y)
      .lineTo(MARGIN + width, y)
      .lineWidth(0.5)
      .strokeColor('#1F3A5F')
      .stroke();
    doc.moveDown(0.4);
    doc.fillColor('#000000').fontSize(9.5);
  };
  const row = (ja: string, en: string, value: string) => {
    const labelWidth = 170;
    const y = doc.y;
    doc
      .fontSize(8.5)
      .fillColor('#555555')
      .text(`${ja} / ${en}`, MARGIN, y, { width: labelWidth - 8 });
    const afterLabel = doc.y;
    doc
      .fontSize(9.5)
      .fillColor('#000000')
      .text(value, MARGIN + labelWidth, y, { width: width - labelWidth });
    doc.y = Math.max(afterLabel, doc.y) + 2;
  };
  const paragraph = (value: string) => {
    doc
      .fontSize(9.5)
      .fillColor('#000000')
      .text(value === '' ? '—' : value, MARGIN, doc.y, { width });
  };

  // Title block.
  doc.fontSize(15).fillColor('#000000').text(pdfTitle(report), MARGIN, doc.y, { width });
  doc
    .fontSize(9)
    .fillColor('#555555')
    .text('重要インフラ事業者等 情報連絡 / Critical infrastructure incident report');
  doc.fillColor('#000000');

  heading('報告区分', 'Report category');
  row('種別', 'Kind', `${KIND_LABELS[report.kind].ja} / ${KIND_LABELS[report.kind].en}`);
  row('報告番号', 'Number', report.number);
  row('状態', 'Status', report.status);
  row('経路', 'Route', report.route);
  row('訓練', 'Exercise', report.exercise ? 'はい / Yes' : 'いいえ / No');

  heading('事業者の概要', 'Operator overview');
  row(
    '報告元',
    'Originator',
    report.originator ? `${report.originator.name.ja} / ${report.originator.name.en}` : '—',
  );
  if (report.relayOrgId !== null) row('中継組織', 'Relay', orgName(input, report.relayOrgId));
  row('分野', 'Sector', dash(report.sectorCode));
  row('サービス', 'Service', dash(report.service));

  heading('事象の概要', 'Overview of the event');
  row('原因', 'Cause', dash(report.cause));
  row('発生日時', 'Occurred', jst(report.occurredAt));
  row('検知日時', 'Detected', jst(report.detectedAt));
  row('報告日時', 'Reported', jst(report.reportedAt));
  row(
    'サービスへの影響',
    'Service impact',
    report.serviceImpact === null
      ? '—'
      : `${IMPACT_LABELS[report.serviceImpact].ja} / ${IMPACT_LABELS[report.serviceImpact].en}`,
  );
  row('影響地域', 'Prefectures', prefectures(report.affectedPrefectures));
  row('影響利用者数（推定）', 'Users affected (est.)', dash(report.affectedUsersEstimate));
  row('復旧見込み', 'Expected restoration', jst(report.expectedRestorationAt));
  row('安全への影響', 'Safety impact', dash(report.safetyImpact));

  heading('影響を受けたシステム', 'Affected systems');
  row('システム', 'Systems', report.systems.length > 0 ? report.systems.join(', ').toUpperCase() : '—');

  heading('詳細', 'Description');
  paragraph(report.description);

  const forms = report.forms;
  if (forms.ddos || forms.ransomware || forms.otherAttack) {
    heading('技術的詳細', 'Technical details');
    if (forms.ddos) {
      const d = forms.ddos;
      row('DDoS 攻撃', 'DDoS attack', dash(d.vector));
      row('最大トラフィック', 'Peak traffic', d.trafficGbps === undefined ? '—' : `${d.trafficGbps} Gbps`);
      row('最大パケット数', 'Peak packets', d.pps === undefined ? '—' : `${d.pps} pps`);
      row('継続時間', 'Duration', d.durationMinutes === undefined ? '—' : `${d.durationMinutes} 分 / min`);
    }
    if (forms.ransomware) {
      const r = forms.ransomware;
      row('ランサムウェア', 'Ransomware family', dash(r.family));
      row('拡張子', 'File extension', dash(r.fileExtension));
      row('侵入経路', 'Intrusion vector', dash(r.intrusionVector));
      row('痕跡情報', 'Indicators', r.indicators?.join('\n') || '—');
      row('脅迫文', 'Ransom note', dash(r.note));
    }
    if (forms.otherAttack) {
      const o = forms.otherAttack;
      row('攻撃種別', 'Attack type', dash(o.attackType));
      row('侵入経路', 'Intrusion vector', dash(o.intrusionVector));
      row('手法', 'Technique', dash(o.technique));
      row('痕跡情報', 'Indicators', o.indicators?.join('\n') || '—');
      row('備考', 'Note', dash(o.note));
    }
  }

  heading('深刻度', 'Severity');
  const current = input.severity?.current ?? null;
  row(
    '現在の評価',
    'Current rating',
    current === null
      ? '未評価 / Not rated'
      : `${current.overall}（${current.basis}）CISS ${current.cissLevel}`,
  );
  for (const r of input.severity?.ratings ?? []) {
    row(
      jst(r.createdAt),
      r.basis,
      `総合 ${r.overall}（継続性 ${r.continuity}・安全 ${r.safety}・信頼 ${r.trust}）CISS ${r.cissLevel} — ${r.rater.role}${r.rationale ? `: ${r.rationale}` : ''}`,
    );
  }

  heading('対応・連絡経路', 'Response and route');
  row('提出日時', 'Submitted', jst(report.submittedAt));
  if (report.hops.length === 0) paragraph('—');
  for (const hop of report.hops) {
    row(
      `#${hop.seq}${hop.copy ? '（写し / copy）' : ''}`,
      hop.mode,
      `${orgName(input, hop.fromOrgId)} → ${orgName(input, hop.toOrgId)}\n${hop.status}; 転送 forwarded ${jst(hop.forwardedAt)}; 受領 acknowledged ${jst(hop.acknowledgedAt)}`,
    );
  }

  heading('経過', 'Timeline');
  if (input.timeline.length === 0) paragraph('—');
  for (const entry of input.timeline) {
    const actor = entry.actor.label ?? orgName(input, entry.actor.organizationId);
    row(jst(entry.at), entry.kind, `${actor}${entry.stage ? ` [${entry.stage}]` : ''}`);
  }

  heading('その他', 'Other remarks');
  paragraph(
    `この文書は ${tlpText(report.tlp)} です。TLP の範囲を超えて共有しないでください。 / This document is ${tlpText(report.tlp)}; do not share it beyond what the label allows.`,
  );

  // Header and footer last, when the page count is known; margins off so nothing flows onward.
  const range = doc.bufferedPageRange();
  const colours = TLP_COLOURS[report.tlp];
  const generated = `generated at ${jst(input.generatedAt.toISOString())} by CIPX for ${input.viewerOrganization.ja} / ${input.viewerOrganization.en}`;
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const saved = doc.page.margins;
    doc.page.margins = { top: 0, bottom: 0, left: 0, right: 0 };
    doc
      .fontSize(9)
      .fillColor('#1F3A5F')
      .text(`CIPX  ${report.number}`, MARGIN, MARGIN - 10, { lineBreak: false });
    const label = tlpText(report.tlp);
    const labelWidth = doc.widthOfString(label) + 12;
    doc
      .rect(MARGIN + width - labelWidth, MARGIN - 14, labelWidth, 16)
      .fill(colours.fill)
      .fillColor(colours.text)
      .text(label, MARGIN + width - labelWidth + 6, MARGIN - 10, { lineBreak: false });
    const footerY = doc.page.height - MARGIN;
    doc
      .fontSize(7.5)
      .fillColor('#555555')
      .text(`${generated}  —  ${i - range.start + 1} / ${range.count}`, MARGIN, footerY, {
        width,
        align: 'center',
        lineBreak: false,
      });
    doc.page.margins = saved;
  }
  doc.end();
  return finished;
}
