import { Type, type Static } from 'typebox';
import { BilingualName, Locale, OrganizationKind, Role, Uuid } from './common.js';

export const Email = Type.String({ minLength: 3, maxLength: 254, pattern: '^[^\\s@]+@[^\\s@]+$' });
/** NIST SP 800-63B: at least 12 characters here, at most 128, any printable character including spaces. */
export const Password = Type.String({ minLength: 1, maxLength: 128 });
export const TotpCode = Type.String({ pattern: '^[0-9]{6}$' });
export const OneTimeToken = Type.String({ minLength: 16, maxLength: 128, pattern: '^[A-Za-z0-9_-]+$' });

export const SignInBody = Type.Object({
  email: Email,
  password: Password,
  totp: Type.Optional(TotpCode),
  organizationId: Type.Optional(Uuid),
});
export type SignInBody = Static<typeof SignInBody>;

export const MeOrganization = Type.Object({
  id: Uuid,
  slug: Type.String(),
  kind: OrganizationKind,
  name: BilingualName,
});
export type MeOrganization = Static<typeof MeOrganization>;

export const MeMembership = Type.Object({
  id: Uuid,
  slug: Type.String(),
  kind: OrganizationKind,
  name: BilingualName,
  role: Role,
});
export type MeMembership = Static<typeof MeMembership>;

export const Me = Type.Object({
  user: Type.Object({
    id: Uuid,
    email: Type.String(),
    displayName: Type.String(),
    locale: Locale,
    mfaEnabled: Type.Boolean(),
  }),
  organization: MeOrganization,
  role: Role,
  organizations: Type.Array(MeMembership),
  /**
   * True while a privileged person without an authenticator signs in for the first time:
   * only GET /me and /me/totp/* answer until enrolment is confirmed.
   */
  totpEnrolmentRequired: Type.Boolean(),
});
export type Me = Static<typeof Me>;

export const SetLocaleBody = Type.Object({ locale: Locale });
export type SetLocaleBody = Static<typeof SetLocaleBody>;

export const SwitchOrganizationBody = Type.Object({ organizationId: Uuid });
export type SwitchOrganizationBody = Static<typeof SwitchOrganizationBody>;

export const TotpSetup = Type.Object({ secret: Type.String(), otpauthUrl: Type.String() });
export type TotpSetup = Static<typeof TotpSetup>;

export const TotpConfirmBody = Type.Object({ code: TotpCode });
export type TotpConfirmBody = Static<typeof TotpConfirmBody>;

export const InvitationBody = Type.Object({
  email: Email,
  displayName: Type.String({ minLength: 1, maxLength: 200 }),
  organizationId: Uuid,
  role: Role,
  locale: Locale,
});
export type InvitationBody = Static<typeof InvitationBody>;

export const Invitation = Type.Object({
  userId: Uuid,
  email: Type.String(),
  organizationId: Uuid,
  role: Role,
  /** Absent when the person already had a password: they were only given the role and told so. */
  expiresAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type Invitation = Static<typeof Invitation>;

export const AcceptInvitationBody = Type.Object({ token: OneTimeToken, password: Password });
export type AcceptInvitationBody = Static<typeof AcceptInvitationBody>;

export const PasswordResetBody = Type.Object({ email: Email });
export type PasswordResetBody = Static<typeof PasswordResetBody>;

export const PasswordResetCompleteBody = Type.Object({ token: OneTimeToken, password: Password });
export type PasswordResetCompleteBody = Static<typeof PasswordResetCompleteBody>;

/** `area:read` or `area:write`, e.g. reports:write, directory:read, alerts:read. */
export const TokenScope = Type.String({ pattern: '^[a-z][a-z_]*:(read|write)$', maxLength: 64 });

export const ApiToken = Type.Object({
  id: Uuid,
  name: Type.String(),
  organizationId: Uuid,
  scopes: Type.Array(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  expiresAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type ApiToken = Static<typeof ApiToken>;

export const ApiTokenList = Type.Object({ items: Type.Array(ApiToken) });
export type ApiTokenList = Static<typeof ApiTokenList>;

export const CreateApiTokenBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  scopes: Type.Array(TokenScope, { minItems: 1, maxItems: 32, uniqueItems: true }),
  /** Required; at most 366 days ahead. */
  expiresAt: Type.String({ format: 'date-time' }),
});
export type CreateApiTokenBody = Static<typeof CreateApiTokenBody>;

/** The secret is shown once, here, and never again. */
export const CreatedApiToken = Type.Object({ token: ApiToken, secret: Type.String() });
export type CreatedApiToken = Static<typeof CreatedApiToken>;

export const ApiTokenParams = Type.Object({ id: Uuid });
export type ApiTokenParams = Static<typeof ApiTokenParams>;
