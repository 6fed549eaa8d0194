import { Readable } from 'node:stream';
import { Attachment, AttachmentList, AttachmentParams, Problem, ReportParams } from '@cipx/contracts';
import multipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../shared/app-error.js';
import { authorize, requireViewer } from '../identity/index.js';
import { formatBytes } from './attachments.js';
import type { AttachmentsService, UploadedFile } from './attachments.service.js';
import type { RequestOrigin } from './reports.service.js';

const security: { [scheme: string]: string[] }[] = [{ session: [] }, { token: [] }];
const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem };

/** Room for the multipart envelope (boundaries, part headers) around the file itself. */
const ENVELOPE_BYTES = 64 * 1024;

function originOf(request: FastifyRequest): RequestOrigin {
  return { requestId: request.id, ip: request.ip };
}

const ONE_FILE = {
  ja: 'ファイルは1回に1つ、"file" という名前のパートで送信してください',
  en: 'Send one file per request, as a multipart/form-data part named "file"',
};

/**
 * Reads the one file of a multipart/form-data body as it streams in, counting bytes: past
 * the limit the rest is discarded (busboy drains it) and the request is refused with 413,
 * so an over-size file is never held in memory nor stored.
 */
async function receiveFile(request: FastifyRequest, maxBytes: number): Promise<UploadedFile> {
  const tooLarge = () => new AppError('PAYLOAD_TOO_LARGE', { limit: formatBytes(maxBytes) });
  const locale = request.viewer?.locale ?? 'ja';
  const oneFile = () =>
    new AppError('VALIDATION_FAILED', {}, [
      { field: 'body/file', code: 'ONE_FILE', message: ONE_FILE[locale] },
    ]);
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > maxBytes + ENVELOPE_BYTES) throw tooLarge();
  if (!request.isMultipart()) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', { reason: ONE_FILE[locale] });
  }
  let file: UploadedFile | undefined;
  let exceeded = false;
  try {
    for await (const part of request.parts()) {
      if (part.type !== 'file') continue;
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of part.file) {
        const data = chunk as Buffer;
        size += data.length;
        if (size <= maxBytes) chunks.push(data);
      }
      if (part.file.truncated || size > maxBytes) exceeded = true;
      file = { filename: part.filename, declaredType: part.mimetype, bytes: Buffer.concat(chunks) };
    }
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT')
      throw oneFile();
    throw error;
  }
  if (exceeded) throw tooLarge();
  if (!file) throw oneFile();
  return file;
}

/** `/reports/{id}/attachments`: upload, list and download; who may see the report may read its files. */
export function attachmentsRoutes(service: AttachmentsService): FastifyPluginAsync {
  return async (instance) => {
    // Registered here only, so no other route accepts multipart bodies.
    await instance.register(multipart, {
      // Over-size files are drained and refused by receiveFile, so the client gets the 413 it can read.
      throwFileSizeLimit: false,
      limits: { files: 1, fileSize: service.maxBytes, fields: 4, fieldSize: 1024, parts: 5, headerPairs: 50 },
    });
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.post(
      '/reports/:id/attachments',
      {
        schema: {
          tags: ['reports'],
          summary: 'Attach a file to a report (the originator’s reporters, or a recipient’s analysts)',
          description:
            'multipart/form-data with one file part named "file", at most the configured limit ' +
            '(CIPX_ATTACHMENT_MAX_BYTES, default 20 MiB; the list gives it as maxBytes; ' +
            '413 PAYLOAD_TOO_LARGE beyond). Accepted: PDF, PNG, JPEG, GIF, WebP, UTF-8 text (.txt .log .csv), ' +
            'JSON and STIX bundles (.json), e-mail (.eml), docx, xlsx, pptx. The type is sniffed from the bytes and ' +
            'must match the name (415 UNSUPPORTED_MEDIA_TYPE otherwise). Embedded metadata is removed where possible; ' +
            'on anonymized reports a file whose metadata cannot be removed is refused (415).',
          security,
          params: ReportParams,
          body: {
            content: {
              'multipart/form-data': {
                schema: Type.Unknown({ description: 'One file part named "file"' }),
              },
            },
          },
          response: { 201: Attachment, 413: Problem, 415: Problem, ...errors },
        },
      },
      async (request, reply) => {
        const viewer = requireViewer(request);
        authorize(viewer, { role: 'reporter', scope: 'reports:write' });
        await service.checkUpload(viewer, request.params.id);
        const file = await receiveFile(request, service.maxBytes);
        const attachment = await service.uploadAttachment(viewer, request.params.id, file, originOf(request));
        return reply.code(201).header('location', attachment.href).send(attachment);
      },
    );

    app.get(
      '/reports/:id/attachments',
      {
        schema: {
          tags: ['reports'],
          summary: 'The report’s attachments, oldest first (each labelled "not scanned")',
          security,
          params: ReportParams,
          response: { 200: AttachmentList, ...errors },
        },
      },
      async (request) => {
        const viewer = requireViewer(request);
        authorize(viewer, { scope: 'reports:read' });
        return service.listAttachments(viewer, request.params.id, originOf(request));
      },
    );

    // Untyped reply: the body is a stream, which the typed provider's JSON response types do not cover.
    instance.get<{ Params: AttachmentParams }>(
      '/reports/:id/attachments/:attachmentId',
      {
        schema: {
          tags: ['reports'],
          summary: 'Download an attachment (always as a download, sandboxed, never rendered inline)',
          description:
            'Served as the sniffed type (text as text/plain; charset=utf-8) with Content-Disposition: attachment, ' +
            "X-Content-Type-Options: nosniff, Content-Security-Policy: sandbox; default-src 'none', " +
            'and X-CIPX-Scan: not-scanned (CIPX does not scan files for malware).',
          security,
          params: AttachmentParams,
          response: {
            200: {
              description: 'The file',
              content: { 'application/octet-stream': { schema: Type.String() } },
            },
            ...errors,
          },
        },
      },
      async (request, reply) => {
        const viewer = requireViewer(request);
        authorize(viewer, { scope: 'reports:read' });
        const download = await service.openAttachment(
          viewer,
          request.params.id,
          request.params.attachmentId,
          originOf(request),
        );
        return reply
          .header('content-type', download.contentType)
          .header('content-length', String(download.attachment.size))
          .header('content-disposition', download.contentDisposition)
          .header('x-content-type-options', 'nosniff')
          .header('content-security-policy', "sandbox; default-src 'none'")
          .header('cache-control', 'private, no-store')
          .header('x-cipx-scan', 'not-scanned')
          .send(Readable.from(download.body));
      },
    );
  };
}
