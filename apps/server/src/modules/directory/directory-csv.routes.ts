import type { IncomingMessage } from 'node:http';
import { DirectoryExportQuery, DirectoryImportQuery, DirectoryImportResult, Problem } from '@cipx/contracts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginCallback, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../shared/app-error.js';
import { authorize, requireViewer } from '../identity/guards.js';
import { CSV_LIMITS, MAX_CSV_BYTES } from './csv.js';
import type { DirectoryCsvService } from './directory-csv.service.js';
import { originOf } from './directory.routes.js';

const security: { [scheme: string]: string[] }[] = [{ session: [] }, { token: [] }];

/** Reads the raw body up to the CSV limit; the global 1 MiB body limit does not apply here. */
async function readCsvBody(payload: IncomingMessage): Promise<Buffer> {
  const declared = Number(payload.headers['content-length'] ?? 0);
  if (declared > MAX_CSV_BYTES) {
    payload.resume();
    throw new AppError('CSV_TOO_LARGE', CSV_LIMITS);
  }
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of payload) {
    const part = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += part.length;
    if (size > MAX_CSV_BYTES) {
      payload.resume();
      throw new AppError('CSV_TOO_LARGE', CSV_LIMITS);
    }
    parts.push(part);
  }
  return Buffer.concat(parts);
}

/** CSV import and export of the directory; the text/csv body parser is registered for these routes only. */
export function directoryCsvRoutes(service: DirectoryCsvService): FastifyPluginCallback {
  return (instance, _options, done) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.addContentTypeParser(
      ['text/csv', 'application/csv'],
      (_request: FastifyRequest, payload: IncomingMessage) => readCsvBody(payload),
    );

    app.post(
      '/directory/import',
      {
        schema: {
          tags: ['directory'],
          summary:
            'Import organizations, memberships or contact points from CSV (UTF-8, at most 5 MiB / 20,000 rows)',
          description:
            'Body: text/csv. dryRun (default true) validates and counts without writing and answers 200 even with row errors. ' +
            'Otherwise any row error writes nothing and answers 422 CSV_INVALID listing the rows. ' +
            'Row numbers are spreadsheet rows (header = 1).',
          security,
          querystring: DirectoryImportQuery,
          // Documentation only: the body arrives as raw bytes and is decoded by the service.
          body: {
            content: {
              'text/csv': {
                schema: Type.Unknown({
                  description: 'The CSV file: UTF-8, header row first, columns as in the export',
                }),
              },
            },
          },
          response: {
            200: DirectoryImportResult,
            401: Problem,
            403: Problem,
            413: Problem,
            415: Problem,
            422: Problem,
          },
        },
      },
      async (request) => {
        const viewer = requireViewer(request);
        authorize(viewer, {
          role: 'manager',
          organizationKinds: ['coordinator', 'ceptoar'],
          scope: 'directory:write',
        });
        if (!Buffer.isBuffer(request.body)) {
          throw new AppError('UNSUPPORTED_MEDIA_TYPE', { reason: 'Content-Type: text/csv' });
        }
        return service.importCsv(
          viewer,
          request.query.kind,
          request.body,
          { dryRun: request.query.dryRun ?? true },
          originOf(request),
        );
      },
    );

    app.get(
      '/directory/export',
      {
        schema: {
          tags: ['directory'],
          summary: 'Export what the caller may see as CSV (UTF-8 with BOM, the import columns)',
          security,
          querystring: DirectoryExportQuery,
          response: {
            200: { description: 'CSV file', content: { 'text/csv': { schema: Type.String() } } },
            401: Problem,
            403: Problem,
            404: Problem,
          },
        },
      },
      async (request, reply) => {
        const viewer = requireViewer(request);
        authorize(viewer, { scope: 'directory:read' });
        const { filename, csv } = await service.exportCsv(
          viewer,
          request.query.kind,
          request.query.group,
          originOf(request),
        );
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${filename}"`)
          .header('cache-control', 'no-store')
          .send(csv);
      },
    );
    done();
  };
}
