import { inflateSync } from 'node:zlib';
import type { AttachmentType } from '@cipx/contracts';
import {
  entryContent,
  MAX_INFLATED_PART,
  readZip,
  withContent,
  writeZip,
  ZipUnsupported,
} from './attachments.zip.js';

// Removing embedded metadata (author, device, location, software) from attachments, so a
// file does not name the person who made it (DESIGN.md §4.1: an anonymized reporter's
// attachments must not reveal them). Each format is parsed strictly; where the structure is
// not what we can rewrite safely the file is left as it is and reported as not stripped.

export interface StripResult {
  bytes: Buffer;
  /** True when the file now carries none of the metadata CIPX knows how to find. */
  stripped: boolean;
}

const unchanged = (bytes: Buffer): StripResult => ({ bytes, stripped: false });

// --- JPEG ---------------------------------------------------------------------------

/** APP14 "Adobe" tells decoders how colours are transformed; it names nobody. */
function isAdobeSegment(segment: Buffer): boolean {
  return segment.length === 16 && segment.subarray(4, 9).toString('latin1') === 'Adobe';
}

/**
 * Drops APP1–APP15 (EXIF, XMP, ICC, Photoshop IRB, C2PA …) except APP14 Adobe, and COM,
 * wherever they occur (progressive files may have markers between scans), and anything
 * after EOI. APP0 (JFIF) holds only density and stays.
 */
export function stripJpeg(jpeg: Buffer): Buffer | null {
  const n = jpeg.length;
  if (n < 4 || jpeg[0] !== 0xff || jpeg[1] !== 0xd8) return null;
  const out: Buffer[] = [jpeg.subarray(0, 2)];
  let i = 2;
  for (;;) {
    if (i + 1 >= n || jpeg[i] !== 0xff) return null;
    while (i + 1 < n && jpeg[i + 1] === 0xff) i++;
    const marker = jpeg[i + 1] as number;
    if (marker === 0xd9) {
      out.push(jpeg.subarray(i, i + 2));
      return Buffer.concat(out);
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      out.push(jpeg.subarray(i, i + 2));
      i += 2;
      continue;
    }
    if (i + 4 > n) return null;
    const length = jpeg.readUInt16BE(i + 2);
    if (length < 2 || i + 2 + length > n) return null;
    const segment = jpeg.subarray(i, i + 2 + length);
    const metadata = (marker >= 0xe1 && marker <= 0xef && !isAdobeSegment(segment)) || marker === 0xfe;
    if (!metadata) out.push(segment);
    i += 2 + length;
    if (marker === 0xda) {
      // Entropy-coded data runs to the next marker that is not a stuffed 0xFF00 or a restart.
      let j = i;
      while (j + 1 < n) {
        const next = jpeg[j + 1] as number;
        if (jpeg[j] === 0xff && next !== 0x00 && !(next >= 0xd0 && next <= 0xd7)) break;
        j++;
      }
      if (j + 1 >= n) return null;
      out.push(jpeg.subarray(i, j));
      i = j;
    }
  }
}

// --- PNG ------------------------------------------------------------------------------

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Ancillary chunks that describe pixels only; every other ancillary chunk (text, EXIF, time, private) goes. */
const PNG_KEPT_ANCILLARY = new Set([
  'tRNS',
  'gAMA',
  'cHRM',
  'sRGB',
  'iCCP',
  'sBIT',
  'bKGD',
  'hIST',
  'pHYs',
  'sPLT',
  'cICP',
  'mDCv',
  'cLLi',
  'acTL',
  'fcTL',
  'fdAT',
]);

export function stripPng(png: Buffer): Buffer | null {
  if (png.length < 8 || !png.subarray(0, 8).equals(PNG_SIGNATURE)) return null;
  const out: Buffer[] = [PNG_SIGNATURE];
  let i = 8;
  while (i + 12 <= png.length) {
    const length = png.readUInt32BE(i);
    const type = png.subarray(i + 4, i + 8).toString('latin1');
    const end = i + 12 + length;
    if (!/^[A-Za-z]{4}$/.test(type) || end > png.length) return null;
    const critical = type.charCodeAt(0) < 0x61;
    if (critical || PNG_KEPT_ANCILLARY.has(type)) out.push(png.subarray(i, end));
    i = end;
    if (type === 'IEND') return Buffer.concat(out);
  }
  return null;
}

// --- GIF ------------------------------------------------------------------------------

/** Skips data sub-blocks starting at `i`; returns the index after the terminator, or -1. */
function skipSubBlocks(gif: Buffer, i: number): number {
  let at = i;
  while (at < gif.length) {
    const size = gif[at] as number;
    at += 1 + size;
    if (size === 0) return at;
  }
  return -1;
}

/** Drops comment extensions and application extensions other than the animation loop count. */
export function stripGif(gif: Buffer): Buffer | null {
  const header = gif.subarray(0, 6).toString('latin1');
  if (gif.length < 13 || (header !== 'GIF87a' && header !== 'GIF89a')) return null;
  const packed = gif[10] as number;
  let i = 13 + ((packed & 0x80) !== 0 ? 3 * 2 ** ((packed & 0x07) + 1) : 0);
  if (i > gif.length) return null;
  const out: Buffer[] = [gif.subarray(0, i)];
  while (i < gif.length) {
    const introducer = gif[i];
    if (introducer === 0x3b) {
      out.push(gif.subarray(i, i + 1));
      return Buffer.concat(out);
    }
    let end: number;
    if (introducer === 0x2c) {
      if (i + 10 > gif.length) return null;
      const local = gif[i + 9] as number;
      const imageData = i + 10 + ((local & 0x80) !== 0 ? 3 * 2 ** ((local & 0x07) + 1) : 0) + 1;
      if (imageData > gif.length) return null;
      end = skipSubBlocks(gif, imageData);
      if (end < 0) return null;
      out.push(gif.subarray(i, end));
    } else if (introducer === 0x21) {
      const label = gif[i + 1];
      end = skipSubBlocks(gif, i + 2);
      if (end < 0) return null;
      const application = gif.subarray(i + 3, i + 14).toString('latin1');
      const keep =
        label === 0xf9 ||
        label === 0x01 ||
        (label === 0xff && (application === 'NETSCAPE2.0' || application === 'ANIMEXTS1.0'));
      if (keep) out.push(gif.subarray(i, end));
    } else {
      return null;
    }
    i = end;
  }
  return null;
}

// --- WebP -----------------------------------------------------------------------------

const WEBP_KEPT = new Set(['VP8 ', 'VP8L', 'VP8X', 'ALPH', 'ANIM', 'ANMF', 'ICCP']);

/** Keeps the image chunks, drops EXIF, XMP and unknown chunks, and clears their VP8X flags. */
export function stripWebp(webp: Buffer): Buffer | null {
  if (
    webp.length < 12 ||
    webp.subarray(0, 4).toString('latin1') !== 'RIFF' ||
    webp.subarray(8, 12).toString('latin1') !== 'WEBP'
  ) {
    return null;
  }
  const riffEnd = 8 + webp.readUInt32LE(4);
  if (riffEnd > webp.length) return null;
  const chunks: Buffer[] = [];
  let i = 12;
  while (i < riffEnd) {
    if (i + 8 > riffEnd) return null;
    const fourcc = webp.subarray(i, i + 4).toString('latin1');
    const size = webp.readUInt32LE(i + 4);
    const end = i + 8 + size + (size % 2);
    if (end > riffEnd) return null;
    if (WEBP_KEPT.has(fourcc)) {
      const chunk = Buffer.from(webp.subarray(i, end));
      if (fourcc === 'VP8X' && size >= 1) chunk[8] = (chunk[8] as number) & ~0x0c;
      chunks.push(chunk);
    }
    i = end;
  }
  const body = Buffer.concat(chunks);
  const head = Buffer.alloc(12);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(4 + body.length, 4);
  head.write('WEBP', 8, 'latin1');
  return Buffer.concat([head, body]);
}

// --- PDF ------------------------------------------------------------------------------

/** Index after the dictionary that starts with `<<` at `start`, skipping strings and comments; -1 if malformed. */
function dictionaryEnd(text: string, start: number): number {
  let depth = 0;
  let j = start;
  while (j < text.length) {
    const c = text[j];
    if (c === '(') {
      let level = 1;
      j++;
      while (j < text.length && level > 0) {
        const s = text[j];
        if (s === '\\') j++;
        else if (s === '(') level++;
        else if (s === ')') level--;
        j++;
      }
      if (level > 0) return -1;
    } else if (c === '<' && text[j + 1] === '<') {
      depth++;
      j += 2;
    } else if (c === '<') {
      const close = text.indexOf('>', j);
      if (close < 0) return -1;
      j = close + 1;
    } else if (c === '>' && text[j + 1] === '>') {
      depth--;
      j += 2;
      if (depth === 0) return j;
    } else if (c === '%') {
      while (j < text.length && text[j] !== '\n' && text[j] !== '\r') j++;
    } else {
      j++;
    }
  }
  return -1;
}

interface PdfObject {
  /** Index of the first byte after `obj`. */
  bodyStart: number;
  /** Index of `<<` if the object is a dictionary or stream, else -1. */
  dictStart: number;
  dictEnd: number;
}

/** Every `n g obj` that starts a line, by "n g" (an object may occur once per revision). */
function indexObjects(text: string): Map<string, PdfObject[]> {
  const objects = new Map<string, PdfObject[]>();
  for (const m of text.matchAll(/(?:^|[\r\n\s])(\d+)\s+(\d+)\s+obj\b/g)) {
    const bodyStart = (m.index ?? 0) + m[0].length;
    const rest = /^\s*/.exec(text.slice(bodyStart, bodyStart + 64));
    const at = bodyStart + (rest?.[0].length ?? 0);
    const dictStart = text.startsWith('<<', at) ? at : -1;
    const dictEnd = dictStart < 0 ? -1 : dictionaryEnd(text, dictStart);
    const key = `${m[1]} ${m[2]}`;
    objects.set(key, [...(objects.get(key) ?? []), { bodyStart, dictStart, dictEnd }]);
  }
  return objects;
}

/** The stream data range after a stream dictionary ending at `dictEnd`, without the EOL before endstream. */
function streamRange(text: string, dictEnd: number): [number, number] | null {
  const head = /^\s*stream(\r\n|\n|\r)/.exec(text.slice(dictEnd, dictEnd + 64));
  if (!head) return null;
  const start = dictEnd + head[0].length;
  const endstream = text.indexOf('endstream', start);
  if (endstream < 0) return null;
  let end = endstream;
  if (text[end - 1] === '\n') end--;
  if (text[end - 1] === '\r') end--;
  return [start, Math.max(start, end)];
}

const MARKUP_ANNOTATION =
  /\/Subtype\s*\/(?:Text|FreeText|Line|Square|Circle|Polygon|PolyLine|Highlight|Underline|Squiggly|StrikeOut|Stamp|Caret|Ink|FileAttachment|Sound|Redact)\b/;

/** Minimal XMP packet written over a metadata stream (the rest is padded with spaces). */
const EMPTY_XMP =
  '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"/><?xpacket end="w"?>';

function blank(out: Buffer, from: number, to: number): void {
  out.fill(0x20, from, to);
}

/** Object numbers held in compressed object streams; null if one cannot be read or holds markup annotations. */
function objectStreamContents(
  text: string,
  pdf: Buffer,
  objects: Map<string, PdfObject[]>,
): Set<string> | null {
  const held = new Set<string>();
  for (const list of objects.values()) {
    for (const o of list) {
      if (o.dictStart < 0 || o.dictEnd < 0) continue;
      const dict = text.slice(o.dictStart, o.dictEnd);
      if (!/\/Type\s*\/ObjStm\b/.test(dict)) continue;
      if (!/^<<[^]*\/Filter\s*\/FlateDecode\b/.test(dict) || /\/DecodeParms\b/.test(dict)) return null;
      const range = streamRange(text, o.dictEnd);
      if (!range) return null;
      let decoded: string;
      try {
        decoded = inflateSync(pdf.subarray(range[0], range[1]), {
          maxOutputLength: MAX_INFLATED_PART,
        }).toString('latin1');
      } catch {
        return null;
      }
      const count = Number(/\/N\s+(\d+)/.exec(dict)?.[1] ?? NaN);
      const first = Number(/\/First\s+(\d+)/.exec(dict)?.[1] ?? NaN);
      if (!Number.isInteger(count) || !Number.isInteger(first)) return null;
      const numbers = decoded.slice(0, first).trim().split(/\s+/);
      for (let k = 0; k < count; k++) held.add(`${numbers[2 * k]} 0`);
      if (MARKUP_ANNOTATION.test(decoded) || /\/EmbeddedFile\b/.test(decoded)) return null;
    }
  }
  return held;
}

/**
 * Blanks, in place (so every byte offset and the cross-reference table stay valid), the
 * document information dictionaries of every revision, the objects they point to, and every
 * XMP metadata stream. Refuses (null) encrypted files, markup annotations (they carry their
 * author's name), embedded files, and information dictionaries inside object streams.
 */
export function stripPdf(pdf: Buffer): Buffer | null {
  const text = pdf.toString('latin1');
  if (!text.startsWith('%PDF-')) return null;
  if (/\/Encrypt\b/.test(text) || MARKUP_ANNOTATION.test(text) || /\/EmbeddedFile\b/.test(text)) return null;
  if (/\/Info\s*<</.test(text)) return null;
  const objects = indexObjects(text);
  const compressed = objectStreamContents(text, pdf, objects);
  if (compressed === null) return null;
  const out = Buffer.from(pdf);

  const infoRefs = new Set([...text.matchAll(/\/Info\s+(\d+)\s+(\d+)\s+R\b/g)].map((m) => `${m[1]} ${m[2]}`));
  for (const ref of infoRefs) {
    const found = objects.get(ref);
    if (!found || compressed.has(ref)) return null;
    for (const o of found) {
      if (o.dictStart < 0 || o.dictEnd < 0) return null;
      const dict = text.slice(o.dictStart, o.dictEnd);
      // Values kept in objects of their own (`/Author 15 0 R`) are blanked too.
      for (const m of dict.matchAll(/(\d+)\s+(\d+)\s+R\b/g)) {
        const target = `${m[1]} ${m[2]}`;
        if (compressed.has(target)) return null;
        for (const value of objects.get(target) ?? []) {
          const end = text.indexOf('endobj', value.bodyStart);
          if (end < 0 || text.slice(value.bodyStart, end).includes('stream')) return null;
          blank(out, value.bodyStart, end);
          out.write(' null', value.bodyStart, 'latin1');
        }
      }
      blank(out, o.dictStart + 2, o.dictEnd - 2);
    }
  }

  const metadataRefs = new Set(
    [...text.matchAll(/\/Metadata\s+(\d+)\s+(\d+)\s+R\b/g)].map((m) => `${m[1]} ${m[2]}`),
  );
  for (const [ref, list] of objects) {
    for (const o of list) {
      if (o.dictStart < 0) continue;
      if (o.dictEnd < 0) return null;
      const dict = text.slice(o.dictStart, o.dictEnd);
      if (!metadataRefs.has(ref) && !/\/Type\s*\/Metadata\b/.test(dict)) continue;
      if (/\/DecodeParms\b/.test(dict)) return null;
      const range = streamRange(text, o.dictEnd);
      if (!range) return null;
      const filter = /\/Filter\s*(?:\/[^\s/<>[\]()]+|\[[^\]]*\])/.exec(dict);
      if (filter) blank(out, o.dictStart + filter.index, o.dictStart + filter.index + filter[0].length);
      blank(out, range[0], range[1]);
      if (range[1] - range[0] >= EMPTY_XMP.length) out.write(EMPTY_XMP, range[0], 'latin1');
    }
  }
  return out;
}

// --- Office (docx, xlsx, pptx) -----------------------------------------------------------

const EMPTY_CORE =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n' +
  '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ' +
  'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ' +
  'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>';

const EMPTY_CUSTOM =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n' +
  '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" ' +
  'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"/>';

/** Names of people in document parts: comment and revision authors, people lists, template paths. */
function scrubPart(name: string, xml: string): string {
  let result = xml
    .replace(/\b((?:\w+:)?(?:author|initials))="[^"]*"/g, '$1=""')
    .replace(/<((?:\w+:)?author)>[^<]*<\/\1>/g, '<$1></$1>')
    .replace(/\bTarget="file:[^"]*"/g, 'Target="file:///"');
  // Lists of people (Word's people.xml, Excel's persons, PowerPoint's comment authors) name them in plain attributes.
  if (/(?:^|\/)(?:people|person|commentauthors|authors)\.xml$/.test(name)) {
    result = result.replace(/\b((?:\w+:)?(?:name|displayName|userId|providerId))="[^"]*"/g, '$1=""');
  }
  if (/^docprops\/app\.xml$/i.test(name)) {
    result = result.replace(
      /<((?:\w+:)?(?:Company|Manager|Template|HyperlinkBase))\b[^>]*?(?:\/>|>[^]*?<\/\1>)/g,
      '',
    );
  }
  return result;
}

const IMAGE_PART = /\.(?:jpe?g|png|gif|webp)$/i;
const OFFICE_PART = /\.(?:docx|xlsx|pptx)$/i;

function stripOfficeZip(zip: Buffer, depth: number): Buffer | null {
  try {
    const entries = readZip(zip).map((entry) => {
      const lower = entry.name.toLowerCase();
      if (entry.name.endsWith('/')) return entry;
      if (lower === 'docprops/core.xml') return withContent(entry, Buffer.from(EMPTY_CORE, 'utf8'));
      if (lower === 'docprops/custom.xml') return withContent(entry, Buffer.from(EMPTY_CUSTOM, 'utf8'));
      if (lower.endsWith('.xml') || lower.endsWith('.rels')) {
        const xml = entryContent(entry).toString('utf8');
        const scrubbed = scrubPart(lower, xml);
        return scrubbed === xml ? entry : withContent(entry, Buffer.from(scrubbed, 'utf8'));
      }
      if (IMAGE_PART.test(lower)) {
        const image = entryContent(entry);
        const stripped = stripImage(image);
        if (stripped === null) throw new ZipUnsupported(`image ${entry.name} cannot be stripped`);
        return withContent(entry, stripped);
      }
      if (OFFICE_PART.test(lower) && depth < 2) {
        const inner = stripOfficeZip(entryContent(entry), depth + 1);
        if (inner === null) throw new ZipUnsupported(`embedded ${entry.name} cannot be stripped`);
        return withContent(entry, inner);
      }
      if (/(?:^|\/)embeddings\//.test(lower)) throw new ZipUnsupported(`embedded object ${entry.name}`);
      return entry;
    });
    return writeZip(entries);
  } catch (error) {
    if (error instanceof ZipUnsupported) return null;
    throw error;
  }
}

export function stripOffice(zip: Buffer): Buffer | null {
  return stripOfficeZip(zip, 0);
}

function stripImage(bytes: Buffer): Buffer | null {
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return stripJpeg(bytes);
  if (bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return stripPng(bytes);
  if (bytes.subarray(0, 3).toString('latin1') === 'GIF') return stripGif(bytes);
  if (bytes.subarray(0, 4).toString('latin1') === 'RIFF') return stripWebp(bytes);
  return null;
}

// --- all types ---------------------------------------------------------------------------

/**
 * The file without its embedded metadata. Plain text, CSV and JSON carry none beyond what
 * the writer typed. An e-mail's headers name its sender and recipients and are the evidence
 * itself, so CIPX keeps them and says the file is not stripped.
 */
export function stripMetadata(type: AttachmentType, bytes: Buffer): StripResult {
  const done = (result: Buffer | null): StripResult =>
    result === null ? unchanged(bytes) : { bytes: result, stripped: true };
  switch (type) {
    case 'image/jpeg':
      return done(stripJpeg(bytes));
    case 'image/png':
      return done(stripPng(bytes));
    case 'image/gif':
      return done(stripGif(bytes));
    case 'image/webp':
      return done(stripWebp(bytes));
    case 'application/pdf':
      return done(stripPdf(bytes));
    case 'application/vnd.openxmlformats-officedocument.wordprocessingml.document':
    case 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet':
    case 'application/vnd.openxmlformats-officedocument.presentationml.presentation':
      return done(stripOffice(bytes));
    case 'text/plain':
    case 'text/csv':
    case 'application/json':
    case 'application/stix+json':
      return { bytes, stripped: true };
    case 'message/rfc822':
      return unchanged(bytes);
  }
}
