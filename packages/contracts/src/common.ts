import { Type, type Static } from 'typebox';
import {
  CONTACT_ROLES,
  DIRECTORY_CSV_KINDS,
  MEMBER_COUNT_KINDS,
  MEMBERSHIP_RELATIONS,
  ORGANIZATION_KINDS,
  ROLES,
  TLP_LEVELS,
} from './vocabulary.js';

export const LOCALES = ['ja', 'en'] as const;
export const Locale = Type.Union([Type.Literal('ja'), Type.Literal('en')]);
export type Locale = Static<typeof Locale>;

/** A name in both languages; every person-facing label in CIPX carries both. */
export const BilingualName = Type.Object({ ja: Type.String(), en: Type.String() });
export type BilingualName = Static<typeof BilingualName>;

export const Uuid = Type.String({ format: 'uuid' });

export const Health = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
  version: Type.String(),
  database: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]),
  role: Type.String(),
});
export type Health = Static<typeof Health>;

/** Opaque cursor pagination; `next` is absent on the last page. */
export const PageQuery = Type.Object({
  cursor: Type.Optional(Type.String({ maxLength: 512 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
});
export type PageQuery = Static<typeof PageQuery>;

// --- the vocabularies (vocabulary.ts) as schemas ---------------------------------

export const OrganizationKind = Type.Enum(ORGANIZATION_KINDS);
export type OrganizationKind = Static<typeof OrganizationKind>;

export const Role = Type.Enum(ROLES);
export type Role = Static<typeof Role>;

export const ContactRole = Type.Enum(CONTACT_ROLES);
export type ContactRole = Static<typeof ContactRole>;

export const MembershipRelation = Type.Enum(MEMBERSHIP_RELATIONS);
export type MembershipRelation = Static<typeof MembershipRelation>;

export const MemberCountKind = Type.Enum(MEMBER_COUNT_KINDS);
export type MemberCountKind = Static<typeof MemberCountKind>;

export const DirectoryCsvKind = Type.Enum(DIRECTORY_CSV_KINDS);
export type DirectoryCsvKind = Static<typeof DirectoryCsvKind>;

export const Tlp = Type.Enum(TLP_LEVELS);
export type Tlp = Static<typeof Tlp>;
