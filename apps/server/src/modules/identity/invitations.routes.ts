import { AcceptInvitationBody, Invitation, InvitationBody, Problem } from '@cipx/contracts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginCallback } from 'fastify';
import { Type } from 'typebox';
import { requestLocale } from '../../platform/http/errors.js';
import { requireViewer } from './guards.js';
import type { InvitationService } from './invitations.service.js';

export function invitationRoutes(invitations: InvitationService): FastifyPluginCallback {
  return (instance, _options, done) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.post(
      '/invitations',
      {
        schema: {
          tags: ['identity'],
          summary:
            "Invite a person into an organization (its admins and managers, or the coordinator's admins)",
          security: [{ session: [] }, { token: [] }],
          body: InvitationBody,
          response: { 201: Invitation, 401: Problem, 403: Problem, 404: Problem, 409: Problem },
        },
      },
      async (request, reply) => {
        const invitation = await invitations.invite(requireViewer(request), request.body);
        return reply.code(201).send(invitation);
      },
    );

    app.post(
      '/invitations/accept',
      {
        schema: {
          tags: ['identity'],
          summary: 'Set a password with an invitation link (single use)',
          body: AcceptInvitationBody,
          response: { 204: Type.Null(), 400: Problem },
        },
        config: { originCheck: true },
      },
      async (request, reply) => {
        await invitations.acceptInvitation(request.body, requestLocale(request));
        return reply.code(204).send(null);
      },
    );
    done();
  };
}
