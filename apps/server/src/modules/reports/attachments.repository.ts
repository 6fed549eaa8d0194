import type { AttachmentType } from '@cipx/contracts';
import type { Kysely, Selectable } from 'kysely';
import type { AttachmentTable, Database } from '../../platform/db/tables.js';
import { createReportsRepository, type ReportQueries } from './reports.repository.js';

// The only file with Kysely queries for attachments. Which report a viewer may see is the
// reports repository's business (`findVisible`); these queries trust their caller for it.

export interface AttachmentRecord {
  id: string;
  reportId: string;
  filename: string;
  declaredType: string;
  type: AttachmentType;
  size: number;
  sha256: string;
  uploadedByUserId: string;
  uploadedByOrgId: string;
  createdAt: Date;
  metadataStripped: boolean;
}

export interface NewAttachment extends AttachmentRecord {
  /** The file's bytes in storage order. */
  chunks: readonly Uint8Array[];
}

/** Chunks written per INSERT: bounds one statement's size (4 × 256 KiB). */
const CHUNKS_PER_INSERT = 4;

function toRecord(row: Selectable<AttachmentTable>): AttachmentRecord {
  return {
    id: row.id,
    reportId: row.report_id,
    filename: row.filename,
    declaredType: row.declared_type,
    type: row.sniffed_type as AttachmentType,
    size: row.size,
    sha256: row.sha256,
    uploadedByUserId: row.uploaded_by_user_id,
    uploadedByOrgId: row.uploaded_by_org_id,
    createdAt: row.created_at,
    metadataStripped: row.metadata_stripped,
  };
}

function attachmentQueries(db: Kysely<Database>) {
  return {
    async insertAttachment(attachment: NewAttachment): Promise<void> {
      await db
        .insertInto('attachments')
        .values({
          id: attachment.id,
          report_id: attachment.reportId,
          filename: attachment.filename,
          declared_type: attachment.declaredType,
          sniffed_type: attachment.type,
          size: attachment.size,
          sha256: attachment.sha256,
          uploaded_by_user_id: attachment.uploadedByUserId,
          uploaded_by_org_id: attachment.uploadedByOrgId,
          created_at: attachment.createdAt,
          metadata_stripped: attachment.metadataStripped,
        })
        .execute();
      for (let first = 0; first < attachment.chunks.length; first += CHUNKS_PER_INSERT) {
        await db
          .insertInto('attachment_chunks')
          .values(
            attachment.chunks.slice(first, first + CHUNKS_PER_INSERT).map((data, i) => ({
              attachment_id: attachment.id,
              seq: first + i,
              data,
            })),
          )
          .execute();
      }
    },

    /** The report's attachments, oldest first. */
    async listAttachments(reportId: string): Promise<AttachmentRecord[]> {
      const rows = await db
        .selectFrom('attachments')
        .selectAll()
        .where('report_id', '=', reportId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toRecord);
    },

    async findAttachment(reportId: string, id: string): Promise<AttachmentRecord | undefined> {
      const row = await db
        .selectFrom('attachments')
        .selectAll()
        .where('report_id', '=', reportId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? toRecord(row) : undefined;
    },

    /** One stored chunk, or undefined past the last; read one at a time so a download never holds the whole file. */
    async findChunk(attachmentId: string, seq: number): Promise<Uint8Array | undefined> {
      const row = await db
        .selectFrom('attachment_chunks')
        .select('data')
        .where('attachment_id', '=', attachmentId)
        .where('seq', '=', seq)
        .executeTakeFirst();
      return row?.data;
    },
  };
}

export type AttachmentQueries = ReturnType<typeof attachmentQueries>;

export function createAttachmentsRepository(db: Kysely<Database>) {
  const reports = createReportsRepository(db);
  return {
    ...attachmentQueries(db),
    reports: reports as ReportQueries,
    /** Runs `work` in one transaction; the audit event written with `trx` commits with the file. */
    async inTransaction<T>(
      work: (queries: AttachmentQueries, reports: ReportQueries, trx: Kysely<Database>) => Promise<T>,
    ): Promise<T> {
      return db
        .transaction()
        .execute((trx) => work(attachmentQueries(trx), createReportsRepository(trx), trx));
    },
  };
}

export type AttachmentsRepository = ReturnType<typeof createAttachmentsRepository>;
