import type { ContactRole, MembershipRelation, OrganizationKind } from '@cipx/contracts';

/** An organization as the directory keeps it. */
export interface OrganizationRecord {
  id: string;
  slug: string;
  kind: OrganizationKind;
  nameJa: string;
  nameEn: string;
  sectorCode: string | null;
  memberKind: string | null;
  prefectureCode: string | null;
  synthetic: boolean;
  validFrom: string | null;
  validTo: string | null;
  updatedAt: Date;
}

export interface MembershipRecord {
  organizationId: string;
  groupId: string;
  relation: MembershipRelation;
}

export interface ContactFields {
  nameJa: string;
  nameEn: string;
  email: string | null;
  phone: string | null;
  mobile: string | null;
  fax: string | null;
}

export interface ContactRecord extends ContactFields {
  id: string;
  organizationId: string;
  role: ContactRole;
  updatedAt: Date;
}

/**
 * The bodies of the CIP system itself. Who they are is public knowledge (the policy names
 * them), so every signed-in viewer sees them; operators and vendors are not.
 */
export const STRUCTURAL_KINDS: readonly OrganizationKind[] = [
  'coordinator',
  'ministry',
  'ceptoar',
  'ceptoar_council',
  'liaison_council',
  'agency',
  'supporting_agency',
];

/** Kinds whose viewers see every operator and vendor. */
export const OVERSEEING_KINDS: readonly OrganizationKind[] = ['coordinator', 'ministry', 'agency'];

/** Kinds that have members (and may have a sharing scope). */
export const GROUP_KINDS: readonly OrganizationKind[] = [
  'ceptoar',
  'ceptoar_council',
  'liaison_council',
  'supporting_agency',
];

/** Kinds a CEPTOAR secretariat may register for its members. */
export const MEMBER_KINDS: readonly OrganizationKind[] = ['operator', 'vendor'];

export const SLUG = /^[a-z0-9][a-z0-9-]{1,62}$/;
const MEMBER_KIND = /^[a-z][a-z_]{0,39}$/;
// Deliberately simple: one @, no spaces, a dot in the domain. Deliverability is proven by mail, not regex.
const EMAIL = /^[^\s@"<>,;]+@[^\s@"<>,;]+\.[^\s@"<>,;.]+$/;
const PHONE = /^\+?[0-9](?:[0-9 -]*[0-9])?$/;

export function isSlug(value: string): boolean {
  return SLUG.test(value);
}

export function isMemberKind(value: string): boolean {
  return MEMBER_KIND.test(value);
}

/**
 * JIS X 0401 code '01'..'47'. A one-digit value is accepted as its two-digit form because
 * Excel drops the leading zero when a CSV is opened and saved again.
 */
export function normalizePrefecture(value: string): string | undefined {
  if (!/^[0-9]{1,2}$/.test(value)) return undefined;
  const n = Number(value);
  return n >= 1 && n <= 47 ? String(n).padStart(2, '0') : undefined;
}

export function isEmail(value: string): boolean {
  return value.length <= 254 && EMAIL.test(value);
}

/** E.164 (+81 3 1234 5678) or Japanese domestic forms (03-1234-5678, 0120-123-456): 7 to 15 digits. */
export function isPhone(value: string): boolean {
  if (value.length > 40 || !PHONE.test(value)) return false;
  const digits = value.replace(/[^0-9]/g, '').length;
  return digits >= 7 && digits <= 15;
}

export type ContactFieldProblem = { field: keyof ContactFields; code: 'INVALID_EMAIL' | 'INVALID_PHONE' };

/** Format problems of a contact's fields, the same for the API body and CSV rows. */
export function checkContactFields(fields: ContactFields): ContactFieldProblem[] {
  const problems: ContactFieldProblem[] = [];
  if (fields.email !== null && !isEmail(fields.email))
    problems.push({ field: 'email', code: 'INVALID_EMAIL' });
  for (const field of ['phone', 'mobile', 'fax'] as const) {
    const value = fields[field];
    if (value !== null && !isPhone(value)) problems.push({ field, code: 'INVALID_PHONE' });
  }
  return problems;
}

export function sameContactFields(a: ContactFields, b: ContactFields): boolean {
  return (
    a.nameJa === b.nameJa &&
    a.nameEn === b.nameEn &&
    a.email === b.email &&
    a.phone === b.phone &&
    a.mobile === b.mobile &&
    a.fax === b.fax
  );
}
