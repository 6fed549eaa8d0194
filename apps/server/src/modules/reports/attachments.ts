import type { AttachmentType, ReportStatus, Role } from '@cipx/contracts';
import { fileTypeFromBuffer } from 'file-type';
import { roleAtLeast } from '../identity/index.js';
import { readZip, ZipUnsupported } from './attachments.zip.js';

// Attachments as rules: which files a report accepts (type sniffed from the bytes, name and
// content must agree), how names are cleaned, who may attach, and how a download is labelled.

export const DEFAULT_ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024;

/** Bytes per stored chunk: small enough for one row, large enough that a file is few rows. */
export const ATTACHMENT_CHUNK_BYTES = 256 * 1024;

export const SCAN_LABEL = { ja: '未スキャン', en: 'not scanned' } as const;

export interface Bilingual {
  ja: string;
  en: string;
}

export type Classification = { ok: true; type: AttachmentType } | { ok: false; reason: Bilingual };

const OFFICE = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
} as const;

/** File name extensions accepted, and the types their content must sniff as. */
const EXTENSIONS: Readonly<Record<string, readonly AttachmentType[]>> = {
  pdf: ['application/pdf'],
  png: ['image/png'],
  jpg: ['image/jpeg'],
  jpeg: ['image/jpeg'],
  gif: ['image/gif'],
  webp: ['image/webp'],
  docx: [OFFICE.docx],
  xlsx: [OFFICE.xlsx],
  pptx: [OFFICE.pptx],
  txt: ['text/plain'],
  log: ['text/plain'],
  csv: ['text/csv'],
  json: ['application/json', 'application/stix+json'],
  eml: ['message/rfc822'],
};

/** What file-type reports for the binary types we accept. */
const SNIFFED: Readonly<Record<string, AttachmentType>> = {
  'application/pdf': 'application/pdf',
  'image/png': 'image/png',
  'image/jpeg': 'image/jpeg',
  'image/gif': 'image/gif',
  'image/webp': 'image/webp',
  [OFFICE.docx]: OFFICE.docx,
  [OFFICE.xlsx]: OFFICE.xlsx,
  [OFFICE.pptx]: OFFICE.pptx,
};

const TEXT_EXTENSIONS = new Set(['txt', 'log', 'csv', 'json', 'eml']);

const ACCEPTED_NAMES = Object.keys(EXTENSIONS)
  .map((e) => `.${e}`)
  .join(' ');

/** Units as people read them in a message: "20 MiB", "512 KiB". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${Math.floor(bytes / 1024)} KiB`;
  return `${bytes} B`;
}

/**
 * A name safe to store and to send back in Content-Disposition: the last path segment only,
 * NFC, without control or format characters (bidirectional overrides disguise extensions:
 * "invoice\u202Efdp.exe"), without characters Windows refuses, at most 200 characters with
 * the extension kept.
 */
export function sanitizeFilename(raw: string): string {
  const base = raw.split(/[/\\]/).pop() ?? '';
  let name = base
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .replace(/[<>:"|?*]/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+|[.\s]+$/g, '');
  const chars = [...name];
  if (chars.length > 200) {
    const dot = name.lastIndexOf('.');
    const extension = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : '';
    name = chars.slice(0, 200 - [...extension].length).join('') + extension;
  }
  return name === '' ? 'attachment' : name;
}

function extensionOf(filename: string): string {
  const dot = filename.lastIndexOf('.');
  return dot <= 0 ? '' : filename.slice(dot + 1).toLowerCase();
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Tab, line feed, form feed, carriage return and escape (colour codes in logs). */
const TEXT_CONTROLS = new Set([0x09, 0x0a, 0x0c, 0x0d, 0x1b]);

/** Text is valid UTF-8 without NUL or other control characters than tab, line breaks, form feed and escape. */
function asText(bytes: Buffer): string | null {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return null;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && !TEXT_CONTROLS.has(c)) || c === 0x7f) return null;
  }
  return text;
}

function textType(extension: string, text: string): AttachmentType | null {
  switch (extension) {
    case 'txt':
    case 'log':
      return 'text/plain';
    case 'csv':
      return 'text/csv';
    case 'eml':
      // A message starts with header fields ("Name: value").
      return /^(?:[!-9;-~]+:[^\r\n]*\r?\n)+/.test(text.replace(/^\ufeff/, '')) ? 'message/rfc822' : null;
    case 'json': {
      let value: unknown;
      try {
        value = JSON.parse(text.replace(/^\ufeff/, ''));
      } catch {
        return null;
      }
      const bundle =
        value !== null &&
        typeof value === 'object' &&
        (value as Record<string, unknown>)['type'] === 'bundle' &&
        String((value as Record<string, unknown>)['id']).startsWith('bundle--');
      return bundle ? 'application/stix+json' : 'application/json';
    }
    default:
      return null;
  }
}

const refuse = (ja: string, en: string): Classification => ({ ok: false, reason: { ja, en } });

/** Office files with macros are code: refused even when named .docx/.xlsx/.pptx. */
function hasMacros(bytes: Buffer): boolean | null {
  try {
    return readZip(bytes).some((e) =>
      /(?:^|\/)(?:vbaProject\.bin|vbaData\.xml|activeX\d*\.bin)$/i.test(e.name),
    );
  } catch (error) {
    if (error instanceof ZipUnsupported) return null;
    throw error;
  }
}

/**
 * The type of an uploaded file, judged from its bytes: binary types by their signature
 * (file-type), text only when the name says text and the bytes are valid UTF-8. The name's
 * extension must agree with the content, so a ZIP or a program named .pdf is refused.
 */
export async function classifyAttachment(bytes: Buffer, filename: string): Promise<Classification> {
  const extension = extensionOf(filename);
  const expected = EXTENSIONS[extension];
  if (!expected) {
    return refuse(
      `このファイル名（拡張子）は添付できません。添付できるのは ${ACCEPTED_NAMES} です`,
      `Files with this name (extension) cannot be attached. Accepted: ${ACCEPTED_NAMES}`,
    );
  }
  if (bytes.length === 0) return refuse('空のファイルは添付できません', 'An empty file cannot be attached');
  // Text is judged as text first: a log line that happens to start with "BM" or "MZ" is
  // still text, and is served only as text/plain.
  const text = asText(bytes);
  const textual = text === null ? null : textType(extension, text);
  if (textual !== null && expected.includes(textual)) return { ok: true, type: textual };
  const sniffed = await fileTypeFromBuffer(bytes);
  if (sniffed) {
    const type = SNIFFED[sniffed.mime];
    if (type === undefined || !expected.includes(type)) {
      return refuse(
        `ファイル名は .${extension} ですが、内容は ${sniffed.mime}（.${sniffed.ext}）です。偽装の疑いがあるため添付できません`,
        `The file is named .${extension} but its content is ${sniffed.mime} (.${sniffed.ext}); ` +
          'a file whose name disguises its content is refused',
      );
    }
    if (type === OFFICE.docx || type === OFFICE.xlsx || type === OFFICE.pptx) {
      const macros = hasMacros(bytes);
      if (macros === null) {
        return refuse('Office ファイルの構造を読み取れません', 'The Office file’s structure cannot be read');
      }
      if (macros) {
        return refuse(
          'マクロなどのプログラムを含む Office ファイルは添付できません',
          'Office files containing macros or other code are refused',
        );
      }
    }
    return { ok: true, type };
  }
  const what = {
    ja: extension === 'json' ? '正しい JSON' : extension === 'eml' ? '電子メール' : 'UTF-8 のテキスト',
    en: extension === 'json' ? 'valid JSON' : extension === 'eml' ? 'an e-mail message' : 'UTF-8 text',
  };
  if (TEXT_EXTENSIONS.has(extension)) {
    return refuse(
      `ファイル名は .${extension} ですが、内容が${what.ja}ではありません`,
      `The file is named .${extension} but its content is not ${what.en}`,
    );
  }
  return refuse(
    `ファイル名は .${extension} ですが、内容からその形式と確認できません`,
    `The file is named .${extension} but its content is not recognisably of that type`,
  );
}

/** The Content-Type a download is served with: every text type as plain UTF-8 text, so nothing renders. */
export function servedContentType(type: AttachmentType): string {
  if (type === 'text/plain' || type === 'text/csv' || type === 'message/rfc822') {
    return 'text/plain; charset=utf-8';
  }
  return type;
}

/** RFC 6266/8187: an ASCII fallback plus the exact name percent-encoded as UTF-8. */
export function contentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(filename).replace(
    /['()*!]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** The viewer's relation to a report, as the service finds it. */
export interface AttachActor {
  role: Role;
  isOriginator: boolean;
  isRecipient: boolean;
}

export type AttachPermission = 'allowed' | 'forbidden' | 'closed';

/**
 * The originator's reporters (and above) attach to their report in any state but closed,
 * drafts included; the analysts (and above) of an organization the report reached attach
 * after submit. Anyone else who can see the report only reads its attachments.
 */
export function mayAttach(actor: AttachActor, status: ReportStatus): AttachPermission {
  const allowed =
    (actor.isOriginator && roleAtLeast(actor.role, 'reporter')) ||
    (actor.isRecipient && roleAtLeast(actor.role, 'analyst'));
  if (!allowed) return 'forbidden';
  return status === 'closed' ? 'closed' : 'allowed';
}

/** Whether the file's metadata must be removed before it is stored (DESIGN.md §4.1). */
export function mustStripMetadata(report: { route: string; anonymized: boolean }): boolean {
  return report.route === 'anonymized' || report.anonymized;
}
