// The domain's closed vocabularies, each written once. Plain lists with no TypeBox, so the
// web app can import them at runtime (`@cipx/contracts/vocabulary`) without carrying the
// schema library; the schemas built from them live in common.ts. The database keeps its
// own copies in CHECK constraints, which forward-only migrations cannot share.

/** Every kind of organization the directory holds. */
export const ORGANIZATION_KINDS = [
  'coordinator',
  'ministry',
  'ceptoar',
  'ceptoar_council',
  'liaison_council',
  'operator',
  'supporting_agency',
  'agency',
  'vendor',
] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

/** Roles within one organization, most capable first: a role may do everything the ones after it may. */
export const ROLES = ['admin', 'manager', 'analyst', 'reporter', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** An organization's contact points in the order to call them: whom to try first. */
export const CONTACT_ROLES = ['primary', 'backup', 'duty_24x7'] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];

/** How an organization belongs to a group: as a member, or only within its sharing scope. */
export const MEMBERSHIP_RELATIONS = ['member', 'sharing_scope'] as const;
export type MembershipRelation = (typeof MEMBERSHIP_RELATIONS)[number];

/** Kinds of member a CEPTOAR counts, in the order the policy's CEPTOAR table lists them. */
export const MEMBER_COUNT_KINDS = [
  'companies',
  'communities',
  'organizations',
  'prefectures',
  'local_governments',
  'groups',
  'institutions',
  'units',
  'companies_or_communities',
  'companies_or_organizations',
  'companies_or_institutions',
] as const;
export type MemberCountKind = (typeof MEMBER_COUNT_KINDS)[number];

/** What the directory's CSV import and export handle, one file per kind. */
export const DIRECTORY_CSV_KINDS = ['organizations', 'memberships', 'contacts'] as const;
export type DirectoryCsvKind = (typeof DIRECTORY_CSV_KINDS)[number];

/**
 * TLP 2.0 labels in ascending order of restriction: a relay may move right, never left
 * (DESIGN.md §4.1, DOMAIN.md §6).
 */
export const TLP_LEVELS = ['clear', 'green', 'amber', 'amber+strict', 'red'] as const;
export type Tlp = (typeof TLP_LEVELS)[number];
