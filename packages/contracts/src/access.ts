import { Type, type Static } from 'typebox';
import { Uuid } from './common.js';
import { TLP_LEVELS } from './vocabulary.js';

// Marking and audience of every protected item (DESIGN.md §4.1, DOMAIN.md §6). The TLP's own
// schema sits with the other vocabularies in common.ts.

/** What clients may send: the five labels, plus TLP 1.0's `white` as an alias of `clear`. */
export const TlpInput = Type.Enum([...TLP_LEVELS, 'white'] as const);
export type TlpInput = Static<typeof TlpInput>;

export const PersonAudience = Type.Object(
  { kind: Type.Literal('person'), userId: Uuid },
  { additionalProperties: false },
);
export type PersonAudience = Static<typeof PersonAudience>;

export const OrganizationAudience = Type.Object(
  { kind: Type.Literal('organization'), organizationId: Uuid },
  { additionalProperties: false },
);
export type OrganizationAudience = Static<typeof OrganizationAudience>;

/**
 * A group's community (a CEPTOAR's members, a council's members). `includeScope` adds the
 * group's sharing scope (GREEN and CLEAR only); `relayed` marks the group's explicit relay
 * action, the only way AMBER reaches the group's members.
 */
export const CommunityAudience = Type.Object(
  {
    kind: Type.Literal('community'),
    groupId: Uuid,
    includeScope: Type.Boolean(),
    relayed: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type CommunityAudience = Static<typeof CommunityAudience>;

export const SectorAudience = Type.Object(
  { kind: Type.Literal('sector'), sectorCode: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);
export type SectorAudience = Static<typeof SectorAudience>;

export const AllCiAudience = Type.Object({ kind: Type.Literal('all_ci') }, { additionalProperties: false });
export type AllCiAudience = Static<typeof AllCiAudience>;

export const PublicAudience = Type.Object({ kind: Type.Literal('public') }, { additionalProperties: false });
export type PublicAudience = Static<typeof PublicAudience>;

export const AudienceEntry = Type.Union([
  PersonAudience,
  OrganizationAudience,
  CommunityAudience,
  SectorAudience,
  AllCiAudience,
  PublicAudience,
]);
export type AudienceEntry =
  PersonAudience | OrganizationAudience | CommunityAudience | SectorAudience | AllCiAudience | PublicAudience;

export const AUDIENCE_KINDS = ['person', 'organization', 'community', 'sector', 'all_ci', 'public'] as const;
export type AudienceKind = AudienceEntry['kind'];

export const Audience = Type.Array(AudienceEntry, { maxItems: 500 });
export type Audience = AudienceEntry[];
