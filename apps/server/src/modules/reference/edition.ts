import { createHash } from 'node:crypto';
import type {
  BilingualName,
  ContactRole,
  MemberCountKind,
  MemberCounts,
  OrganizationKind,
  RelatedRole,
} from '@cipx/contracts';

/**
 * Reference data as the policy of a given date describes it. Each data entry names
 * its source in `source`, so a reviewer can check it against the text it came from.
 */

export type { MemberCounts };

/** The counts table a CEPTOAR entry carries: members and the wider sharing scope. */
export interface CeptoarCounts {
  members: MemberCounts;
  scope: MemberCounts;
}

export interface ReferenceOrganizationData {
  slug: string;
  kind: OrganizationKind;
  name: BilingualName;
  sectorCode: string | null;
  validFrom: string | null;
  validTo: string | null;
  /** True for stand-ins that exist in CIPX only (never a real body's name). */
  synthetic: boolean;
  source: string;
}

export interface SectorData {
  code: string;
  name: BilingualName;
  /** Slug of the responsible ministry. */
  ministry: string;
  designatedOn: string | null;
  source: string;
}

export interface CeptoarProfileData {
  /** Slug of the CEPTOAR organization. */
  ceptoar: string;
  sectorCode: string;
  service: BilingualName;
  memberCounts: MemberCounts;
  scopeCounts: MemberCounts;
  scopeNote: BilingualName | null;
  /** False where our sources give no count; the counts are then empty, not zero. */
  countsKnown: boolean;
  source: string;
}

export interface RelatedOrganizationData {
  slug: string;
  role: RelatedRole;
  source: string;
}

export interface EditionData {
  id: string;
  name: BilingualName;
  asOf: string;
  isCurrent: boolean;
  sortOrder: number;
  source: string;
  /** Slug of the coordinating body at `asOf`. */
  coordinator: string;
  sectors: readonly SectorData[];
  ceptoars: readonly CeptoarProfileData[];
  related: readonly RelatedOrganizationData[];
}

export interface CouncilMembershipData {
  council: string;
  members: readonly string[];
  source: string;
}

export const RELATED_ROLE_NAMES: Record<RelatedRole, BilingualName> = {
  cybersecurity_ministry: { ja: 'サイバーセキュリティ関係省庁', en: 'Cybersecurity-related ministry' },
  crisis_management: { ja: '事態対処省庁', en: 'Crisis-management ministry' },
  disaster_prevention: { ja: '防災関係府省庁', en: 'Disaster-prevention ministry' },
  cybersecurity_agency: { ja: 'サイバーセキュリティ関係機関', en: 'Cybersecurity-related agency' },
  digital_government: { ja: 'デジタル政府', en: 'Digital government' },
  privacy_regulator: { ja: '個人情報保護当局', en: 'Personal-information regulator' },
  supporting_agency: { ja: '重要インフラ防護支援機関', en: 'CIP supporting agency' },
};

/** The number of organizations a counts object describes, over all kinds. */
export function totalCount(counts: MemberCounts): number {
  let total = 0;
  for (const value of Object.values(counts)) total += value ?? 0;
  return total;
}

export function countsOf(counts: MemberCounts, kind: MemberCountKind): number {
  return counts[kind] ?? 0;
}

// Fixed namespaces: changing either would change every seeded id.
const ORGANIZATION_NAMESPACE = '191313b3-5f10-408c-bbef-b1b637126705';
const CONTACT_NAMESPACE = 'ca0fcd95-df06-4665-b25e-d277f33c91f6';

/** RFC 9562 name-based UUID (version 5, SHA-1). */
export function uuidV5(namespace: string, name: string): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The id of a seeded organization (reference or demo), derived from its slug
 * (UUID v5), so every run, module and test refers to the same organization.
 */
export function orgIdForSlug(slug: string): string {
  return uuidV5(ORGANIZATION_NAMESPACE, slug);
}

/** The id of a seeded contact of an organization in a given role. */
export function contactIdFor(organizationSlug: string, role: ContactRole): string {
  return uuidV5(CONTACT_NAMESPACE, `${organizationSlug}/${role}`);
}

/** Whether an organization with these validity dates existed on `date` (ISO dates compare as text). */
export function validOn(date: string, validFrom: string | null, validTo: string | null): boolean {
  return (validFrom === null || validFrom <= date) && (validTo === null || date <= validTo);
}
