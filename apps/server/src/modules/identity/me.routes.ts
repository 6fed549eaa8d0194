import {
  Me,
  Problem,
  SetLocaleBody,
  SwitchOrganizationBody,
  TotpConfirmBody,
  TotpSetup,
} from '@cipx/contracts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginCallback, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../shared/app-error.js';
import { pendingEnrolment } from './authentication.plugin.js';
import { requireViewer } from './guards.js';
import type { SessionService } from './sessions.service.js';

const security: { [scheme: string]: string[] }[] = [{ session: [] }, { token: [] }];

/** The signed-in person, or a session limited to authenticator enrolment. */
function sessionOwner(request: FastifyRequest): {
  userId: string;
  organizationId: string;
  sessionIdHash: string | null;
  pending: boolean;
} {
  const pending = pendingEnrolment(request);
  if (pending) return { ...pending, pending: true };
  const viewer = requireViewer(request);
  return {
    userId: viewer.userId,
    organizationId: viewer.organizationId,
    sessionIdHash: viewer.sessionIdHash,
    pending: false,
  };
}

function requireSession(
  request: FastifyRequest,
): ReturnType<typeof sessionOwner> & { sessionIdHash: string } {
  const owner = sessionOwner(request);
  // API tokens act for a fixed organization and cannot manage the person's sign-in.
  if (!owner.sessionIdHash) throw new AppError('FORBIDDEN');
  return { ...owner, sessionIdHash: owner.sessionIdHash };
}

export function meRoutes(sessions: SessionService): FastifyPluginCallback {
  return (instance, _options, done) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/me',
      {
        schema: {
          tags: ['identity'],
          summary: 'Who is signed in, for which organization',
          security,
          response: { 200: Me, 401: Problem },
        },
      },
      async (request) => {
        const owner = sessionOwner(request);
        return sessions.me(owner.userId, owner.organizationId, owner.pending);
      },
    );

    app.put(
      '/me/locale',
      {
        schema: {
          tags: ['identity'],
          summary: 'Remember the language of the interface and of mails',
          security,
          body: SetLocaleBody,
          response: { 204: Type.Null(), 401: Problem },
        },
      },
      async (request, reply) => {
        const viewer = requireViewer(request);
        await sessions.setLocale(viewer.userId, request.body.locale);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/me/organization',
      {
        schema: {
          tags: ['identity'],
          summary: 'Act for another organization in which the person holds a role',
          security: [{ session: [] }],
          body: SwitchOrganizationBody,
          response: { 200: Me, 401: Problem, 403: Problem },
        },
      },
      async (request) => {
        requireViewer(request);
        const owner = requireSession(request);
        return sessions.switchOrganization(owner.sessionIdHash, owner.userId, request.body.organizationId);
      },
    );

    app.post(
      '/me/totp/setup',
      {
        schema: {
          tags: ['identity'],
          summary: 'Start enrolling an authenticator app; confirm with a code to enable it',
          security: [{ session: [] }],
          response: { 200: TotpSetup, 401: Problem, 403: Problem, 409: Problem },
        },
      },
      async (request) => sessions.startTotpEnrolment(requireSession(request).userId),
    );

    app.post(
      '/me/totp/confirm',
      {
        schema: {
          tags: ['identity'],
          summary: 'Enable the authenticator with a current code',
          security: [{ session: [] }],
          body: TotpConfirmBody,
          response: { 204: Type.Null(), 401: Problem, 403: Problem },
        },
      },
      async (request, reply) => {
        const owner = requireSession(request);
        await sessions.confirmTotpEnrolment(owner.userId, owner.sessionIdHash, request.body.code);
        return reply.code(204).send(null);
      },
    );
    done();
  };
}
