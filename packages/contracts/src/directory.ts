import { Type, type Static } from 'typebox';
import {
  BilingualName,
  ContactRole,
  DirectoryCsvKind,
  MembershipRelation,
  OrganizationKind,
  Uuid,
} from './common.js';

/** The directory: organizations, their group memberships and contact points. */

const NullableString = Type.Union([Type.String(), Type.Null()]);

export const OrganizationSummary = Type.Object({
  id: Uuid,
  slug: Type.String(),
  kind: OrganizationKind,
  name: BilingualName,
  sectorCode: NullableString,
  memberKind: NullableString,
  /** JIS X 0401 prefecture code '01'..'47'. */
  prefectureCode: NullableString,
  /** Demo data with invented names; never a real company. */
  synthetic: Type.Boolean(),
});
export type OrganizationSummary = Static<typeof OrganizationSummary>;

export const Organization = Type.Object({
  ...OrganizationSummary.properties,
  validFrom: NullableString,
  validTo: NullableString,
  updatedAt: Type.String({ format: 'date-time' }),
});
export type Organization = Static<typeof Organization>;

export const OrganizationListQuery = Type.Object({
  /** Part of the Japanese or English name (case-insensitive). */
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  kind: Type.Optional(OrganizationKind),
  sector: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  /** Members of this group (slug or id). */
  group: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  /** With `group`: only members, or only the sharing scope. */
  relation: Type.Optional(MembershipRelation),
  cursor: Type.Optional(Type.String({ maxLength: 512 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
});
export type OrganizationListQuery = Static<typeof OrganizationListQuery>;

export const OrganizationPage = Type.Object({
  items: Type.Array(OrganizationSummary),
  /** Opaque cursor of the next page; absent on the last page. */
  next: Type.Optional(Type.String()),
});
export type OrganizationPage = Static<typeof OrganizationPage>;

export const Contact = Type.Object({
  id: Uuid,
  organizationId: Uuid,
  role: ContactRole,
  name: BilingualName,
  email: NullableString,
  phone: NullableString,
  mobile: NullableString,
  fax: NullableString,
  updatedAt: Type.String({ format: 'date-time' }),
});
export type Contact = Static<typeof Contact>;

export const ContactList = Type.Object({ items: Type.Array(Contact) });
export type ContactList = Static<typeof ContactList>;

const OptionalText = (maxLength: number) =>
  Type.Optional(Type.Union([Type.String({ maxLength }), Type.Null()]));

/** Format checks (e-mail, telephone) are the server's, so CSV import and this body share one rule. */
export const ContactInput = Type.Object(
  {
    nameJa: Type.String({ minLength: 1, maxLength: 200 }),
    nameEn: Type.String({ minLength: 1, maxLength: 200 }),
    email: OptionalText(254),
    phone: OptionalText(40),
    mobile: OptionalText(40),
    fax: OptionalText(40),
  },
  { additionalProperties: false },
);
export type ContactInput = Static<typeof ContactInput>;

export const OrganizationGroup = Type.Object({
  organization: OrganizationSummary,
  relation: MembershipRelation,
});
export type OrganizationGroup = Static<typeof OrganizationGroup>;

export const OrganizationDetail = Type.Object({
  organization: Organization,
  /** The groups (CEPTOARs, councils) this organization belongs to. */
  groups: Type.Array(OrganizationGroup),
  /** Present for group kinds: how many organizations belong, per relation. */
  memberCounts: Type.Optional(
    Type.Object({ member: Type.Integer({ minimum: 0 }), sharingScope: Type.Integer({ minimum: 0 }) }),
  ),
  /** Null when the viewer may see the organization but not its contact points (personal data). */
  contacts: Type.Union([Type.Array(Contact), Type.Null()]),
});
export type OrganizationDetail = Static<typeof OrganizationDetail>;

export const OrganizationParams = Type.Object({ id: Uuid });
export type OrganizationParams = Static<typeof OrganizationParams>;

export const ContactParams = Type.Object({ id: Uuid, role: ContactRole });
export type ContactParams = Static<typeof ContactParams>;

// --- CSV import / export ---------------------------------------------------------

export const DirectoryImportQuery = Type.Object({
  kind: DirectoryCsvKind,
  dryRun: Type.Optional(Type.Boolean({ default: true })),
});
export type DirectoryImportQuery = Static<typeof DirectoryImportQuery>;

/**
 * One problem in an imported file. `row` is the row number a spreadsheet shows:
 * the header is row 1, the first data row is row 2.
 */
export const CsvRowError = Type.Object({
  row: Type.Integer({ minimum: 1 }),
  column: Type.String(),
  code: Type.String(),
  message: BilingualName,
});
export type CsvRowError = Static<typeof CsvRowError>;

export const DirectoryImportResult = Type.Object({
  dryRun: Type.Boolean(),
  kind: DirectoryCsvKind,
  /** Data rows in the file (blank rows are not counted). */
  rows: Type.Integer({ minimum: 0 }),
  created: Type.Integer({ minimum: 0 }),
  updated: Type.Integer({ minimum: 0 }),
  unchanged: Type.Integer({ minimum: 0 }),
  errors: Type.Array(CsvRowError),
});
export type DirectoryImportResult = Static<typeof DirectoryImportResult>;

export const DirectoryExportQuery = Type.Object({
  kind: DirectoryCsvKind,
  /** Only this group's members (slug). */
  group: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
});
export type DirectoryExportQuery = Static<typeof DirectoryExportQuery>;

/** The CSV columns of each kind, in export order; import accepts them in any order. */
export const DIRECTORY_CSV_COLUMNS = {
  organizations: ['slug', 'kind', 'name_ja', 'name_en', 'sector_code', 'member_kind', 'prefecture_code'],
  memberships: ['organization_slug', 'group_slug', 'relation'],
  contacts: ['organization_slug', 'role', 'name_ja', 'name_en', 'email', 'phone', 'mobile', 'fax'],
} as const satisfies Record<DirectoryCsvKind, readonly string[]>;
