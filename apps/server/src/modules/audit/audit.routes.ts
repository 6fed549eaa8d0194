import { AuditEventList, AuditQuery, Problem } from '@cipx/contracts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { authorize, requireViewer } from '../identity/guards.js';
import type { AuditActorInput, AuditEventInput } from './audit-event.js';
import type { AuditService } from './audit.service.js';

const security: { [scheme: string]: string[] }[] = [{ session: [] }, { token: [] }];

export interface RequestAuditInput {
  action: string;
  targetType?: string;
  targetIds?: readonly string[];
  detail?: Record<string, unknown>;
  /** Replaces the signed-in actor, e.g. with `pseudonymousActor(…)` for anonymized items. */
  actor?: AuditActorInput;
}

/** Records one event for a request: actor from `request.viewer`, request id and address from the request. */
export type RecordRequest = (request: FastifyRequest, input: RequestAuditInput) => Promise<void>;

export function createRecordRequest(service: AuditService): RecordRequest {
  return (request, input) => {
    const viewer = request.viewer;
    const event: AuditEventInput = {
      action: input.action,
      actor: input.actor ?? {
        userId: viewer?.userId ?? null,
        organizationId: viewer?.organizationId ?? null,
      },
      targetType: input.targetType ?? null,
      targetIds: input.targetIds ?? [],
      requestId: request.id,
      ip: request.ip,
      ...(input.detail ? { detail: input.detail } : {}),
    };
    return service.record(event);
  };
}

/** The audit log for administrators: the coordinator's see everything, others their organization's. */
export function auditRoutes(service: AuditService, recordRequest: RecordRequest): FastifyPluginAsync {
  return (instance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    // Chaining started by this node's requests finishes before the app closes its database.
    app.addHook('onClose', async () => {
      await service.idle();
    });

    app.get(
      '/audit',
      {
        schema: {
          tags: ['audit'],
          summary: 'Audit events, newest first',
          description:
            'Administrators of the coordinator see every event; administrators of other organizations see the events of their own organization. Reading the log is itself audited.',
          security,
          querystring: AuditQuery,
          response: { 200: AuditEventList, 400: Problem, 401: Problem, 403: Problem },
        },
      },
      async (request) => {
        const viewer = requireViewer(request);
        authorize(viewer, { role: 'admin', scope: 'audit:read' });
        // Show what is committed so far, not only what the background chainer has reached.
        await service.flush();
        const page = await service.list(viewer, request.query);
        const { cursor: _cursor, ...filter } = request.query;
        await recordRequest(request, {
          action: 'audit.read',
          targetType: 'audit_event',
          targetIds: page.items.map((e) => String(e.seq)),
          detail: { filter },
        });
        return page;
      },
    );
    return Promise.resolve();
  };
}
