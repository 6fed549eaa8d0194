import type { FastifyPluginAsync } from 'fastify';
import type { Platform } from '../../container.js';
import type { JobHandlers } from '../../platform/jobs/outbox.js';
import type { RecordRequest } from '../audit/index.js';
import { createApiTokenService, type ApiTokenService } from './api-tokens.service.js';
import { authRoutes } from './auth.routes.js';
import { createAuthenticationPlugin } from './authentication.plugin.js';
import { createIdentityJobs } from './identity.jobs.js';
import { invitationRoutes } from './invitations.routes.js';
import { createInvitationService, type InvitationService } from './invitations.service.js';
import { meRoutes } from './me.routes.js';
import { createSessionService, type SessionService } from './sessions.service.js';
import { tokenRoutes } from './tokens.routes.js';

export { authorize, requireViewer, roleAtLeast, type Requirement } from './guards.js';
export { issueApiToken, type IssueApiTokenInput } from './api-tokens.service.js';
export { createSession, type NewSessionInput } from './sessions.service.js';
export {
  assertPasswordAllowed,
  createUser,
  grantRole,
  hashPassword,
  type CreateUserInput,
  type CreatedUser,
} from './users.service.js';
export { checkPassword, type PasswordProblem } from './password.js';
export { currentTotp, otpauthUrl } from './totp.js';
export { IDENTITY_JOBS } from './identity.jobs.js';
export { SESSION_COOKIE } from './authentication.plugin.js';
export { isPrivileged, type RoleGrant, type User } from './user.js';

export interface IdentityModule {
  /** App-wide authentication hook (fastify-plugin): sets request.viewer, checks Origin. */
  authentication: FastifyPluginAsync;
  routes: FastifyPluginAsync;
  sessions: SessionService;
  invitations: InvitationService;
  tokens: ApiTokenService;
  /** Outbox handlers for the mails identity sends. */
  jobs: JobHandlers;
}

export function createIdentityModule(
  deps: Pick<Platform, 'config' | 'clock' | 'mailer'> & {
    db: Platform['database']['db'];
    /** Sign-ins, failed sign-ins, sign-outs and password resets are audited. */
    audit: RecordRequest;
  },
): IdentityModule {
  const { db, clock, config, mailer, audit } = deps;
  const sessions = createSessionService({ db, clock, config });
  const invitations = createInvitationService({ db, clock });
  const tokens = createApiTokenService({ db, clock });
  const routes: FastifyPluginAsync = async (app) => {
    await app.register(authRoutes({ sessions, invitations, config, audit }));
    await app.register(meRoutes(sessions));
    await app.register(invitationRoutes(invitations));
    await app.register(tokenRoutes(tokens));
  };
  return {
    authentication: createAuthenticationPlugin({ sessions, config }),
    routes,
    sessions,
    invitations,
    tokens,
    jobs: createIdentityJobs({ db, mailer, config }),
  };
}
