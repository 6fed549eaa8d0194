/**
 * The API's shapes, from @cipx/contracts (types only: the web bundle does not carry
 * TypeBox). The few constant lists the UI iterates over are checked against them here.
 */
import type {
  ContactRole,
  DirectoryCsvKind,
  MemberCountKind,
  OrganizationKind,
  UserRole,
} from '@cipx/contracts';

export type {
  BilingualName,
  CeptoarEntry,
  Contact,
  ContactRole,
  CouncilEntry,
  CsvRowError,
  DirectoryCsvKind,
  DirectoryImportResult,
  Edition,
  EditionList,
  EditionStructure,
  FieldError,
  Locale,
  Me,
  MemberCountKind,
  MemberCounts,
  MembershipRelation,
  OrganizationDetail,
  OrganizationKind,
  OrganizationPage,
  OrganizationSummary,
  Problem,
  ReferenceOrganization,
  RelatedOrganization,
  SectorEntry,
  SignInBody,
  TotpSetup,
  UserRole,
} from '@cipx/contracts';

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
] as const satisfies readonly OrganizationKind[];

export const USER_ROLES = [
  'admin',
  'manager',
  'analyst',
  'reporter',
  'viewer',
] as const satisfies readonly UserRole[];

/** In the order the policy's CEPTOAR table lists them. */
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
] as const satisfies readonly MemberCountKind[];

export const CONTACT_ROLES = ['primary', 'backup', 'duty_24x7'] as const satisfies readonly ContactRole[];

export const IMPORT_KINDS = [
  'organizations',
  'memberships',
  'contacts',
] as const satisfies readonly DirectoryCsvKind[];
