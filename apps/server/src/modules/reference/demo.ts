import {
  CONTACT_ROLES,
  MEMBER_COUNT_KINDS,
  type BilingualName,
  type ContactRole,
  type MemberCountKind,
  type MembershipRelation,
} from '@cipx/contracts';
import {
  contactIdFor,
  orgIdForSlug,
  type CeptoarCounts,
  type EditionData,
  type MemberCounts,
} from './edition.js';

/**
 * Demo directory: synthetic operators in the real counts of each CEPTOAR's members
 * and sharing scope (DOMAIN.md §1). Real member names are not public and must not be
 * invented, so every name says "Demo" and every address uses the reserved .example TLD.
 * Pure and deterministic: the same edition always yields the same slugs and ids.
 */

interface Stem {
  slug: string;
  ja: string;
  en: string;
  memberKind: string;
}

const stem = (slug: string, ja: string, en: string, memberKind: string): Stem => ({
  slug,
  ja,
  en,
  memberKind,
});

// A "companies and communities" count in the policy is not split further; the demo
// files those operators under the first kind named.
const STEMS: Record<string, Partial<Record<MemberCountKind, Stem>>> = {
  'ceptoar-telecom': {
    companies: stem('telecom', 'デモ通信', 'Demo Telecom', 'company'),
    communities: stem('telecom-association', 'デモ通信団体', 'Demo Telecom Association', 'community'),
    companies_or_communities: stem('telecom', 'デモ通信', 'Demo Telecom', 'company'),
  },
  'ceptoar-cable-tv': {
    companies: stem('cable-tv', 'デモケーブルテレビ', 'Demo Cable TV', 'company'),
    communities: stem(
      'cable-tv-association',
      'デモケーブルテレビ団体',
      'Demo Cable TV Association',
      'community',
    ),
  },
  'ceptoar-broadcasting': {
    companies: stem('broadcaster', 'デモ放送', 'Demo Broadcaster', 'company'),
    communities: stem(
      'broadcasting-association',
      'デモ放送団体',
      'Demo Broadcasting Association',
      'community',
    ),
  },
  'ceptoar-banking': {
    companies: stem('bank', 'デモ銀行', 'Demo Bank', 'company'),
    companies_or_communities: stem('bank', 'デモ銀行', 'Demo Bank', 'company'),
  },
  'ceptoar-securities': {
    companies: stem('securities', 'デモ証券', 'Demo Securities', 'company'),
    organizations: stem(
      'securities-organization',
      'デモ証券関係機関',
      'Demo Securities Organization',
      'organization',
    ),
  },
  'ceptoar-life-insurance': {
    companies: stem('life-insurance', 'デモ生命保険', 'Demo Life Insurance', 'company'),
  },
  'ceptoar-general-insurance': {
    companies: stem('general-insurance', 'デモ損害保険', 'Demo General Insurance', 'company'),
  },
  'ceptoar-payment': {
    companies: stem('payment', 'デモ資金決済', 'Demo Payment Services', 'company'),
  },
  'ceptoar-aviation': {
    companies: stem('airline', 'デモ航空', 'Demo Airline', 'company'),
    communities: stem('aviation-association', 'デモ航空団体', 'Demo Aviation Association', 'community'),
  },
  'ceptoar-airport': {
    companies: stem('airport', 'デモ空港', 'Demo Airport', 'company'),
  },
  'ceptoar-railway': {
    companies: stem('railway', 'デモ鉄道', 'Demo Railway', 'company'),
    communities: stem('railway-association', 'デモ鉄道団体', 'Demo Railway Association', 'community'),
  },
  'ceptoar-electricity': {
    companies: stem('power', 'デモ電力', 'Demo Power', 'company'),
    organizations: stem('power-organization', 'デモ電力関係機関', 'Demo Power Organization', 'organization'),
    companies_or_organizations: stem('power', 'デモ電力', 'Demo Power', 'company'),
  },
  'ceptoar-gas': {
    companies: stem('gas', 'デモガス', 'Demo Gas', 'company'),
    communities: stem('gas-association', 'デモガス団体', 'Demo Gas Association', 'community'),
    companies_or_communities: stem('gas', 'デモガス', 'Demo Gas', 'company'),
  },
  'ceptoar-local-government': {
    prefectures: stem('prefecture', 'デモ都道府県', 'Demo Prefecture', 'prefecture'),
    local_governments: stem('local-government', 'デモ自治体', 'Demo Local Government', 'local_government'),
  },
  'ceptoar-medical': {
    groups: stem('medical-group', 'デモ医療グループ', 'Demo Medical Group', 'group'),
    organizations: stem('medical-organization', 'デモ医療団体', 'Demo Medical Organization', 'organization'),
    companies_or_institutions: stem(
      'medical-institution',
      'デモ医療機関',
      'Demo Medical Institution',
      'institution',
    ),
  },
  'ceptoar-water': {
    units: stem('water-utility', 'デモ水道事業体', 'Demo Water Utility', 'unit'),
  },
  'ceptoar-logistics': {
    companies: stem('logistics', 'デモ物流', 'Demo Logistics', 'company'),
    communities: stem('logistics-association', 'デモ物流団体', 'Demo Logistics Association', 'community'),
  },
  'ceptoar-chemical': {
    companies: stem('chemical', 'デモ化学', 'Demo Chemical', 'company'),
  },
  'ceptoar-credit-card': {
    companies: stem('credit-card', 'デモクレジット', 'Demo Credit Card', 'company'),
  },
  'ceptoar-petroleum': {
    companies: stem('petroleum', 'デモ石油', 'Demo Petroleum', 'company'),
  },
  'ceptoar-port': {
    companies: stem('port-terminal', 'デモ港湾運営', 'Demo Port Terminal Operator', 'company'),
  },
};

/**
 * Synthetic counts for CEPTOARs whose real counts are unknown (countsKnown=false):
 * a small membership so the demo can address them, not a claim about the real body.
 */
export const DEMO_COUNTS_WHEN_UNKNOWN: Readonly<Record<string, CeptoarCounts>> = {
  'ceptoar-port': { members: { companies: 12 }, scope: {} },
};

export interface DemoOrganization {
  id: string;
  slug: string;
  name: BilingualName;
  sectorCode: string;
  memberKind: string;
  prefectureCode: string;
  /** Slug of the CEPTOAR it belongs to, and how. */
  ceptoar: string;
  relation: MembershipRelation;
}

export interface DemoContact {
  id: string;
  organizationId: string;
  role: ContactRole;
  name: BilingualName;
  email: string;
}

export interface DemoPlan {
  organizations: DemoOrganization[];
  contacts: DemoContact[];
}

const CONTACT_LABELS: Record<ContactRole, { local: string; ja: string; en: string }> = {
  primary: { local: 'primary', ja: '主担当者', en: 'primary contact' },
  backup: { local: 'backup', ja: '副担当者', en: 'backup contact' },
  duty_24x7: { local: 'duty-24x7', ja: '24時間窓口', en: '24/7 duty desk' },
};

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** JIS X 0401 code '01'..'47', spread evenly by the (already hashed) organization id. */
function prefectureFor(id: string): string {
  return pad((Number.parseInt(id.slice(0, 8), 16) % 47) + 1, 2);
}

/** The counts the demo seeds for one CEPTOAR profile of an edition. */
export function demoCountsFor(profile: EditionData['ceptoars'][number]): CeptoarCounts {
  if (profile.countsKnown) return { members: profile.memberCounts, scope: profile.scopeCounts };
  const synthetic = DEMO_COUNTS_WHEN_UNKNOWN[profile.ceptoar];
  if (!synthetic) throw new Error(`no demo counts for ${profile.ceptoar}, whose counts are unknown`);
  return synthetic;
}

export function planDemo(edition: EditionData): DemoPlan {
  const organizations: DemoOrganization[] = [];
  const contacts: DemoContact[] = [];
  const numbers = new Map<string, number>();

  const add = (
    ceptoar: string,
    sectorCode: string,
    counts: MemberCounts,
    relation: MembershipRelation,
  ): void => {
    for (const kind of MEMBER_COUNT_KINDS) {
      const count = counts[kind] ?? 0;
      if (count === 0) continue;
      const s = STEMS[ceptoar]?.[kind];
      if (!s) throw new Error(`no demo name stem for ${ceptoar} ${kind}`);
      for (let i = 0; i < count; i++) {
        const n = (numbers.get(s.slug) ?? 0) + 1;
        numbers.set(s.slug, n);
        const number = pad(n, 4);
        const slug = `demo-${s.slug}-${number}`;
        const id = orgIdForSlug(slug);
        const name = { ja: `${s.ja} ${number}`, en: `${s.en} ${number}` };
        organizations.push({
          id,
          slug,
          name,
          sectorCode,
          memberKind: s.memberKind,
          prefectureCode: s.memberKind === 'prefecture' && n <= 47 ? pad(n, 2) : prefectureFor(id),
          ceptoar,
          relation,
        });
        for (const role of CONTACT_ROLES) {
          const label = CONTACT_LABELS[role];
          contacts.push({
            id: contactIdFor(slug, role),
            organizationId: id,
            role,
            name: { ja: `${name.ja} ${label.ja}`, en: `${name.en} ${label.en}` },
            email: `${label.local}@${slug}.example`,
          });
        }
      }
    }
  };

  for (const profile of edition.ceptoars) {
    const counts = demoCountsFor(profile);
    add(profile.ceptoar, profile.sectorCode, counts.members, 'member');
    add(profile.ceptoar, profile.sectorCode, counts.scope, 'sharing_scope');
  }
  return { organizations, contacts };
}
