import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileTypeFromBuffer } from 'file-type';
import {
  classifyAttachment,
  contentDisposition,
  formatBytes,
  mayAttach,
  sanitizeFilename,
  servedContentType,
} from './attachments.js';
import {
  AUTHOR,
  COMPANY,
  docxWithAuthor,
  gifWithComment,
  jpegImageSegments,
  jpegWithExif,
  pdfWithInfo,
  plainPng,
  pngWithText,
  webpWithExif,
  zipOf,
} from './attachments.fixtures.js';
import {
  stripGif,
  stripJpeg,
  stripMetadata,
  stripOffice,
  stripPdf,
  stripPng,
  stripWebp,
} from './attachments.strip.js';
import { entryContent, readZip } from './attachments.zip.js';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

function pngChunkTypes(png: Buffer): string[] {
  const types: string[] = [];
  for (let i = 8; i + 12 <= png.length; i += 12 + png.readUInt32BE(i)) {
    types.push(png.subarray(i + 4, i + 8).toString('latin1'));
  }
  return types;
}

function allZipText(zip: Buffer): string {
  return readZip(zip)
    .map((e) => `${e.name}\n${entryContent(e).toString('latin1')}`)
    .join('\n');
}

describe('classifyAttachment', () => {
  const cases: [string, Buffer, string | null][] = [
    ['photo.jpg', jpegWithExif(), 'image/jpeg'],
    ['PHOTO.JPEG', jpegWithExif(), 'image/jpeg'],
    ['graph.png', plainPng(), 'image/png'],
    ['anim.gif', gifWithComment(), 'image/gif'],
    ['memo.pdf', pdfWithInfo(), 'application/pdf'],
    ['memo.docx', docxWithAuthor(), DOCX],
    ['ログ.txt', Buffer.from('2026-04-01 09:00 停止\n'), 'text/plain'],
    ['server.log', Buffer.from('\x1b[31mERROR\x1b[0m disk full\r\n'), 'text/plain'],
    ['ioc.csv', Buffer.from('\ufeffip,first_seen\n203.0.113.5,2026-03-31\n'), 'text/csv'],
    ['data.json', Buffer.from('{"a":[1,2]}'), 'application/json'],
    [
      'bundle.json',
      Buffer.from('{"type":"bundle","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d","objects":[]}'),
      'application/stix+json',
    ],
    ['phish.eml', Buffer.from('From: a@example.jp\r\nSubject: test\r\n\r\nbody\r\n'), 'message/rfc822'],
    // Text that happens to start with a binary signature ("BM" is a bitmap's) is still text.
    ['models.csv', Buffer.from('BMW,320d\nMZ-3,mazda\n'), 'text/csv'],
    ['fake.png', Buffer.from('not an image'), null],
    // refused
    [
      'invoice.pdf',
      Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00', 'latin1'),
      null,
    ],
    ['memo.pdf', zipOf([{ name: 'a.txt', content: Buffer.from('x') }]), null],
    ['archive.docx', zipOf([{ name: 'a.txt', content: Buffer.from('x') }]), null],
    ['photo.png', jpegWithExif(), null],
    ['notes.txt', Buffer.from([0x95, 0xf1, 0x8d, 0x90]), null],
    ['notes.txt', Buffer.from('a\0b'), null],
    ['data.json', Buffer.from('{"a":'), null],
    ['mail.eml', Buffer.from('just some words\n'), null],
    ['tool.exe', Buffer.from('MZ'), null],
    ['no-extension', Buffer.from('text'), null],
    ['empty.txt', Buffer.alloc(0), null],
    [
      'macro.docx',
      docxWithAuthor([{ name: 'word/vbaProject.bin', content: Buffer.from('Attribute VB_Name') }]),
      null,
    ],
  ];
  for (const [name, bytes, expected] of cases) {
    it(`${expected === null ? 'refuses' : 'accepts'} ${name}${expected ? ` as ${expected}` : ''}`, async () => {
      const result = await classifyAttachment(bytes, name);
      if (expected === null) {
        assert.equal(result.ok, false, `${name} should be refused`);
        if (!result.ok)
          assert.ok(
            result.reason.en.length > 10 && result.reason.ja.length > 5,
            'a reason in both languages',
          );
      } else {
        assert.deepEqual(result, { ok: true, type: expected });
      }
    });
  }

  it('names the real content when the name disguises it', async () => {
    const result = await classifyAttachment(
      Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00', 'latin1'),
      'invoice.pdf',
    );
    assert.equal(result.ok, false);
    if (!result.ok)
      assert.match(result.reason.en, /named \.pdf but its content is application\/x-msdownload/);
  });
});

describe('sanitizeFilename', () => {
  it('keeps the last path segment only', () => {
    assert.equal(sanitizeFilename('../../etc/passwd'), 'passwd');
    assert.equal(sanitizeFilename('C:\\Users\\tyamada\\報告書.pdf'), '報告書.pdf');
  });
  it('removes bidirectional overrides that disguise an extension, and control characters', () => {
    assert.equal(sanitizeFilename('invoice\u202Efdp.exe'), 'invoicefdp.exe');
    assert.equal(sanitizeFilename('a\u0000b\r\n.txt'), 'ab.txt');
  });
  it('replaces characters Windows refuses and trims dots and spaces', () => {
    assert.equal(sanitizeFilename(' ..a<b>:c"d|e?f*.txt. '), 'a_b__c_d_e_f_.txt');
  });
  it('shortens long names and keeps the extension', () => {
    const name = sanitizeFilename(`${'長'.repeat(300)}.pdf`);
    assert.equal([...name].length, 200);
    assert.ok(name.endsWith('.pdf'), 'extension kept');
  });
  it('gives a name to nothing', () => {
    assert.equal(sanitizeFilename('../'), 'attachment');
  });
  it('composes to NFC', () => {
    assert.equal(sanitizeFilename('\u30cf\u309a.txt'), '\u30d1.txt');
  });
});

describe('download labels', () => {
  it('sends the exact name in UTF-8 and an ASCII fallback', () => {
    assert.equal(
      contentDisposition('報告書 (1)\'s "v2".pdf'),
      `attachment; filename="___ (1)'s _v2_.pdf"; filename*=UTF-8''%E5%A0%B1%E5%91%8A%E6%9B%B8%20%281%29%27s%20%22v2%22.pdf`,
    );
  });
  it('serves every text type as plain UTF-8 text', () => {
    assert.equal(servedContentType('text/csv'), 'text/plain; charset=utf-8');
    assert.equal(servedContentType('message/rfc822'), 'text/plain; charset=utf-8');
    assert.equal(servedContentType('image/png'), 'image/png');
  });
  it('states limits in binary units', () => {
    assert.equal(formatBytes(20 * 1024 * 1024), '20 MiB');
    assert.equal(formatBytes(1536 * 1024), '1.5 MiB');
    assert.equal(formatBytes(64 * 1024), '64 KiB');
  });
});

describe('mayAttach', () => {
  it('lets the originator’s reporters and the recipients’ analysts attach until the report is closed', () => {
    assert.equal(mayAttach({ role: 'reporter', isOriginator: true, isRecipient: false }, 'draft'), 'allowed');
    assert.equal(
      mayAttach({ role: 'analyst', isOriginator: false, isRecipient: true }, 'submitted'),
      'allowed',
    );
    assert.equal(mayAttach({ role: 'reporter', isOriginator: true, isRecipient: false }, 'closed'), 'closed');
  });
  it('refuses viewers, a recipient’s reporters and anyone else who only reads the report', () => {
    assert.equal(mayAttach({ role: 'viewer', isOriginator: true, isRecipient: false }, 'draft'), 'forbidden');
    assert.equal(
      mayAttach({ role: 'reporter', isOriginator: false, isRecipient: true }, 'submitted'),
      'forbidden',
    );
    assert.equal(
      mayAttach({ role: 'admin', isOriginator: false, isRecipient: false }, 'submitted'),
      'forbidden',
    );
    assert.equal(
      mayAttach({ role: 'admin', isOriginator: false, isRecipient: false }, 'closed'),
      'forbidden',
    );
  });
});

describe('stripping metadata', () => {
  it('drops EXIF, XMP, Photoshop and comment segments of a JPEG and keeps the image segments byte for byte', () => {
    const stripped = stripJpeg(jpegWithExif());
    assert.ok(stripped, 'stripped');
    const text = stripped.toString('latin1');
    assert.ok(!text.includes(AUTHOR), 'no author left');
    assert.ok(!text.includes('Exif') && !text.includes('Canon'), 'no EXIF left');
    assert.deepEqual(
      stripped,
      Buffer.concat([Buffer.from([0xff, 0xd8]), ...jpegImageSegments(), Buffer.from([0xff, 0xd9])]),
    );
  });
  it('refuses a truncated JPEG rather than guess', () => {
    const jpeg = jpegWithExif();
    assert.equal(stripJpeg(jpeg.subarray(0, 30)), null);
  });

  it('drops the text, EXIF and time chunks of a PNG and keeps the pixel chunks', () => {
    const stripped = stripPng(pngWithText());
    assert.ok(stripped, 'stripped');
    assert.deepEqual(pngChunkTypes(stripped), ['IHDR', 'pHYs', 'IDAT', 'IEND']);
    assert.deepEqual(stripped, plainPng());
  });

  it('drops GIF comments and XMP but keeps the loop count', () => {
    const stripped = stripGif(gifWithComment());
    assert.ok(stripped, 'stripped');
    const text = stripped.toString('latin1');
    assert.ok(!text.includes(AUTHOR), 'no author left');
    assert.ok(text.includes('NETSCAPE2.0'), 'loop count kept');
    assert.equal(stripped.at(-1), 0x3b);
  });

  it('drops WebP EXIF and XMP chunks and clears their header flags', async () => {
    const stripped = stripWebp(webpWithExif());
    assert.ok(stripped, 'stripped');
    assert.ok(!stripped.toString('latin1').includes(AUTHOR), 'no author left');
    assert.equal(stripped[20], 0x00, 'EXIF and XMP flags cleared');
    assert.equal(stripped.readUInt32LE(4), stripped.length - 8, 'RIFF size matches');
    assert.equal((await fileTypeFromBuffer(stripped))?.mime, 'image/webp');
  });

  it('blanks a PDF’s information dictionary and XMP in place, keeping every cross-reference offset', () => {
    const original = pdfWithInfo();
    const stripped = stripPdf(original);
    assert.ok(stripped, 'stripped');
    assert.equal(stripped.length, original.length);
    const text = stripped.toString('latin1');
    for (const secret of [AUTHOR, COMPANY, Buffer.from(COMPANY).toString('hex'), 'Incident memo']) {
      assert.ok(!text.includes(secret), `${secret} removed`);
    }
    assert.match(text, /5 0 obj\n<< +>>\nendobj/);
    assert.match(text, /<\?xpacket begin=""/);
    const offsets = [...text.matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    offsets.forEach((offset, i) => {
      assert.ok(text.startsWith(`${i + 1} 0 obj`, offset), `object ${i + 1} still at its offset`);
    });
  });
  it('leaves a PDF with comment annotations (which name their author) unstripped', () => {
    const annotated = pdfWithInfo(['<< /Type /Annot /Subtype /Text /T (Taro) /Contents (check) >>']);
    assert.equal(stripPdf(annotated), null);
  });
  it('leaves an encrypted PDF unstripped', () => {
    const encrypted = Buffer.from(
      pdfWithInfo().toString('latin1').replace('/Root 1 0 R', '/Root 1 0 R /Encrypt 9 0 R'),
      'latin1',
    );
    assert.equal(stripPdf(encrypted), null);
  });

  it('rewrites a docx without authors in its properties, revisions, template path and photos', async () => {
    const stripped = stripOffice(docxWithAuthor());
    assert.ok(stripped, 'stripped');
    const text = allZipText(stripped);
    for (const secret of [AUTHOR, COMPANY, 'tyamada', 'Canon'])
      assert.ok(!text.includes(secret), `${secret} removed`);
    assert.ok(
      text.includes('<w:t>停止した</w:t>') || text.includes(Buffer.from('停止した').toString('latin1')),
      'content kept',
    );
    assert.equal((await fileTypeFromBuffer(stripped))?.mime, DOCX);
    assert.deepEqual(
      readZip(stripped).map((e) => e.name),
      readZip(docxWithAuthor()).map((e) => e.name),
      'every part kept, in order',
    );
  });
  it('leaves an Office file with an embedded object it cannot clean unstripped', () => {
    const withOle = docxWithAuthor([{ name: 'word/embeddings/oleObject1.bin', content: Buffer.from('OLE') }]);
    assert.equal(stripOffice(withOle), null);
  });

  it('reports text as stripped and keeps e-mail as it is (its headers are the evidence)', () => {
    const mail = Buffer.from('From: a@example.jp\r\n\r\nbody');
    assert.deepEqual(stripMetadata('message/rfc822', mail), { bytes: mail, stripped: false });
    const text = Buffer.from('hello');
    assert.deepEqual(stripMetadata('text/plain', text), { bytes: text, stripped: true });
  });
});
