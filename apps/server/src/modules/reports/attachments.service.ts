import { createHash } from 'node:crypto';
import type { Attachment, AttachmentList, AttachmentType, Locale } from '@cipx/contracts';
import { AppError } from '../../shared/app-error.js';
import type { Clock } from '../../shared/clock.js';
import { newId } from '../../shared/ids.js';
import type { Viewer } from '../../shared/viewer.js';
import type { AuditService } from '../audit/index.js';
import {
  ATTACHMENT_CHUNK_BYTES,
  classifyAttachment,
  contentDisposition,
  formatBytes,
  mayAttach,
  mustStripMetadata,
  SCAN_LABEL,
  sanitizeFilename,
  servedContentType,
  type Bilingual,
} from './attachments.js';
import type { AttachmentRecord, AttachmentsRepository } from './attachments.repository.js';
import { stripMetadata } from './attachments.strip.js';
import { actorFor } from './report-acts.js';
import { recipientOrganizations, reporterPseudonym } from './report.js';
import type { ReportQueries, ReportRecord } from './reports.repository.js';
import type { ReportsService, RequestOrigin } from './reports.service.js';

export type AttachmentsAudit = Pick<AuditService, 'record'>;

export interface AttachmentsServiceDeps {
  repository: AttachmentsRepository;
  clock: Clock;
  /** The reports service's read auditing: one event per request, pseudonymous for an anonymized reporter. */
  reads: Pick<ReportsService, 'recordReads'>;
  audit?: AttachmentsAudit | undefined;
  maxBytes: number;
}

export interface UploadedFile {
  filename: string;
  declaredType: string;
  bytes: Buffer;
}

export interface AttachmentDownload {
  attachment: Attachment;
  contentType: string;
  contentDisposition: string;
  /** The stored chunks in order; fails if they do not add up to the recorded size. */
  body: AsyncIterable<Buffer>;
}

const NOT_STRIPPABLE: Bilingual = {
  ja:
    'この報告は匿名経路のため、添付ファイルの作成者情報などのメタデータを必ず削除しますが、このファイルからは削除できませんでした。' +
    'メタデータを除いた形式（画像、テキスト、メタデータを削除した PDF など）で添付してください',
  en:
    'This report is on the anonymized route, so attachments must have their metadata (author, device, location) removed, ' +
    'and CIPX could not remove it from this file. Attach it in a form without metadata (an image, plain text, or a PDF without ' +
    'comments or embedded files)',
};

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function chunksOf(bytes: Buffer): Buffer[] {
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += ATTACHMENT_CHUNK_BYTES) {
    chunks.push(bytes.subarray(at, at + ATTACHMENT_CHUNK_BYTES));
  }
  return chunks;
}

/**
 * An attachment as this viewer may see it: what the originating side of an anonymized
 * report uploaded appears as uploaded by the relay under the reporter's pseudonym to
 * everyone but the originator and the relay.
 */
export function toAttachment(report: ReportRecord, a: AttachmentRecord): Attachment {
  const masked = !report.viewerKnowsOriginator && a.uploadedByOrgId === report.hidden.originatorOrgId;
  return {
    id: a.id,
    reportId: a.reportId,
    filename: a.filename,
    type: a.type,
    declaredType: a.declaredType,
    size: a.size,
    sha256: a.sha256,
    uploadedBy: masked
      ? { userId: null, organizationId: report.relayOrgId, label: reporterPseudonym(report.number) }
      : { userId: a.uploadedByUserId, organizationId: a.uploadedByOrgId, label: null },
    createdAt: a.createdAt.toISOString(),
    metadataStripped: a.metadataStripped,
    scan: 'not_scanned',
    scanLabel: { ...SCAN_LABEL },
    href: `/api/v1/reports/${a.reportId}/attachments/${a.id}`,
  };
}

export function createAttachmentsService(deps: AttachmentsServiceDeps) {
  const { repository, clock, reads, audit, maxBytes } = deps;

  const text = (reason: Bilingual, locale: Locale) => reason[locale];

  /** The report if the viewer may attach to it; 404 when it is not visible, 403 when it is only readable. */
  async function attachable(queries: ReportQueries, viewer: Viewer, reportId: string): Promise<ReportRecord> {
    const report = await queries.findVisible(viewer, reportId);
    if (!report) throw new AppError('REPORT_NOT_FOUND');
    const hops = await queries.listHops(reportId);
    const verdict = mayAttach(
      {
        role: viewer.role,
        isOriginator: report.viewerIsOriginator,
        isRecipient: recipientOrganizations(report.hidden.originatorOrgId, hops).includes(
          viewer.organizationId,
        ),
      },
      report.status,
    );
    if (verdict === 'forbidden') throw new AppError('FORBIDDEN');
    if (verdict === 'closed') {
      throw new AppError('REPORT_TRANSITION_NOT_ALLOWED', { status: report.status, action: 'attach' });
    }
    return report;
  }

  async function visibleReport(viewer: Viewer, reportId: string): Promise<ReportRecord> {
    const report = await repository.reports.findVisible(viewer, reportId);
    if (!report) throw new AppError('REPORT_NOT_FOUND');
    return report;
  }

  async function* chunks(record: AttachmentRecord): AsyncGenerator<Buffer> {
    let total = 0;
    for (let seq = 0; ; seq++) {
      const chunk = await repository.findChunk(record.id, seq);
      if (chunk === undefined) break;
      total += chunk.byteLength;
      yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    }
    if (total !== record.size) {
      throw new Error(`attachment ${record.id}: stored chunks hold ${total} bytes, expected ${record.size}`);
    }
  }

  return {
    /** The largest file accepted, in bytes. */
    maxBytes,

    /** Refuses early (before the body is read) a viewer who may not attach to the report. */
    async checkUpload(viewer: Viewer, reportId: string): Promise<void> {
      await attachable(repository.reports, viewer, reportId);
    },

    /**
     * Stores a file on a report: its type is sniffed and must match its name, its metadata is
     * removed where CIPX can (and must be on an anonymized report), and it is written in
     * chunks with a timeline entry and an audit event, all in one transaction.
     */
    async uploadAttachment(
      viewer: Viewer,
      reportId: string,
      file: UploadedFile,
      origin?: RequestOrigin,
    ): Promise<Attachment> {
      if (file.bytes.length > maxBytes)
        throw new AppError('PAYLOAD_TOO_LARGE', { limit: formatBytes(maxBytes) });
      const before = await attachable(repository.reports, viewer, reportId);
      const filename = sanitizeFilename(file.filename);
      const classified = await classifyAttachment(file.bytes, filename);
      if (!classified.ok) {
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', { reason: text(classified.reason, viewer.locale) });
      }
      const type: AttachmentType = classified.type;
      const { bytes, stripped } = stripMetadata(type, file.bytes);
      if (!stripped && mustStripMetadata(before)) {
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', { reason: text(NOT_STRIPPABLE, viewer.locale) });
      }
      const now = clock.now();
      const record: AttachmentRecord = {
        id: newId(),
        reportId,
        filename,
        declaredType: (file.declaredType || 'application/octet-stream').slice(0, 255),
        type,
        size: bytes.length,
        sha256: sha256(bytes),
        uploadedByUserId: viewer.userId,
        uploadedByOrgId: viewer.organizationId,
        createdAt: now,
        metadataStripped: stripped,
      };
      return repository.inTransaction(async (queries, reports, trx) => {
        await reports.lock(reportId);
        const report = await attachable(reports, viewer, reportId);
        await queries.insertAttachment({ ...record, chunks: chunksOf(bytes) });
        const hidden = report.route === 'anonymized' && report.viewerIsOriginator;
        await reports.appendTimeline(reportId, [
          {
            kind: 'attachment_added',
            at: now,
            actorUserId: viewer.userId,
            actorOrgId: viewer.organizationId,
            actorLabel: hidden ? reporterPseudonym(report.number) : null,
            byOriginator: report.viewerIsOriginator,
            detail: {
              attachmentId: record.id,
              filename,
              type,
              size: record.size,
              metadataStripped: stripped,
            },
          },
        ]);
        await audit?.record(
          {
            action: 'reports.attachment.upload',
            actor: actorFor(viewer, report),
            targetType: 'report',
            targetIds: [reportId],
            detail: {
              attachmentId: record.id,
              type,
              size: record.size,
              sha256: record.sha256,
              metadataStripped: stripped,
            },
            requestId: origin?.requestId ?? null,
            ip: origin?.ip ?? null,
          },
          trx,
        );
        return toAttachment(report, record);
      });
    },

    /** The report's attachments, oldest first; a report the viewer cannot see is 404. */
    async listAttachments(viewer: Viewer, reportId: string, origin?: RequestOrigin): Promise<AttachmentList> {
      const report = await visibleReport(viewer, reportId);
      const records = await repository.listAttachments(reportId);
      await reads.recordReads(viewer, origin, 'reports.attachments.list', [report], {
        attachmentIds: records.map((r) => r.id),
      });
      return { items: records.map((r) => toAttachment(report, r)), maxBytes };
    },

    /** One attachment's bytes with how to serve them; audited before anything is sent. */
    async openAttachment(
      viewer: Viewer,
      reportId: string,
      attachmentId: string,
      origin?: RequestOrigin,
    ): Promise<AttachmentDownload> {
      const report = await visibleReport(viewer, reportId);
      const record = await repository.findAttachment(reportId, attachmentId);
      if (!record) throw new AppError('NOT_FOUND');
      await reads.recordReads(viewer, origin, 'reports.attachment.download', [report], {
        attachmentId,
        sha256: record.sha256,
      });
      return {
        attachment: toAttachment(report, record),
        contentType: servedContentType(record.type),
        contentDisposition: contentDisposition(record.filename),
        body: chunks(record),
      };
    },
  };
}

export type AttachmentsService = ReturnType<typeof createAttachmentsService>;
