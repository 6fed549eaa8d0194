import { crc32, deflateRawSync, deflateSync } from 'node:zlib';

// Small files built byte by byte for the attachment tests, each carrying the metadata a
// real tool would write: the author's name, a company, a device.

export const AUTHOR = 'Taro Yamada';
export const COMPANY = 'Yamada Bank Ltd';

function segment(marker: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head[0] = 0xff;
  head[1] = marker;
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
}

/** The parts of a baseline JPEG without metadata, in order: they must survive stripping unchanged. */
export function jpegImageSegments(): Buffer[] {
  const jfif = segment(0xe0, Buffer.from('JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00', 'latin1'));
  const adobe = segment(0xee, Buffer.from('Adobe\x00\x64\x00\x00\x00\x00\x01', 'latin1'));
  const dqt = segment(0xdb, Buffer.concat([Buffer.from([0]), Buffer.alloc(64, 1)]));
  const sof = segment(0xc0, Buffer.from([8, 0, 1, 0, 1, 1, 1, 0x11, 0]));
  const dht = segment(0xc4, Buffer.concat([Buffer.from([0]), Buffer.alloc(16, 0), Buffer.from([])]));
  const sos = segment(0xda, Buffer.from([1, 1, 0, 0, 0x3f, 0]));
  // Entropy-coded data with a stuffed 0xFF00 and a restart marker, which are not segment boundaries.
  const scan = Buffer.from([0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56]);
  return [jfif, adobe, dqt, sof, dht, sos, scan];
}

/** A JPEG whose EXIF (APP1), XMP (APP1), Photoshop (APP13) and comment name the author. */
export function jpegWithExif(): Buffer {
  const [jfif, adobe, dqt, sof, dht, sos, scan] = jpegImageSegments() as [
    Buffer,
    Buffer,
    Buffer,
    Buffer,
    Buffer,
    Buffer,
    Buffer,
  ];
  const exif = segment(
    0xe1,
    Buffer.from(`Exif\x00\x00MM\x00*\x00\x00\x00\x08Artist\x00${AUTHOR}\x00Canon EOS`, 'latin1'),
  );
  const xmp = segment(
    0xe1,
    Buffer.from(
      `http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta><dc:creator>${AUTHOR}</dc:creator></x:xmpmeta>`,
      'latin1',
    ),
  );
  const photoshop = segment(0xed, Buffer.from(`Photoshop 3.0\x008BIM${AUTHOR}`, 'latin1'));
  const comment = segment(0xfe, Buffer.from(`Taken by ${AUTHOR}`, 'latin1'));
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    jfif,
    exif,
    xmp,
    adobe,
    photoshop,
    dqt,
    sof,
    dht,
    comment,
    sos,
    scan,
    Buffer.from([0xff, 0xd9]),
    Buffer.from(`trailer by ${AUTHOR}`, 'latin1'),
  ]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A 1×1 grey PNG without metadata. */
export function plainPng(): Buffer {
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk('IHDR', ihdr),
    pngChunk('pHYs', Buffer.from([0, 0, 0x0b, 0x13, 0, 0, 0x0b, 0x13, 1])),
    pngChunk('IDAT', deflateSync(Buffer.from([0, 0x80]))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The same PNG with text, international text, compressed text, EXIF and time chunks. */
export function pngWithText(): Buffer {
  const plain = plainPng();
  const iend = plain.subarray(plain.length - 12);
  return Buffer.concat([
    plain.subarray(0, plain.length - 12),
    pngChunk('tEXt', Buffer.from(`Author\x00${AUTHOR}`, 'latin1')),
    pngChunk('iTXt', Buffer.from(`Copyright\x00\x00\x00\x00\x00${COMPANY}`, 'latin1')),
    pngChunk(
      'zTXt',
      Buffer.concat([Buffer.from('Comment\x00\x00', 'latin1'), deflateSync(Buffer.from(AUTHOR))]),
    ),
    pngChunk('eXIf', Buffer.from(`MM\x00*Artist ${AUTHOR}`, 'latin1')),
    pngChunk('tIME', Buffer.from([0x07, 0xea, 3, 31, 23, 59, 0])),
    iend,
  ]);
}

/** A GIF89a with a comment and an XMP application extension, and the loop-count extension it keeps. */
export function gifWithComment(): Buffer {
  const subBlocks = (data: Buffer) => Buffer.concat([Buffer.from([data.length]), data, Buffer.from([0])]);
  return Buffer.concat([
    Buffer.from('GIF89a', 'latin1'),
    Buffer.from([1, 0, 1, 0, 0x80, 0, 0]),
    Buffer.from([0, 0, 0, 0xff, 0xff, 0xff]),
    Buffer.from([0x21, 0xff, 0x0b]),
    Buffer.from('NETSCAPE2.0', 'latin1'),
    Buffer.from([3, 1, 0, 0, 0]),
    Buffer.from([0x21, 0xfe]),
    subBlocks(Buffer.from(`by ${AUTHOR}`, 'latin1')),
    Buffer.from([0x21, 0xff, 0x0b]),
    Buffer.from('XMP DataXMP', 'latin1'),
    subBlocks(Buffer.from(`<dc:creator>${AUTHOR}</dc:creator>`, 'latin1')),
    Buffer.from([0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0]),
    Buffer.from([2]),
    subBlocks(Buffer.from([0x4c, 0x01])),
    Buffer.from([0x3b]),
  ]);
}

function riffChunk(fourcc: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.write(fourcc, 0, 'latin1');
  head.writeUInt32LE(data.length, 4);
  return Buffer.concat([head, data, data.length % 2 === 1 ? Buffer.from([0]) : Buffer.alloc(0)]);
}

/** A WebP (VP8X) with EXIF and XMP chunks flagged in its header. */
export function webpWithExif(): Buffer {
  const vp8x = Buffer.from([0x0c, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  const body = Buffer.concat([
    riffChunk('VP8X', vp8x),
    riffChunk('VP8L', Buffer.from([0x2f, 0, 0, 0, 0])),
    riffChunk('EXIF', Buffer.from(`MM\x00*Artist ${AUTHOR}`, 'latin1')),
    riffChunk('XMP ', Buffer.from(`<dc:creator>${AUTHOR}</dc:creator>`, 'latin1')),
  ]);
  const head = Buffer.alloc(12);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(4 + body.length, 4);
  head.write('WEBP', 8, 'latin1');
  return Buffer.concat([head, body]);
}

/**
 * A one-page PDF whose information dictionary (with a value in an object of its own) and XMP
 * stream name the author, with a correct cross-reference table. `extra` objects are added
 * before the information dictionary (an annotation, for instance).
 */
export function pdfWithInfo(extra: string[] = []): Buffer {
  const xmp = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:creator>${AUTHOR}</dc:creator><pdf:Producer>${COMPANY}</pdf:Producer></x:xmpmeta>`;
  const bodies = [
    '<< /Type /Catalog /Pages 2 0 R /Metadata 4 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>',
    `<< /Type /Metadata /Subtype /XML /Length ${xmp.length} >>\nstream\n${xmp}\nendstream`,
    ...extra,
    `<< /Author (${AUTHOR}) /Creator (Word \\(${COMPANY}\\)) /Producer <${Buffer.from(COMPANY).toString('hex')}> /Title ${6 + extra.length} 0 R /Nested << /A (x) >> >>`,
    `(Incident memo by ${AUTHOR})`,
  ];
  let text = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  bodies.forEach((body, i) => {
    offsets.push(Buffer.byteLength(text, 'latin1'));
    text += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(text, 'latin1');
  text += `xref\n0 ${bodies.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) text += `${String(offset).padStart(10, '0')} 00000 n \n`;
  text += `trailer\n<< /Size ${bodies.length + 1} /Root 1 0 R /Info ${5 + extra.length} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(text, 'latin1');
}

interface FixtureEntry {
  name: string;
  content: Buffer;
  /** Deflate (default) or store. */
  store?: boolean;
}

/**
 * A ZIP written independently of the code under test: local headers with a data descriptor
 * and an extra field (as many writers produce), then the central directory.
 */
export function zipOf(entries: FixtureEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const data = e.store ? e.content : deflateRawSync(e.content);
    const method = e.store ? 0 : 8;
    const crc = crc32(e.content) >>> 0;
    const extra = Buffer.from([0x55, 0x54, 5, 0, 1, 0, 0, 0, 0]);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0808, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(extra.length, 28);
    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(0x08074b50, 0);
    descriptor.writeUInt32LE(crc, 4);
    descriptor.writeUInt32LE(data.length, 8);
    descriptor.writeUInt32LE(e.content.length, 12);
    locals.push(local, name, extra, data, descriptor);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(0x031e, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0808, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(e.content.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(extra.length, 30);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name, extra);
    offset += 30 + name.length + extra.length + data.length + 16;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
  '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  '<Default Extension="jpeg" ContentType="image/jpeg"/>' +
  '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
  '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
  '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>' +
  '</Types>';

/** A minimal docx whose core and app properties, tracked changes and embedded photo name the author. */
export function docxWithAuthor(extra: FixtureEntry[] = []): Buffer {
  return zipOf([
    { name: '[Content_Types].xml', content: Buffer.from(CONTENT_TYPES) },
    {
      name: '_rels/.rels',
      content: Buffer.from(
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
          '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>' +
          '</Relationships>',
      ),
      store: true,
    },
    {
      name: 'word/document.xml',
      content: Buffer.from(
        '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
          `<w:body><w:p><w:ins w:id="1" w:author="${AUTHOR}" w:date="2026-03-31T00:00:00Z"><w:r><w:t>停止した</w:t></w:r></w:ins></w:p></w:body></w:document>`,
      ),
    },
    {
      name: 'word/_rels/settings.xml.rels',
      content: Buffer.from(
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" ' +
          'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" ' +
          'Target="file:///C:\\Users\\tyamada\\Templates\\Normal.dotm" TargetMode="External"/></Relationships>',
      ),
    },
    { name: 'word/media/image1.jpeg', content: jpegWithExif(), store: true },
    {
      name: 'docProps/core.xml',
      content: Buffer.from(
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties ' +
          'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">' +
          `<dc:creator>${AUTHOR}</dc:creator><cp:lastModifiedBy>${AUTHOR}</cp:lastModifiedBy></cp:coreProperties>`,
      ),
    },
    {
      name: 'docProps/app.xml',
      content: Buffer.from(
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">' +
          `<Application>Microsoft Office Word</Application><Company>${COMPANY}</Company><Manager>${AUTHOR}</Manager><Pages>1</Pages></Properties>`,
      ),
    },
    ...extra,
  ]);
}
