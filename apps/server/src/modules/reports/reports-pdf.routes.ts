import { Problem, ReportParams } from '@cipx/contracts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginCallback, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { authorize, requireViewer } from '../identity/index.js';
import type { ReportsPdfService } from './reports-pdf.service.js';
import { errors, originOf, security } from './reports.routes.js';

/** `/reports/{id}/report.pdf`: the report as the viewer may see it, as a printable form. */
export function reportsPdfRoutes(pdf: ReportsPdfService): FastifyPluginCallback {
  return (instance, _options, done) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/reports/:id/report.pdf',
      {
        schema: {
          tags: ['reports'],
          summary: 'One report as a PDF in the common-form layout (only what the caller may see)',
          description:
            'TLP label on every page, times in JST; anonymized reports show the relay. 503 UNAVAILABLE when the server lacks its PDF font (fonts-noto-cjk).',
          security,
          params: ReportParams,
          response: {
            200: {
              description: 'PDF file',
              content: { 'application/pdf': { schema: Type.String() } },
            },
            ...errors,
            503: Problem,
          },
        },
      },
      async (request, reply) => {
        const viewer = requireViewer(request);
        authorize(viewer, { scope: 'reports:read' });
        const { filename, pdf: body } = await pdf.render(viewer, request.params.id, originOf(request));
        // The response schema describes JSON bodies; the PDF bytes go out untyped.
        const raw: FastifyReply = reply;
        return raw
          .header('content-type', 'application/pdf')
          .header('content-disposition', `attachment; filename="${filename}"`)
          .header('cache-control', 'private, no-store')
          .send(body);
      },
    );
    done();
  };
}
