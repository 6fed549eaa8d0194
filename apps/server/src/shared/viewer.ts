import type { Locale, MembershipRelation, OrganizationKind, Role } from '@cipx/contracts';

/**
 * Who is asking: a signed-in person (or API token) acting for one organization.
 * Built once per request by identity; every read is filtered through it by `access`.
 */
export interface Viewer {
  via: 'session' | 'token';
  userId: string;
  displayName: string;
  locale: Locale;
  organizationId: string;
  organizationKind: OrganizationKind;
  sectorCode: string | null;
  role: Role;
  /** The groups (CEPTOARs, councils) the acting organization belongs to, and how. */
  communities: readonly { groupId: string; relation: MembershipRelation }[];
  /** API token scopes; sessions carry none and are limited by role alone. */
  scopes: readonly string[] | null;
  sessionIdHash: string | null;
}
