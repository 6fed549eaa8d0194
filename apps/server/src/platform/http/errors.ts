import type { ErrorCode, FieldError, Locale, Problem } from '@cipx/contracts';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isAppError } from '../../shared/app-error.js';
import { ERRORS, fill, pickLocale } from './messages.js';

export function problemFor(
  code: ErrorCode,
  locale: Locale,
  params: Record<string, string | number> = {},
  errors?: FieldError[],
): Problem {
  const entry = ERRORS[code];
  const [title, detail] = entry[locale];
  return {
    type: `https://cipx.jp/problems/${code.toLowerCase().replace(/_/g, '-')}`,
    title,
    status: entry.status,
    code,
    detail: fill(detail, params),
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
}

export function requestLocale(request: FastifyRequest): Locale {
  return pickLocale(request.headers['accept-language'], request.viewer?.locale);
}

export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  code: ErrorCode,
  params: Record<string, string | number> = {},
  errors?: FieldError[],
): FastifyReply {
  const problem = {
    ...problemFor(code, requestLocale(request), params, errors),
    instance: request.url.split('?')[0],
    requestId: request.id,
  };
  return reply.code(problem.status).type('application/problem+json').send(problem);
}

function validationErrors(error: FastifyError): FieldError[] {
  return (error.validation ?? []).map((v) => {
    const missing =
      v.keyword === 'required' && typeof v.params?.['missingProperty'] === 'string'
        ? `/${v.params['missingProperty']}`
        : '';
    const context = error.validationContext ?? 'body';
    return {
      field: `${context}${v.instancePath}${missing}`,
      code: v.keyword.toUpperCase(),
      message: v.message ?? v.keyword,
    };
  });
}

/** One error handler for the whole API: AppError → its code; Fastify errors → a code; anything else → INTERNAL (logged, never echoed). */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (isAppError(error)) {
      return sendProblem(request, reply, error.code, error.params, error.fieldErrors);
    }
    if (error.validation) {
      return sendProblem(request, reply, 'VALIDATION_FAILED', {}, validationErrors(error));
    }
    const status = error.statusCode ?? 500;
    if (status === 429) return sendProblem(request, reply, 'RATE_LIMITED');
    if (status === 413) return sendProblem(request, reply, 'PAYLOAD_TOO_LARGE', { limit: '1 MiB' });
    if (status === 415)
      return sendProblem(request, reply, 'UNSUPPORTED_MEDIA_TYPE', {
        reason: String(request.headers['content-type'] ?? ''),
      });
    if (status === 404) return sendProblem(request, reply, 'NOT_FOUND');
    if (status >= 400 && status < 500) return sendProblem(request, reply, 'BAD_REQUEST');
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(request, reply, 'INTERNAL');
  });
}
