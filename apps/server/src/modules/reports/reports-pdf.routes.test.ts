import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { inflateSync } from 'node:zlib';
import type { CreateReportBody, Problem, ReportDetail } from '@cipx/contracts';
import { buildTestApp, type TestApp } from '../../../test/app.js';
import { createTestOrganization, signInAs, type SignedIn } from '../../../test/auth.js';
import type { Viewer } from '../../shared/viewer.js';
import { orgIdForSlug, seedReference } from '../reference/index.js';
import { renderReportPdf } from './reports.pdf.js';

// The per-report PDF: the same access policy and anonymity as the detail endpoint, the TLP
// label and report number in the document. pdfkit writes CJK text as glyph ids, so the test
// reads the text back through the font's ToUnicode map, as a PDF reader does.

/** The streams of a PDF, inflated where they are compressed. */
function streams(pdf: Buffer): Buffer[] {
  const source = pdf.toString('latin1');
  const found: Buffer[] = [];
  const start = /<<((?:(?!>>\s*stream)[\s\S])*?)>>\s*stream\r?\n/g;
  for (let m = start.exec(source); m !== null; m = start.exec(source)) {
    const length = /\/Length (\d+)/.exec(m[1] ?? '');
    if (!length) continue;
    const raw = pdf.subarray(m.index + m[0].length, m.index + m[0].length + Number(length[1]));
    found.push((m[1] ?? '').includes('/FlateDecode') ? inflateSync(raw) : raw);
  }
  return found;
}

function utf16(hex: string): string {
  let text = '';
  for (let i = 0; i + 4 <= hex.length; i += 4) text += String.fromCharCode(parseInt(hex.slice(i, i + 4), 16));
  return text;
}

/** The text of every TJ operator, one line each, decoded through the ToUnicode ranges. */
function pdfText(pdf: Buffer): string {
  const all = streams(pdf).map((s) => s.toString('latin1'));
  const glyphs = new Map<number, string>();
  for (const cmap of all.filter((s) => s.includes('beginbfrange'))) {
    for (const range of cmap.matchAll(/<([0-9a-f]{4})> <([0-9a-f]{4})> \[([^\]]*)\]/gi)) {
      const first = parseInt(range[1] ?? '0', 16);
      // Ligatures map one glyph to several code units: <0066 0069>.
      [...(range[3] ?? '').matchAll(/<([0-9a-f ]+)>/gi)].forEach((u, i) =>
        glyphs.set(first + i, utf16((u[1] ?? '').replace(/ /g, ''))),
      );
    }
  }
  assert.ok(glyphs.size > 0, 'the PDF carries a ToUnicode map');
  const lines: string[] = [];
  for (const content of all.filter((s) => s.includes(' Tf'))) {
    for (const tj of content.matchAll(/\[([^\]]*)\] TJ/g)) {
      let line = '';
      for (const hex of (tj[1] ?? '').matchAll(/<([0-9a-f]+)>/gi)) {
        const ids = hex[1] ?? '';
        for (let i = 0; i + 4 <= ids.length; i += 4)
          line += glyphs.get(parseInt(ids.slice(i, i + 4), 16)) ?? '?';
      }
      lines.push(line);
    }
  }
  return lines.join('\n');
}

const FACTS = {
  kind: 'outage',
  title: '勘定系システムの停止',
  description: '09:00 から勘定系システムが停止し、ATM と窓口が利用できない。',
  cause: 'cyberattack',
  systems: ['it'],
  occurredAt: '2026-03-31T23:30:00Z',
  detectedAt: '2026-03-31T23:40:00Z',
  serviceImpact: 'full_outage',
  affectedPrefectures: ['13'],
  tlp: 'amber',
  forms: { ddos: { vector: 'UDP reflection (DNS)', trafficGbps: 40 } },
} satisfies CreateReportBody;

describe('report PDF (http)', () => {
  let t: TestApp;
  const bankSlug = 'pdf-anon-bank';
  let bankId: string;
  const relayId = orgIdForSlug('ceptoar-banking');
  let owner: SignedIn;
  let otherOperator: SignedIn;
  let anonReporter: SignedIn;
  let relayAnalyst: SignedIn;
  let coordinator: SignedIn;
  let plain: ReportDetail;
  let drill: ReportDetail;
  let anonymized: ReportDetail;

  const inject = (who: SignedIn | null, method: 'GET' | 'POST', url: string, body?: unknown) =>
    t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: who?.headers ?? {},
      ...(body !== undefined ? { payload: body as Record<string, unknown> } : {}),
    });

  async function submit(who: SignedIn, body: CreateReportBody): Promise<ReportDetail> {
    t.clock.advance(60_000);
    const created = await inject(who, 'POST', '/reports', body);
    assert.equal(created.statusCode, 201, created.body);
    const submitted = await inject(who, 'POST', `/reports/${created.json<ReportDetail>().id}/submit`);
    assert.equal(submitted.statusCode, 200, submitted.body);
    return submitted.json<ReportDetail>();
  }

  before(async () => {
    t = await buildTestApp();
    const db = t.database.db;
    await seedReference(db);
    await createTestOrganization(db, { slug: 'pdf-bank', kind: 'operator', sectorCode: 'finance' });
    await createTestOrganization(db, { slug: 'pdf-bank-2', kind: 'operator', sectorCode: 'finance' });
    bankId = await createTestOrganization(db, {
      slug: bankSlug,
      kind: 'operator',
      sectorCode: 'finance',
      nameJa: '匿名ピーディーエフ銀行',
      nameEn: 'Anonymous PDF Bank',
    });
    await db
      .insertInto('memberships')
      .values({ organization_id: bankId, group_id: relayId, relation: 'member' })
      .execute();
    await db
      .insertInto('contacts')
      .values({
        id: randomUUID(),
        organization_id: relayId,
        role: 'primary',
        name_ja: 'セプター事務局',
        name_en: 'CEPTOAR secretariat',
        email: 'secretariat@ceptoar-banking.test',
      })
      .execute();
    owner = await signInAs(t, { organizationSlug: 'pdf-bank', role: 'reporter' });
    otherOperator = await signInAs(t, { organizationSlug: 'pdf-bank-2', role: 'admin' });
    anonReporter = await signInAs(t, { organizationSlug: bankSlug, role: 'reporter' });
    relayAnalyst = await signInAs(t, { organizationSlug: 'ceptoar-banking', role: 'analyst' });
    coordinator = await signInAs(t, { organizationSlug: 'nco', role: 'admin' });

    plain = await submit(owner, FACTS);
    drill = await submit(owner, { ...FACTS, title: '訓練シナリオ', exercise: true, tlp: 'green' });
    anonymized = await submit(anonReporter, {
      kind: 'sign',
      title: '不審な管理者ログイン',
      description: '海外から管理者アカウントへのログイン試行が続いた。',
      cause: 'cyberattack',
      systems: ['it'],
      detectedAt: '2026-03-31T15:00:00Z',
      serviceImpact: 'none',
      route: 'anonymized',
      tlp: 'amber',
    });
    const forwarded = await inject(relayAnalyst, 'POST', `/reports/${anonymized.id}/forward`, {});
    assert.equal(forwarded.statusCode, 200, forwarded.body);
  });
  after(async () => {
    await t.close();
  });

  it('answers a PDF download with the report number, TLP and title in it', async () => {
    const res = await inject(owner, 'GET', `/reports/${plain.id}/report.pdf`);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'application/pdf');
    assert.equal(res.headers['content-disposition'], `attachment; filename="${plain.number}.pdf"`);
    assert.equal(res.headers['cache-control'], 'private, no-store');
    const pdf = res.rawPayload;
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.match(pdf.subarray(-16).toString('latin1'), /%%EOF\s*$/);
    assert.ok(/\/Type \/Pages\s+\/Count [1-9]/.test(pdf.toString('latin1')), 'at least one page');
    const text = pdfText(pdf);
    assert.ok(text.includes(plain.number), 'the report number is printed');
    assert.ok(text.includes('TLP:AMBER'), 'the TLP label is printed');
    assert.ok(text.includes('勘定系システムの停止'), 'the title is printed');
    assert.ok(text.includes('2026-04-01 08:30 JST'), 'times are in JST');
    assert.ok(text.includes('UDP reflection (DNS)'), 'the DDoS section is printed');
    assert.ok(text.includes('事象の概要 / Overview of the event'), 'headings are bilingual');
  });

  it('marks an exercise report as such in the title', async () => {
    const res = await inject(owner, 'GET', `/reports/${drill.id}/report.pdf`);
    assert.equal(res.statusCode, 200, res.body);
    const text = pdfText(res.rawPayload);
    assert.ok(text.includes('【訓練】[EXERCISE] 訓練シナリオ'), 'the exercise marker precedes the title');
    assert.ok(text.includes('TLP:GREEN'), 'the TLP label follows the report');
  });

  it('answers 404 to another operator and 401 without a sign-in', async () => {
    const other = await inject(otherOperator, 'GET', `/reports/${plain.id}/report.pdf`);
    assert.equal(other.statusCode, 404, other.body);
    assert.equal(other.json<Problem>().code, 'REPORT_NOT_FOUND');
    assert.equal((await inject(null, 'GET', `/reports/${plain.id}/report.pdf`)).statusCode, 401);
  });

  it('shows the coordinator the relay, never the reporter of an anonymized report', async () => {
    const secrets = [bankId, anonReporter.userId, bankSlug, 'Anonymous PDF Bank', '匿名ピーディーエフ銀行'];
    const viewer: Viewer = {
      via: 'session',
      userId: coordinator.userId,
      displayName: 'NCO',
      locale: 'ja',
      organizationId: orgIdForSlug('nco'),
      organizationKind: 'coordinator',
      sectorCode: null,
      role: 'admin',
      communities: [],
      scopes: null,
      sessionIdHash: null,
    };
    const input = await t.modules.reports.pdf.input(viewer, anonymized.id);
    assert.equal(input.report.originator?.id, relayId, 'the relay stands in for the originator');
    const data = JSON.stringify({ ...input, organizations: [...input.organizations] });
    for (const secret of secrets) assert.ok(!data.includes(secret), `the layout input reveals ${secret}`);

    const res = await inject(coordinator, 'GET', `/reports/${anonymized.id}/report.pdf`);
    assert.equal(res.statusCode, 200, res.body);
    const text = pdfText(res.rawPayload);
    assert.ok(text.includes(anonymized.number), 'the coordinator gets the report');
    assert.ok(text.includes('銀行等CEPTOAR'), 'the relay is named');
    for (const secret of secrets) {
      assert.ok(
        !text.includes(secret) && !text.replace(/\n/g, '').includes(secret),
        `the PDF reveals ${secret}`,
      );
    }
    const uncompressed = await renderReportPdf(input, {
      fontPath: t.platform.config.pdfFont,
      compress: false,
    });
    for (const secret of secrets) {
      assert.ok(!uncompressed.toString('latin1').includes(secret), `the raw PDF carries ${secret}`);
    }
  });

  it('answers 503 naming the font package when the font is missing, and keeps running', async () => {
    const missing = await buildTestApp({
      database: t.database,
      clock: t.clock,
      env: { CIPX_PDF_FONT: '/nonexistent/NotoSansCJK-Regular.ttc' },
    });
    try {
      const res = await missing.app.inject({
        method: 'GET',
        url: `/api/v1/reports/${plain.id}/report.pdf`,
        headers: owner.headers,
      });
      assert.equal(res.statusCode, 503, res.body);
      const problem = res.json<Problem>();
      assert.equal(problem.code, 'UNAVAILABLE');
      assert.ok(problem.errors?.[0]?.message.includes('fonts-noto-cjk'), 'the package to install is named');
      const detail = await missing.app.inject({
        method: 'GET',
        url: `/api/v1/reports/${plain.id}`,
        headers: owner.headers,
      });
      assert.equal(detail.statusCode, 200, 'the rest of the server keeps answering');
    } finally {
      await missing.close();
    }
  });
});
