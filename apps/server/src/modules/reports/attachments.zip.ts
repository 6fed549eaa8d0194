import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';

// Just enough ZIP to rewrite the metadata parts of Office documents (docx, xlsx, pptx):
// read the central directory, inflate an entry, replace it, write the archive back.
// Anything unusual (ZIP64, encryption, split archives, duplicate names, overlapping or
// out-of-bounds entries) is refused with ZipUnsupported rather than guessed at.

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** Inflated parts larger than this are not rewritten (a guard against compression bombs). */
export const MAX_INFLATED_PART = 64 * 1024 * 1024;

export class ZipUnsupported extends Error {
  override name = 'ZipUnsupported';
}

export interface ZipEntry {
  /** The name as stored (UTF-8 when flag bit 11 is set, else CP437 read as latin1). */
  name: string;
  nameBytes: Buffer;
  versionMadeBy: number;
  flags: number;
  method: number;
  modTime: number;
  modDate: number;
  crc32: number;
  size: number;
  internalAttributes: number;
  externalAttributes: number;
  /** The entry's data as stored (compressed with `method`). */
  data: Buffer;
}

function fail(reason: string): never {
  throw new ZipUnsupported(reason);
}

function findEndOfCentralDirectory(zip: Buffer): number {
  const earliest = Math.max(0, zip.length - 22 - 0xffff);
  for (let i = zip.length - 22; i >= earliest; i--) {
    if (zip.readUInt32LE(i) === EOCD && i + 22 + zip.readUInt16LE(i + 20) === zip.length) return i;
  }
  return fail('no end of central directory');
}

/** The archive's entries in central-directory order. */
export function readZip(zip: Buffer): ZipEntry[] {
  if (zip.length < 22) fail('too short');
  const end = findEndOfCentralDirectory(zip);
  if (end >= 20 && zip.readUInt32LE(end - 20) === ZIP64_LOCATOR) fail('ZIP64');
  const disk = zip.readUInt16LE(end + 4);
  const centralDisk = zip.readUInt16LE(end + 6);
  const onDisk = zip.readUInt16LE(end + 8);
  const total = zip.readUInt16LE(end + 10);
  const centralSize = zip.readUInt32LE(end + 12);
  const centralOffset = zip.readUInt32LE(end + 16);
  if (disk !== 0 || centralDisk !== 0 || onDisk !== total) fail('split archive');
  if (total === 0xffff || centralOffset === 0xffffffff) fail('ZIP64');
  if (centralOffset + centralSize > end) fail('central directory out of bounds');

  const entries: ZipEntry[] = [];
  const names = new Set<string>();
  const ranges: [number, number][] = [];
  let at = centralOffset;
  for (let n = 0; n < total; n++) {
    if (at + 46 > end || zip.readUInt32LE(at) !== CENTRAL) fail('bad central directory entry');
    const flags = zip.readUInt16LE(at + 8);
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localOffset = zip.readUInt32LE(at + 42);
    if ((flags & 0x0001) !== 0) fail('encrypted entry');
    if (compressedSize === 0xffffffff || size === 0xffffffff || localOffset === 0xffffffff) fail('ZIP64');
    const nameBytes = Buffer.from(zip.subarray(at + 46, at + 46 + nameLength));
    const name = nameBytes.toString((flags & 0x0800) !== 0 ? 'utf8' : 'latin1');
    if (names.has(name)) fail(`duplicate entry ${name}`);
    names.add(name);

    if (localOffset + 30 > centralOffset || zip.readUInt32LE(localOffset) !== LOCAL) fail('bad local header');
    const dataStart =
      localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
    const dataEnd = dataStart + compressedSize;
    if (dataEnd > centralOffset) fail('entry out of bounds');
    if (ranges.some(([s, e]) => localOffset < e && s < dataEnd)) fail('overlapping entries');
    ranges.push([localOffset, dataEnd]);

    entries.push({
      name,
      nameBytes,
      versionMadeBy: zip.readUInt16LE(at + 4),
      flags,
      method,
      modTime: zip.readUInt16LE(at + 12),
      modDate: zip.readUInt16LE(at + 14),
      crc32: zip.readUInt32LE(at + 16),
      size,
      internalAttributes: zip.readUInt16LE(at + 36),
      externalAttributes: zip.readUInt32LE(at + 38),
      data: Buffer.from(zip.subarray(dataStart, dataEnd)),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The entry's uncompressed bytes, checked against its CRC. */
export function entryContent(entry: ZipEntry): Buffer {
  if (entry.size > MAX_INFLATED_PART) fail(`entry ${entry.name} too large to rewrite`);
  let content: Buffer;
  if (entry.method === 0) content = entry.data;
  else if (entry.method === 8) {
    try {
      content = inflateRawSync(entry.data, { maxOutputLength: MAX_INFLATED_PART });
    } catch {
      return fail(`entry ${entry.name} does not inflate`);
    }
  } else return fail(`entry ${entry.name} uses compression method ${entry.method}`);
  if (content.length !== entry.size || crc32(content) >>> 0 !== entry.crc32 >>> 0) {
    fail(`entry ${entry.name} fails its CRC`);
  }
  return content;
}

/** The entry with new content, deflated. */
export function withContent(entry: ZipEntry, content: Buffer): ZipEntry {
  return {
    ...entry,
    method: 8,
    crc32: crc32(content) >>> 0,
    size: content.length,
    data: deflateRawSync(content),
  };
}

/**
 * A fresh archive of `entries`: sizes in the local headers (no data descriptors), and no
 * extra fields or comments, which can carry the creator's user ids and timestamps.
 */
export function writeZip(entries: readonly ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const flags = e.flags & 0x0800;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(e.method, 8);
    local.writeUInt16LE(e.modTime, 10);
    local.writeUInt16LE(e.modDate, 12);
    local.writeUInt32LE(e.crc32 >>> 0, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.size, 22);
    local.writeUInt16LE(e.nameBytes.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, e.nameBytes, e.data);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(CENTRAL, 0);
    central.writeUInt16LE(e.versionMadeBy, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(e.method, 10);
    central.writeUInt16LE(e.modTime, 12);
    central.writeUInt16LE(e.modDate, 14);
    central.writeUInt32LE(e.crc32 >>> 0, 16);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE(e.size, 24);
    central.writeUInt16LE(e.nameBytes.length, 28);
    central.writeUInt16LE(e.internalAttributes, 36);
    central.writeUInt32LE(e.externalAttributes >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, e.nameBytes);
    offset += 30 + e.nameBytes.length + e.data.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  if (entries.length >= 0xffff || offset + centralSize >= 0xffffffff) fail('archive too large to write');
  const end = Buffer.alloc(22);
  end.writeUInt32LE(EOCD, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}
