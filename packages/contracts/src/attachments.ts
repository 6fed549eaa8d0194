import { Type, type Static } from 'typebox';
import { BilingualName, Uuid } from './common.js';

// Files attached to reports (DESIGN.md §5): stored in the database, type sniffed from the
// bytes, embedded metadata stripped where CIPX can, served only as downloads.

const DateTime = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

/** The types a report accepts, as served on download (text is served as text/plain). */
export const ATTACHMENT_TYPES = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'text/plain',
  'text/csv',
  'application/json',
  'application/stix+json',
  'message/rfc822',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];
export const AttachmentType = Type.Enum(ATTACHMENT_TYPES);

/** Malware scanning is not part of CIPX: every attachment says so. */
export const ATTACHMENT_SCAN_STATES = ['not_scanned'] as const;
export type AttachmentScanState = (typeof ATTACHMENT_SCAN_STATES)[number];

export const AttachmentParams = Type.Object({ id: Uuid, attachmentId: Uuid });
export type AttachmentParams = Static<typeof AttachmentParams>;

export const AttachmentUploader = Type.Object({
  userId: Nullable(Uuid),
  organizationId: Nullable(Uuid),
  /** A pseudonym instead of the real uploader (the reporter of an anonymized report). */
  label: Nullable(Type.String()),
});
export type AttachmentUploader = Static<typeof AttachmentUploader>;

export const Attachment = Type.Object({
  id: Uuid,
  reportId: Uuid,
  filename: Type.String(),
  /** The type found in the file's bytes; the download is served as this type. */
  type: AttachmentType,
  /** The Content-Type the uploader's client declared (informative only). */
  declaredType: Type.String(),
  size: Type.Integer({ minimum: 0 }),
  sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
  uploadedBy: AttachmentUploader,
  createdAt: DateTime,
  /** False when CIPX could not remove embedded metadata (author, device, location). */
  metadataStripped: Type.Boolean(),
  scan: Type.Enum(ATTACHMENT_SCAN_STATES),
  /** "未スキャン / not scanned": shown next to every download link. */
  scanLabel: BilingualName,
  /** The download URL under /api/v1. */
  href: Type.String(),
});
export type Attachment = Static<typeof Attachment>;

export const AttachmentList = Type.Object({
  items: Type.Array(Attachment),
  /** The largest file the server accepts, in bytes. */
  maxBytes: Type.Integer({ minimum: 1 }),
});
export type AttachmentList = Static<typeof AttachmentList>;
