import cookie from '@fastify/cookie';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../../config.js';
import { AppError } from '../../shared/app-error.js';
import type { PendingEnrolment, SessionService } from './sessions.service.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Requires a same-origin Origin/Referer on this route even without a session cookie:
     * anonymous browser forms such as sign-in (login CSRF) and password-link pages.
     */
    originCheck?: boolean;
  }
}

export const SESSION_COOKIE = 'cipx_session';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const BEARER = /^Bearer ([A-Za-z0-9_-]{32,128})$/;
const COOKIE_VALUE = /^[A-Za-z0-9_-]{32,128}$/;

// Sessions limited to authenticator enrolment never become a viewer; the few routes that
// serve them read it from here.
const pendingEnrolments = new WeakMap<FastifyRequest, PendingEnrolment>();

export function pendingEnrolment(request: FastifyRequest): PendingEnrolment | undefined {
  return pendingEnrolments.get(request);
}

function originOf(value: string | undefined): string | null {
  if (!value) return null;
  try {
    return new URL(value).origin;
  } catch {
    return null;
  }
}

/** DESIGN §4.7: a cookie-authenticated write must come from our own pages. */
export function checkOrigin(request: FastifyRequest, publicOrigin: string): void {
  const origin = request.headers.origin;
  const referer = request.headers.referer;
  const claimed = origin !== undefined ? originOf(origin) : originOf(referer);
  if (claimed !== publicOrigin) throw new AppError('ORIGIN_MISMATCH');
}

export interface AuthenticationDeps {
  sessions: Pick<SessionService, 'resolveSession' | 'resolveToken'>;
  config: Pick<Config, 'publicUrl' | 'sessionHours'>;
}

export function sessionCookieOptions(config: Pick<Config, 'publicUrl' | 'sessionHours'>) {
  return {
    httpOnly: true,
    sameSite: 'lax' as const,
    path: '/',
    secure: config.publicUrl.startsWith('https:'),
    maxAge: config.sessionHours * 3600,
  };
}

export function setSessionCookie(
  reply: FastifyReply,
  secret: string,
  config: AuthenticationDeps['config'],
): void {
  void reply.setCookie(SESSION_COOKIE, secret, sessionCookieOptions(config));
}

export function clearSessionCookie(reply: FastifyReply, config: AuthenticationDeps['config']): void {
  const { maxAge: _maxAge, ...options } = sessionCookieOptions(config);
  void reply.clearCookie(SESSION_COOKIE, options);
}

/**
 * Resolves who is asking, app-wide (fastify-plugin lifts the hook out of encapsulation):
 * a Bearer API token, else the session cookie. A present but unusable credential leaves
 * the request anonymous; routes that need a viewer answer 401.
 */
export function createAuthenticationPlugin(deps: AuthenticationDeps): FastifyPluginAsync {
  const publicOrigin = new URL(deps.config.publicUrl).origin;
  return fp(
    async (app) => {
      await app.register(cookie);
      app.addHook('onRequest', async (request) => {
        const authorization = request.headers.authorization;
        if (authorization !== undefined) {
          // Browsers never attach Authorization on their own, so bearer calls need no Origin.
          const match = BEARER.exec(authorization);
          if (match?.[1]) request.viewer = await deps.sessions.resolveToken(match[1]);
          return;
        }
        const secret = request.cookies[SESSION_COOKIE];
        if (
          !SAFE_METHODS.has(request.method) &&
          (secret !== undefined || request.routeOptions.config.originCheck)
        ) {
          checkOrigin(request, publicOrigin);
        }
        if (!secret || !COOKIE_VALUE.test(secret)) return;
        const resolved = await deps.sessions.resolveSession(secret);
        if (!resolved) return;
        if ('viewer' in resolved) request.viewer = resolved.viewer;
        else pendingEnrolments.set(request, resolved.pending);
      });
    },
    { name: 'cipx-authentication' },
  );
}
