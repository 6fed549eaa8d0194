/**
 * The API's shapes, from @cipx/contracts (types only: the web bundle does not carry
 * TypeBox). The lists the UI iterates over come from the vocabulary subpath, which has no
 * TypeBox import either.
 */
export {
  CONTACT_ROLES,
  DIRECTORY_CSV_KINDS,
  MEMBER_COUNT_KINDS,
  ORGANIZATION_KINDS,
} from '@cipx/contracts/vocabulary';

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
  Role,
  SectorEntry,
  SignInBody,
  TotpSetup,
} from '@cipx/contracts';
