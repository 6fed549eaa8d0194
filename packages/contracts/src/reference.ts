import { Type, type Static, type TInteger, type TOptional } from 'typebox';
import { BilingualName, OrganizationKind, Uuid, type MemberCountKind } from './common.js';
import { MEMBER_COUNT_KINDS } from './vocabulary.js';

/**
 * Reference data editions: sectors, ministries, the coordinator and CEPTOARs as
 * the policy of a given date describes them (DOMAIN.md §1, §3).
 */

export const EditionId = Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z0-9][a-z0-9-]*$' });

export const Edition = Type.Object({
  id: Type.String(),
  name: BilingualName,
  asOf: Type.String({ format: 'date' }),
  isCurrent: Type.Boolean(),
});
export type Edition = Static<typeof Edition>;

export const EditionList = Type.Object({ items: Type.Array(Edition) });
export type EditionList = Static<typeof EditionList>;

export const EditionParams = Type.Object({ id: EditionId });
export type EditionParams = Static<typeof EditionParams>;

export const ReferenceOrganization = Type.Object({
  id: Uuid,
  slug: Type.String(),
  kind: OrganizationKind,
  name: BilingualName,
});
export type ReferenceOrganization = Static<typeof ReferenceOrganization>;

/** Counts per kind of member, exactly as the policy's CEPTOAR table states them. */
const memberCountProperties = Object.fromEntries(
  MEMBER_COUNT_KINDS.map((kind) => [kind, Type.Optional(Type.Integer({ minimum: 0 }))]),
) as Record<MemberCountKind, TOptional<TInteger>>;
export const MemberCounts = Type.Object(memberCountProperties, { additionalProperties: false });
export type MemberCounts = Partial<Record<MemberCountKind, number>>;

export const CeptoarEntry = Type.Object({
  organization: ReferenceOrganization,
  service: BilingualName,
  memberCounts: MemberCounts,
  scopeCounts: MemberCounts,
  scopeNote: Type.Union([BilingualName, Type.Null()]),
  /** False where our sources give no count (the Port CEPTOAR). */
  countsKnown: Type.Boolean(),
  /** Organizations in this CEPTOAR in the directory, as members / in the sharing scope. */
  membersInDirectory: Type.Integer({ minimum: 0 }),
  scopeInDirectory: Type.Integer({ minimum: 0 }),
});
export type CeptoarEntry = Static<typeof CeptoarEntry>;

export const SectorEntry = Type.Object({
  code: Type.String(),
  name: BilingualName,
  designatedOn: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
  ministry: ReferenceOrganization,
  ceptoars: Type.Array(CeptoarEntry),
});
export type SectorEntry = Static<typeof SectorEntry>;

export const CouncilEntry = Type.Object({
  organization: ReferenceOrganization,
  members: Type.Array(ReferenceOrganization),
});
export type CouncilEntry = Static<typeof CouncilEntry>;

/** Why an organization appears beside the sectors (the policy's "related organizations, etc."). */
export const RELATED_ROLES = [
  'cybersecurity_ministry',
  'crisis_management',
  'disaster_prevention',
  'cybersecurity_agency',
  'digital_government',
  'privacy_regulator',
  'supporting_agency',
] as const;
export const RelatedRole = Type.Enum(RELATED_ROLES);
export type RelatedRole = Static<typeof RelatedRole>;

export const RelatedOrganization = Type.Object({
  organization: ReferenceOrganization,
  role: RelatedRole,
  roleName: BilingualName,
});
export type RelatedOrganization = Static<typeof RelatedOrganization>;

export const EditionStructure = Type.Object({
  edition: Edition,
  coordinator: ReferenceOrganization,
  sectors: Type.Array(SectorEntry),
  councils: Type.Array(CouncilEntry),
  relatedOrganizations: Type.Array(RelatedOrganization),
});
export type EditionStructure = Static<typeof EditionStructure>;
