import { Me, PasswordResetBody, PasswordResetCompleteBody, Problem, SignInBody } from '@cipx/contracts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginCallback, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Config } from '../../config.js';
import { isAppError } from '../../shared/app-error.js';
import type { RecordRequest } from '../audit/index.js';
import { requestLocale } from '../../platform/http/errors.js';
import { clearSessionCookie, pendingEnrolment, setSessionCookie } from './authentication.plugin.js';
import type { InvitationService } from './invitations.service.js';
import type { SessionService } from './sessions.service.js';

export interface AuthRoutesDeps {
  sessions: SessionService;
  invitations: InvitationService;
  config: Pick<Config, 'publicUrl' | 'sessionHours'>;
  audit: RecordRequest;
}

function signInKey(request: FastifyRequest): string {
  const body = request.body as { email?: unknown } | undefined;
  const email = typeof body?.email === 'string' ? body.email.trim().toLowerCase() : '';
  return `sign-in:${request.ip}:${email}`;
}

/** Sign-in, sign-out and password reset: the routes a browser reaches before it has a viewer. */
export function authRoutes(deps: AuthRoutesDeps): FastifyPluginCallback {
  const { sessions, invitations, config, audit } = deps;
  return (instance, _options, done) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.post(
      '/auth/sign-in',
      {
        schema: {
          tags: ['identity'],
          summary: 'Sign in with e-mail, password and (when enrolled or privileged) a TOTP code',
          body: SignInBody,
          response: { 200: Me, 400: Problem, 401: Problem, 403: Problem, 423: Problem, 429: Problem },
        },
        config: {
          originCheck: true,
          // Per address and account, after the body is parsed; the account lockout is the other half.
          rateLimit: { max: 10, timeWindow: '1 minute', hook: 'preHandler', keyGenerator: signInKey },
        },
      },
      async (request, reply) => {
        let signedIn: Awaited<ReturnType<typeof sessions.signIn>>;
        try {
          signedIn = await sessions.signIn({
            ...request.body,
            ip: request.ip,
            userAgent: request.headers['user-agent'] ?? null,
          });
        } catch (error) {
          // Failed sign-ins are evidence (guessing, a stolen password): keep the address tried and why.
          if (isAppError(error)) {
            await audit(request, {
              action: 'auth.sign_in_failed',
              detail: { email: request.body.email.trim().toLowerCase(), code: error.code },
            });
          }
          throw error;
        }
        const { secret, me } = signedIn;
        await audit(request, {
          action: 'auth.sign_in',
          actor: { userId: me.user.id, organizationId: me.organization.id },
          targetType: 'user',
          targetIds: [me.user.id],
        });
        setSessionCookie(reply, secret, config);
        return me;
      },
    );

    app.post(
      '/auth/sign-out',
      {
        schema: { tags: ['identity'], summary: 'End the current session', response: { 204: Type.Null() } },
        config: { originCheck: true },
      },
      async (request, reply) => {
        const idHash = request.viewer?.sessionIdHash ?? pendingEnrolment(request)?.sessionIdHash;
        if (idHash) {
          await sessions.signOut(idHash);
          await audit(request, { action: 'auth.sign_out' });
        }
        clearSessionCookie(reply, config);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/auth/password-reset',
      {
        schema: {
          tags: ['identity'],
          summary: 'Mail a password reset link (answers 202 whether or not the address is known)',
          body: PasswordResetBody,
          response: { 202: Type.Null(), 400: Problem, 429: Problem },
        },
        config: { originCheck: true, rateLimit: { max: 5, timeWindow: '1 minute' } },
      },
      async (request, reply) => {
        await invitations.requestPasswordReset(request.body.email);
        return reply.code(202).send(null);
      },
    );

    app.post(
      '/auth/password-reset/complete',
      {
        schema: {
          tags: ['identity'],
          summary: 'Set a new password with a reset link; signs out every session',
          body: PasswordResetCompleteBody,
          response: { 204: Type.Null(), 400: Problem },
        },
        config: { originCheck: true },
      },
      async (request, reply) => {
        const userId = await invitations.completePasswordReset(request.body, requestLocale(request));
        await audit(request, {
          action: 'auth.password_reset',
          actor: { userId, organizationId: null },
          targetType: 'user',
          targetIds: [userId],
        });
        return reply.code(204).send(null);
      },
    );
    done();
  };
}
