import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type {
  Attachment,
  AttachmentList,
  CreateReportBody,
  Problem,
  ReportDetail,
  Timeline,
} from '@cipx/contracts';
import { sql, type SqlBool } from 'kysely';
import { buildTestApp, type TestApp } from '../../../test/app.js';
import { createTestOrganization, signInAs, tokenFor, type SignedIn } from '../../../test/auth.js';
import { orgIdForSlug, seedReference } from '../reference/index.js';
import {
  AUTHOR,
  COMPANY,
  docxWithAuthor,
  jpegWithExif,
  pdfWithInfo,
  plainPng,
  pngWithText,
} from './attachments.fixtures.js';
import { entryContent, readZip } from './attachments.zip.js';

// Attachments over HTTP against a real database: the round trip with its headers, the size
// and type limits, metadata removal, the anonymized reporter kept hidden, and the denials.

const MAX_BYTES = 1024 * 1024;

const FACTS = {
  kind: 'outage',
  title: '勘定系システムの停止',
  description: '09:00 から勘定系システムが停止した。',
  cause: 'system_failure',
  systems: ['it'],
  occurredAt: '2026-03-31T23:30:00Z',
  detectedAt: '2026-03-31T23:40:00Z',
  serviceImpact: 'full_outage',
} satisfies CreateReportBody;

interface FilePart {
  filename: string;
  type: string;
  data: Buffer;
  field?: string;
}

function multipart(files: FilePart[]): { payload: Buffer; contentType: string } {
  const boundary = `----cipx${randomBytes(8).toString('hex')}`;
  const parts = files.flatMap((f) => [
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${f.field ?? 'file'}"; filename="${f.filename}"\r\n` +
        `Content-Type: ${f.type}\r\n\r\n`,
      'utf8',
    ),
    f.data,
    Buffer.from('\r\n'),
  ]);
  return {
    payload: Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('report attachments (http)', () => {
  let t: TestApp;
  const bankSlug = 'att-bank';
  let bankId: string;
  const relayId = orgIdForSlug('ceptoar-banking');
  let reporter: SignedIn;
  let bankViewer: SignedIn;
  let otherOperator: SignedIn;
  let fsaAnalyst: SignedIn;
  let fsaReporter: SignedIn;
  let relayAnalyst: SignedIn;
  let coordinator: SignedIn;
  let report: ReportDetail;
  let anonymized: ReportDetail;

  type Who = { headers: Record<string, string> } | null;

  const inject = (who: Who, method: 'GET' | 'POST', url: string, body?: unknown) =>
    t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: who?.headers ?? {},
      ...(body !== undefined ? { payload: body as Record<string, unknown> } : {}),
    });

  const upload = (who: Who, reportId: string, files: FilePart[]) => {
    // Uploads a second apart, so "oldest first" has one answer.
    t.clock.advance(1000);
    const { payload, contentType } = multipart(files);
    return t.app.inject({
      method: 'POST',
      url: `/api/v1/reports/${reportId}/attachments`,
      headers: { ...(who?.headers ?? {}), 'content-type': contentType },
      payload,
    });
  };

  async function uploaded(who: Who, reportId: string, file: FilePart): Promise<Attachment> {
    const res = await upload(who, reportId, [file]);
    assert.equal(res.statusCode, 201, res.body);
    return res.json<Attachment>();
  }

  const download = (who: Who, attachment: Pick<Attachment, 'reportId' | 'id'>) =>
    inject(who, 'GET', `/reports/${attachment.reportId}/attachments/${attachment.id}`);

  const storedCount = async (reportId: string) => {
    const row = await t.database.db
      .selectFrom('attachments as a')
      .leftJoin('attachment_chunks as c', 'c.attachment_id', 'a.id')
      .select((eb) => [
        eb.fn.count<string>('a.id').distinct().as('files'),
        eb.fn.count<string>('c.seq').as('chunks'),
      ])
      .where('a.report_id', '=', reportId)
      .executeTakeFirstOrThrow();
    return { files: Number(row.files), chunks: Number(row.chunks) };
  };

  /** Fails if the reporter's organization, person or the file's author appears in `text`. */
  function assertNoReporter(text: string, where: string) {
    for (const secret of [bankId, reporter.userId, bankSlug, AUTHOR, COMPANY]) {
      assert.ok(!text.includes(secret), `${where} reveals the reporter (${secret})`);
    }
  }

  before(async () => {
    t = await buildTestApp({ env: { CIPX_ATTACHMENT_MAX_BYTES: String(MAX_BYTES) } });
    const db = t.database.db;
    await seedReference(db);
    bankId = await createTestOrganization(db, { slug: bankSlug, kind: 'operator', sectorCode: 'finance' });
    await createTestOrganization(db, { slug: 'att-other', kind: 'operator', sectorCode: 'finance' });
    await db
      .insertInto('memberships')
      .values({ organization_id: bankId, group_id: relayId, relation: 'member' })
      .execute();
    reporter = await signInAs(t, { organizationSlug: bankSlug, role: 'reporter', locale: 'en' });
    bankViewer = await signInAs(t, { organizationSlug: bankSlug, role: 'viewer' });
    otherOperator = await signInAs(t, { organizationSlug: 'att-other', role: 'admin' });
    fsaAnalyst = await signInAs(t, { organizationSlug: 'fsa', role: 'analyst' });
    fsaReporter = await signInAs(t, { organizationSlug: 'fsa', role: 'reporter' });
    relayAnalyst = await signInAs(t, { organizationSlug: 'ceptoar-banking', role: 'analyst' });
    coordinator = await signInAs(t, { organizationSlug: 'nco', role: 'admin' });

    const created = await inject(reporter, 'POST', '/reports', FACTS);
    assert.equal(created.statusCode, 201, created.body);
    const submitted = await inject(reporter, 'POST', `/reports/${created.json<ReportDetail>().id}/submit`);
    assert.equal(submitted.statusCode, 200, submitted.body);
    report = submitted.json<ReportDetail>();

    t.clock.advance(60_000);
    const draft = await inject(reporter, 'POST', '/reports', {
      ...FACTS,
      kind: 'sign',
      serviceImpact: 'none',
      route: 'anonymized',
    });
    assert.equal(draft.statusCode, 201, draft.body);
    const sent = await inject(reporter, 'POST', `/reports/${draft.json<ReportDetail>().id}/submit`);
    assert.equal(sent.statusCode, 200, sent.body);
    anonymized = sent.json<ReportDetail>();
    const forwarded = await inject(relayAnalyst, 'POST', `/reports/${anonymized.id}/forward`, {});
    assert.equal(forwarded.statusCode, 200, forwarded.body);
  });
  after(async () => {
    await t.close();
  });

  it('stores a file in chunks and returns exactly its bytes as a sandboxed download', async () => {
    // 600 KiB of UTF-8 text: three chunks of 256 KiB.
    const line = '2026-04-01T09:00:00+09:00 勘定系 ERROR connection refused\n';
    const data = Buffer.from(line.repeat(Math.ceil((600 * 1024) / Buffer.byteLength(line)))).subarray(
      0,
      600 * 1024,
    );
    const cut = data.lastIndexOf(0x0a) + 1;
    const text = data.subarray(0, cut);
    const attachment = await uploaded(reporter, report.id, {
      filename: '障害ログ (1).log',
      type: 'text/plain',
      data: text,
    });
    assert.equal(attachment.type, 'text/plain');
    assert.equal(attachment.size, text.length);
    assert.equal(attachment.sha256, sha256(text));
    assert.equal(attachment.metadataStripped, true);
    assert.equal(attachment.scan, 'not_scanned');
    assert.deepEqual(attachment.uploadedBy, { userId: reporter.userId, organizationId: bankId, label: null });
    assert.deepEqual(await storedCount(report.id), { files: 1, chunks: 3 });

    const res = await download(fsaAnalyst, attachment);
    assert.equal(res.statusCode, 200, res.body);
    assert.ok(res.rawPayload.equals(text), 'the exact bytes come back');
    assert.equal(res.headers['content-type'], 'text/plain; charset=utf-8');
    assert.equal(res.headers['content-length'], String(text.length));
    assert.equal(
      res.headers['content-disposition'],
      `attachment; filename="____ (1).log"; filename*=UTF-8''${encodeURIComponent('障害ログ').replace(/'/g, '%27')}%20%281%29.log`,
    );
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['content-security-policy'], "sandbox; default-src 'none'");
    assert.equal(res.headers['cache-control'], 'private, no-store');
    assert.equal(res.headers['x-cipx-scan'], 'not-scanned');
  });

  it('serves an image as its sniffed type, whatever the client declared', async () => {
    const png = plainPng();
    const attachment = await uploaded(reporter, report.id, {
      filename: 'graph.png',
      type: 'application/octet-stream',
      data: png,
    });
    assert.equal(attachment.declaredType, 'application/octet-stream');
    const res = await download(reporter, attachment);
    assert.equal(res.headers['content-type'], 'image/png');
    assert.ok(res.rawPayload.equals(png), 'a PNG without metadata is stored unchanged');
  });

  it('lists attachments with the "not scanned" label and records each upload in the timeline', async () => {
    const list = await inject(fsaAnalyst, 'GET', `/reports/${report.id}/attachments`);
    assert.equal(list.statusCode, 200, list.body);
    const body = list.json<AttachmentList>();
    assert.equal(body.maxBytes, MAX_BYTES);
    assert.deepEqual(
      body.items.map((a) => a.filename),
      ['障害ログ (1).log', 'graph.png'],
    );
    assert.ok(
      body.items.every((a) => a.scanLabel.en === 'not scanned' && a.scanLabel.ja === '未スキャン'),
      'every item labelled',
    );
    const timeline = await inject(fsaAnalyst, 'GET', `/reports/${report.id}/timeline`);
    const added = timeline.json<Timeline>().items.filter((e) => e.kind === 'attachment_added');
    assert.deepEqual(
      added.map((e) => e.detail['filename']),
      ['障害ログ (1).log', 'graph.png'],
    );
  });

  it('refuses an over-size file with 413 naming the limit, and stores nothing', async () => {
    const before = await storedCount(report.id);
    const res = await upload(reporter, report.id, [
      { filename: 'big.txt', type: 'text/plain', data: Buffer.alloc(MAX_BYTES + 1, 0x61) },
    ]);
    assert.equal(res.statusCode, 413, res.body);
    const problem = res.json<Problem>();
    assert.equal(problem.code, 'PAYLOAD_TOO_LARGE');
    assert.match(problem.detail ?? '', /1 MiB/);
    // A declared length far beyond the limit is refused before the body is read.
    const huge = await upload(reporter, report.id, [
      { filename: 'huge.txt', type: 'text/plain', data: Buffer.alloc(2 * MAX_BYTES, 0x61) },
    ]);
    assert.equal(huge.statusCode, 413, huge.body);
    assert.deepEqual(await storedCount(report.id), before);
    const exact = await upload(reporter, report.id, [
      { filename: 'limit.txt', type: 'text/plain', data: Buffer.alloc(MAX_BYTES, 0x61) },
    ]);
    assert.equal(exact.statusCode, 201, 'a file of exactly the limit is accepted');
  });

  it('refuses a disguised file with 415 and says what the content really is', async () => {
    const before = await storedCount(report.id);
    const exe = Buffer.concat([
      Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00', 'latin1'),
      randomBytes(512),
    ]);
    const res = await upload(reporter, report.id, [
      { filename: 'invoice.pdf', type: 'application/pdf', data: exe },
    ]);
    assert.equal(res.statusCode, 415, res.body);
    const problem = res.json<Problem>();
    assert.equal(problem.code, 'UNSUPPORTED_MEDIA_TYPE');
    assert.match(problem.detail ?? '', /named \.pdf but its content is application\/x-msdownload/);
    const sjis = await upload(reporter, report.id, [
      { filename: 'memo.txt', type: 'text/plain', data: Buffer.from([0x8f, 0xe1, 0x8a, 0x51]) },
    ]);
    assert.equal(sjis.statusCode, 415, 'text that is not UTF-8 is refused');
    assert.deepEqual(await storedCount(report.id), before);
  });

  it('refuses a request with two files', async () => {
    const res = await upload(reporter, report.id, [
      { filename: 'a.txt', type: 'text/plain', data: Buffer.from('a') },
      { filename: 'b.txt', type: 'text/plain', data: Buffer.from('b') },
    ]);
    assert.equal(res.statusCode, 400, res.body);
    assert.equal(res.json<Problem>().errors?.[0]?.code, 'ONE_FILE');
  });

  it('removes EXIF from a JPEG, text chunks from a PNG and the creator from a docx', async () => {
    const jpeg = await uploaded(reporter, report.id, {
      filename: 'photo.jpg',
      type: 'image/jpeg',
      data: jpegWithExif(),
    });
    const png = await uploaded(reporter, report.id, {
      filename: 'scan.png',
      type: 'image/png',
      data: pngWithText(),
    });
    const docx = await uploaded(reporter, report.id, {
      filename: 'memo.docx',
      type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      data: docxWithAuthor(),
    });
    for (const a of [jpeg, png, docx]) assert.equal(a.metadataStripped, true, `${a.filename} stripped`);

    const jpegBytes = (await download(fsaAnalyst, jpeg)).rawPayload;
    assert.deepEqual([...jpegBytes.subarray(0, 2)], [0xff, 0xd8]);
    assert.ok(!jpegBytes.toString('latin1').includes(AUTHOR), 'no author in the JPEG');
    assert.ok(!jpegBytes.toString('latin1').includes('Exif'), 'no EXIF in the JPEG');
    assert.equal(jpeg.sha256, sha256(jpegBytes), 'the recorded hash is of the stored file');

    const pngBytes = (await download(fsaAnalyst, png)).rawPayload;
    assert.ok(pngBytes.equals(plainPng()), 'only the pixel chunks are left');

    const docxBytes = (await download(fsaAnalyst, docx)).rawPayload;
    const core = readZip(docxBytes).find((e) => e.name === 'docProps/core.xml');
    assert.ok(core, 'core.xml kept');
    assert.ok(!entryContent(core).toString('utf8').includes('dc:creator>'), 'no creator in core.xml');
    for (const e of readZip(docxBytes)) {
      assert.ok(!entryContent(e).toString('latin1').includes(AUTHOR), `no author in ${e.name}`);
    }
  });

  it('keeps a PDF it cannot clean but marks it not stripped', async () => {
    const annotated = pdfWithInfo(['<< /Type /Annot /Subtype /Text /T (Reviewer) /Contents (check) >>']);
    const pdf = await uploaded(reporter, report.id, {
      filename: 'memo.pdf',
      type: 'application/pdf',
      data: annotated,
    });
    assert.equal(pdf.metadataStripped, false);
    assert.equal(pdf.sha256, sha256(annotated));
    const clean = await uploaded(reporter, report.id, {
      filename: 'clean.pdf',
      type: 'application/pdf',
      data: pdfWithInfo(),
    });
    assert.equal(clean.metadataStripped, true);
    assert.ok(
      !(await download(reporter, clean)).rawPayload.toString('latin1').includes(AUTHOR),
      'author blanked',
    );
  });

  it('lets a recipient’s analyst attach, but not a recipient’s reporter nor the originator’s viewer', async () => {
    const byFsa = await uploaded(fsaAnalyst, report.id, {
      filename: 'note.txt',
      type: 'text/plain',
      data: Buffer.from('確認中'),
    });
    assert.equal(byFsa.uploadedBy.organizationId, orgIdForSlug('fsa'));
    const data = [{ filename: 'x.txt', type: 'text/plain', data: Buffer.from('x') }];
    assert.equal((await upload(fsaReporter, report.id, data)).statusCode, 403);
    assert.equal((await upload(bankViewer, report.id, data)).statusCode, 403);
  });

  it('answers 404 to an organization that cannot see the report and 401 to anonymous callers', async () => {
    const [first] = (
      await inject(reporter, 'GET', `/reports/${report.id}/attachments`)
    ).json<AttachmentList>().items;
    assert.ok(first, 'an attachment to ask for');
    const data = [{ filename: 'x.txt', type: 'text/plain', data: Buffer.from('x') }];
    for (const res of [
      await inject(otherOperator, 'GET', `/reports/${report.id}/attachments`),
      await download(otherOperator, first),
      await upload(otherOperator, report.id, data),
    ]) {
      assert.equal(res.statusCode, 404, res.body);
      assert.equal(res.json<Problem>().code, 'REPORT_NOT_FOUND');
    }
    for (const res of [
      await inject(null, 'GET', `/reports/${report.id}/attachments`),
      await download(null, first),
      await upload(null, report.id, data),
    ]) {
      assert.equal(res.statusCode, 401, res.body);
    }
    const elsewhere = await download(reporter, { reportId: anonymized.id, id: first.id });
    assert.equal(elsewhere.statusCode, 404, 'an attachment is found only under its own report');
  });

  it('accepts an API token with reports:write', async () => {
    const token = await tokenFor(t, {
      organizationSlug: bankSlug,
      role: 'reporter',
      scopes: ['reports:read', 'reports:write'],
    });
    const res = await upload(token, report.id, [
      { filename: 'api.csv', type: 'text/csv', data: Buffer.from('a,b\n1,2\n') },
    ]);
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json<Attachment>().type, 'text/csv');
  });

  describe('on an anonymized report', () => {
    let photo: Attachment;
    let memo: Attachment;

    before(async () => {
      photo = await uploaded(reporter, anonymized.id, {
        filename: 'photo.jpg',
        type: 'image/jpeg',
        data: jpegWithExif(),
      });
      memo = await uploaded(reporter, anonymized.id, {
        filename: 'memo.docx',
        type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        data: docxWithAuthor(),
      });
    });

    it('shows the coordinator the relay and a pseudonym as uploader, never the reporter', async () => {
      const list = await inject(coordinator, 'GET', `/reports/${anonymized.id}/attachments`);
      assert.equal(list.statusCode, 200, list.body);
      assertNoReporter(list.body, 'attachment list');
      for (const item of list.json<AttachmentList>().items) {
        assert.equal(item.uploadedBy.organizationId, relayId);
        assert.equal(item.uploadedBy.userId, null);
        assert.match(item.uploadedBy.label ?? '', /Anonymous reporter/);
      }
      const timeline = await inject(coordinator, 'GET', `/reports/${anonymized.id}/timeline`);
      assertNoReporter(timeline.body, 'timeline');
    });

    it('gives the coordinator files without the author in their bytes', async () => {
      const jpeg = await download(coordinator, photo);
      assert.equal(jpeg.statusCode, 200);
      assertNoReporter(jpeg.rawPayload.toString('latin1'), 'downloaded photo');
      const docx = await download(coordinator, memo);
      assert.equal(docx.statusCode, 200);
      for (const e of readZip(docx.rawPayload))
        assertNoReporter(entryContent(e).toString('utf8'), `docx ${e.name}`);
    });

    it('shows the reporter and the relay who uploaded', async () => {
      for (const who of [reporter, relayAnalyst]) {
        const list = (
          await inject(who, 'GET', `/reports/${anonymized.id}/attachments`)
        ).json<AttachmentList>();
        assert.deepEqual(
          list.items.map((a) => a.uploadedBy.userId),
          [reporter.userId, reporter.userId],
        );
      }
    });

    it('refuses a file whose metadata cannot be removed, and says why', async () => {
      const res = await upload(reporter, anonymized.id, [
        {
          filename: 'phish.eml',
          type: 'message/rfc822',
          data: Buffer.from('From: x@example.jp\r\nTo: soc@bank.example\r\n\r\nhi\r\n'),
        },
      ]);
      assert.equal(res.statusCode, 415, res.body);
      assert.match(res.json<Problem>().detail ?? '', /anonymized route/);
      const annotated = pdfWithInfo(['<< /Type /Annot /Subtype /Text /T (Reviewer) >>']);
      const pdf = await upload(relayAnalyst, anonymized.id, [
        { filename: 'm.pdf', type: 'application/pdf', data: annotated },
      ]);
      assert.equal(pdf.statusCode, 415, 'the relay is held to the same rule');
    });

    it('never names the reporter in the audit log of uploads and downloads', async () => {
      await t.modules.audit.service.flush();
      const events = await t.database.db
        .selectFrom('audit_log')
        .select(['action', 'actor_user_id', 'actor_org_id', 'actor_label', 'detail'])
        .where(sql<SqlBool>`${anonymized.id} = ANY(target_ids)`)
        .where('action', 'like', 'reports.attachment%')
        .execute();
      const uploads = events.filter((e) => e.action === 'reports.attachment.upload');
      assert.equal(uploads.length, 2);
      assert.ok(
        uploads.every((e) => e.actor_org_id === relayId && e.actor_user_id === null),
        'uploads recorded under the relay',
      );
      assert.ok(
        events.some(
          (e) => e.action === 'reports.attachment.download' && e.actor_org_id === orgIdForSlug('nco'),
        ),
        'downloads recorded',
      );
      assertNoReporter(JSON.stringify(events), 'audit log');
    });
  });
});
