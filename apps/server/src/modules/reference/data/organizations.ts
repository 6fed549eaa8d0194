import type { CouncilMembershipData, ReferenceOrganizationData } from '../edition.js';

// The bodies of the CIP system, shared by every edition: which of them an edition
// uses (and under which ministry a sector sits) is in the edition files.

const POLICY_2022 = 'policy/cip-policy-2022.txt';
const CEPTOAR_LIST = `${POLICY_2022}, "The list of CEPTOARs" (as of 2022-09-30)`;

type OrgInput = Omit<ReferenceOrganizationData, 'sectorCode' | 'validFrom' | 'validTo' | 'synthetic'> &
  Partial<Pick<ReferenceOrganizationData, 'sectorCode' | 'validFrom' | 'validTo' | 'synthetic'>>;

function org(input: OrgInput): ReferenceOrganizationData {
  return { sectorCode: null, validFrom: null, validTo: null, synthetic: false, ...input };
}

function ceptoar(code: string, sectorCode: string, ja: string, en: string, extra: Partial<OrgInput> = {}) {
  return org({
    slug: `ceptoar-${code}`,
    kind: 'ceptoar',
    name: { ja, en },
    sectorCode,
    source: CEPTOAR_LIST,
    ...extra,
  });
}

export const COORDINATORS: readonly ReferenceOrganizationData[] = [
  org({
    slug: 'nisc',
    kind: 'coordinator',
    name: {
      ja: '内閣サイバーセキュリティセンター（NISC）',
      en: 'National center of Incident readiness and Strategy for Cybersecurity (NISC)',
    },
    validTo: '2025-06-30',
    source: `${POLICY_2022}, "Comprehensive coordination by NISC"; DOMAIN.md §3 (reorganized 2025-07-01)`,
  }),
  org({
    slug: 'nco',
    kind: 'coordinator',
    name: { ja: '国家サイバー統括室（NCO）', en: 'National Cybersecurity Office (NCO)' },
    validFrom: '2025-07-01',
    source: 'DOMAIN.md §3: NISC reorganized into the NCO in the Cabinet Secretariat on 2025-07-01',
  }),
];

const MINISTRIES_SOURCE = `${POLICY_2022}, "Responsible ministries for CIP"`;

export const MINISTRIES: readonly ReferenceOrganizationData[] = [
  org({
    slug: 'fsa',
    kind: 'ministry',
    name: { ja: '金融庁', en: 'Financial Services Agency' },
    source: MINISTRIES_SOURCE,
  }),
  org({
    slug: 'mic',
    kind: 'ministry',
    name: { ja: '総務省', en: 'Ministry of Internal Affairs and Communications' },
    source: MINISTRIES_SOURCE,
  }),
  org({
    slug: 'mhlw',
    kind: 'ministry',
    name: { ja: '厚生労働省', en: 'Ministry of Health, Labour and Welfare' },
    source: MINISTRIES_SOURCE,
  }),
  org({
    slug: 'meti',
    kind: 'ministry',
    name: { ja: '経済産業省', en: 'Ministry of Economy, Trade and Industry' },
    source: MINISTRIES_SOURCE,
  }),
  org({
    slug: 'mlit',
    kind: 'ministry',
    name: { ja: '国土交通省', en: 'Ministry of Land, Infrastructure, Transport and Tourism' },
    source: MINISTRIES_SOURCE,
  }),
];

// Japanese CEPTOAR names follow the policy's English list; the sector codes are DOMAIN.md §1's.
export const CEPTOARS: readonly ReferenceOrganizationData[] = [
  ceptoar('telecom', 'info_comm', 'T-CEPTOAR', 'T-CEPTOAR'),
  ceptoar('cable-tv', 'info_comm', 'ケーブルテレビCEPTOAR', 'Cable TV CEPTOAR'),
  ceptoar('broadcasting', 'info_comm', '放送CEPTOAR', 'Broadcasting CEPTOAR'),
  ceptoar('banking', 'finance', '銀行等CEPTOAR', 'Banking services etc. CEPTOAR'),
  ceptoar('securities', 'finance', '証券CEPTOAR', 'Securities services CEPTOAR'),
  ceptoar('life-insurance', 'finance', '生命保険CEPTOAR', 'Life insurance services CEPTOAR'),
  ceptoar('general-insurance', 'finance', '損害保険CEPTOAR', 'General insurance services CEPTOAR'),
  ceptoar('payment', 'finance', '資金決済CEPTOAR', 'Payment services CEPTOAR'),
  ceptoar('aviation', 'aviation', '航空CEPTOAR', 'Aviation services CEPTOAR'),
  ceptoar('airport', 'airport', '空港CEPTOAR', 'Airport services CEPTOAR'),
  ceptoar('railway', 'railway', '鉄道CEPTOAR', 'Railway services CEPTOAR'),
  ceptoar('electricity', 'electricity', '電力CEPTOAR', 'Electric power supply services CEPTOAR'),
  ceptoar('gas', 'gas', 'ガスCEPTOAR', 'Gas supply services CEPTOAR'),
  ceptoar('local-government', 'government', '自治体CEPTOAR', 'Local government CEPTOAR'),
  ceptoar('medical', 'medical', '医療CEPTOAR', 'Medical services CEPTOAR'),
  ceptoar('water', 'water', '水道CEPTOAR', 'Water supply CEPTOAR'),
  ceptoar('logistics', 'logistics', '物流CEPTOAR', 'Logistics services CEPTOAR'),
  ceptoar('chemical', 'chemical', '化学CEPTOAR', 'Chemical industries CEPTOAR'),
  ceptoar('credit-card', 'credit_card', 'クレジットCEPTOAR', 'Credit card services CEPTOAR'),
  ceptoar('petroleum', 'petroleum', '石油CEPTOAR', 'Petroleum industries CEPTOAR'),
  ceptoar('port', 'port', '港湾CEPTOAR', 'Port CEPTOAR', {
    validFrom: '2024-03-08',
    source: 'DOMAIN.md §3: port designated the 15th sector on 2024-03-08, with a Port CEPTOAR (FY2023)',
  }),
];

export const FINANCE_CEPTOARS = [
  'ceptoar-banking',
  'ceptoar-securities',
  'ceptoar-life-insurance',
  'ceptoar-general-insurance',
  'ceptoar-payment',
] as const;

export const COUNCILS: readonly ReferenceOrganizationData[] = [
  org({
    slug: 'ceptoar-council',
    kind: 'ceptoar_council',
    name: { ja: 'セプターカウンシル', en: 'CEPTOAR Council' },
    validFrom: '2009-02-26',
    source: `${POLICY_2022}, "CEPTOAR council": founded on February 26, 2009`,
  }),
  org({
    slug: 'fin-liaison-council',
    kind: 'liaison_council',
    name: { ja: '金融分野セプター連絡協議会', en: 'Financial service CEPTOAR Liaison Council' },
    sectorCode: 'finance',
    source: CEPTOAR_LIST,
  }),
];

const RELATED_SOURCE = `${POLICY_2022}, "Related organizations, etc."`;

export const RELATED_ORGANIZATIONS: readonly ReferenceOrganizationData[] = [
  org({
    slug: 'npa',
    kind: 'agency',
    name: { ja: '警察庁', en: 'National Police Agency' },
    source: `${RELATED_SOURCE}: crisis management ministries`,
  }),
  org({
    slug: 'mod',
    kind: 'agency',
    name: { ja: '防衛省', en: 'Ministry of Defense' },
    source: `${RELATED_SOURCE}: crisis management ministries`,
  }),
  org({
    slug: 'cabinet-office',
    kind: 'agency',
    name: { ja: '内閣府（防災担当）', en: 'Cabinet Office (Disaster Management)' },
    source: `${RELATED_SOURCE}: disaster prevention related ministries`,
  }),
  org({
    slug: 'nict',
    kind: 'agency',
    name: {
      ja: '国立研究開発法人情報通信研究機構（NICT）',
      en: 'National Institute of Information and Communications Technology (NICT)',
    },
    source: `${RELATED_SOURCE}: cybersecurity related agencies`,
  }),
  org({
    slug: 'ipa',
    kind: 'agency',
    name: { ja: '独立行政法人情報処理推進機構（IPA）', en: 'Information-technology Promotion Agency, Japan (IPA)' },
    source: `${RELATED_SOURCE}: cybersecurity related agencies`,
  }),
  org({
    slug: 'jpcert',
    kind: 'agency',
    name: {
      ja: '一般社団法人JPCERTコーディネーションセンター（JPCERT/CC）',
      en: 'Japan Computer Emergency Response Team Coordination Center (JPCERT/CC)',
    },
    source: `${RELATED_SOURCE}: cybersecurity related agencies`,
  }),
  org({
    slug: 'digital-agency',
    kind: 'agency',
    name: { ja: 'デジタル庁', en: 'Digital Agency' },
    source: `${POLICY_2022}, "Cooperation with Digital Agency"`,
  }),
  org({
    slug: 'ppc',
    kind: 'agency',
    name: { ja: '個人情報保護委員会', en: 'Personal Information Protection Commission' },
    source: 'DOMAIN.md §3: common incident-report forms for every ministry, the police and the PPC',
  }),
  // A stand-in for the relay role the policy names; no real body is implied.
  org({
    slug: 'cip-support-center',
    kind: 'supporting_agency',
    name: { ja: '重要インフラ防護支援機関（CIPX標準）', en: 'CIP Supporting Agency (CIPX default)' },
    synthetic: true,
    source:
      'policy/cip-basic-policy-4th-edition-summary.txt: "sharing thru CEPTOAR Secretariat and/or CIP supporting agencies"',
  }),
];

export const REFERENCE_ORGANIZATIONS: readonly ReferenceOrganizationData[] = [
  ...COORDINATORS,
  ...MINISTRIES,
  ...CEPTOARS,
  ...COUNCILS,
  ...RELATED_ORGANIZATIONS,
];

export const COUNCIL_MEMBERSHIPS: readonly CouncilMembershipData[] = [
  {
    council: 'ceptoar-council',
    members: CEPTOARS.map((c) => c.slug),
    source: `${POLICY_2022}, "CEPTOAR council": representatives from CEPTOARs developed in each sector`,
  },
  {
    council: 'fin-liaison-council',
    members: FINANCE_CEPTOARS,
    source: CEPTOAR_LIST,
  },
];
