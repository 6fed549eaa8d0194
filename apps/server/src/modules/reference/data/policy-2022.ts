import type { CeptoarProfileData, EditionData, MemberCounts, SectorData } from '../edition.js';

// The "2022 policy" edition: the Cybersecurity Policy for CIP as of 2022-09-30.
// Sectors and ministries from "Responsible ministries for CIP" and "Critical
// Infrastructure (14 sectors in total)"; CEPTOARs and their counts from "The list
// of CEPTOARs" (policy/cip-policy-2022.txt; DOMAIN.md §1 restates both tables).

const POLICY = 'policy/cip-policy-2022.txt';
const SECTORS_SOURCE = `${POLICY}, "Responsible ministries for CIP" / "Critical Infrastructure (14 sectors in total)"`;
const CEPTOAR_LIST = `${POLICY}, "The list of CEPTOARs" (as of 2022-09-30)`;

function sector(code: string, ja: string, en: string, ministry: string): SectorData {
  return { code, name: { ja, en }, ministry, designatedOn: null, source: SECTORS_SOURCE };
}

export const SECTORS_2022: readonly SectorData[] = [
  sector('info_comm', '情報通信', 'Information & communication', 'mic'),
  sector('finance', '金融', 'Finance', 'fsa'),
  sector('aviation', '航空', 'Aviation', 'mlit'),
  sector('airport', '空港', 'Airport', 'mlit'),
  sector('railway', '鉄道', 'Railway', 'mlit'),
  sector('electricity', '電力', 'Electric power supply', 'meti'),
  sector('gas', 'ガス', 'Gas supply', 'meti'),
  sector('government', '政府・行政サービス', 'Government & administration', 'mic'),
  sector('medical', '医療', 'Medical', 'mhlw'),
  sector('water', '水道', 'Water', 'mhlw'),
  sector('logistics', '物流', 'Logistics', 'mlit'),
  sector('chemical', '化学', 'Chemical industries', 'meti'),
  sector('credit_card', 'クレジット', 'Credit card', 'meti'),
  sector('petroleum', '石油', 'Petroleum industries', 'meti'),
];

function profile(
  ceptoar: string,
  sectorCode: string,
  service: [ja: string, en: string],
  memberCounts: MemberCounts,
  scopeCounts: MemberCounts = {},
  scopeNote: CeptoarProfileData['scopeNote'] = null,
): CeptoarProfileData {
  return {
    ceptoar: `ceptoar-${ceptoar}`,
    sectorCode,
    service: { ja: service[0], en: service[1] },
    memberCounts,
    scopeCounts,
    scopeNote,
    countsKnown: true,
    source: CEPTOAR_LIST,
  };
}

// Row "Member" and row "Sharing Scope of info from NISC (Except member)"; "—" is {}.
export const CEPTOARS_2022: readonly CeptoarProfileData[] = [
  profile('telecom', 'info_comm', ['電気通信', 'Telecommunication'], { companies: 28, communities: 1 }, {
    companies_or_communities: 412,
  }),
  profile(
    'cable-tv',
    'info_comm',
    ['電気通信（ケーブルテレビ）', 'Telecommunication (cable)'],
    { companies: 310, communities: 1 },
    { companies: 340 },
  ),
  profile('broadcasting', 'info_comm', ['放送', 'Broadcasting'], { companies: 194, communities: 2 }, {
    companies: 11,
  }),
  profile('banking', 'finance', ['銀行等', 'Banking'], { companies: 1285 }, { companies_or_communities: 2 }),
  profile('securities', 'finance', ['証券', 'Securities'], { companies: 282, organizations: 7 }),
  profile('life-insurance', 'finance', ['生命保険', 'Life insurance'], { companies: 42 }),
  profile('general-insurance', 'finance', ['損害保険', 'General insurance'], { companies: 47 }),
  profile('payment', 'finance', ['資金決済', 'Payment'], { companies: 217 }, { companies: 9 }),
  profile('aviation', 'aviation', ['航空', 'Aviation'], { companies: 14, communities: 1 }),
  profile('airport', 'airport', ['空港', 'Airport'], { companies: 8 }),
  profile('railway', 'railway', ['鉄道', 'Railway'], { companies: 22, communities: 1 }),
  profile(
    'electricity',
    'electricity',
    ['電力供給', 'Electric power supply'],
    { companies: 24, organizations: 4 },
    { companies_or_organizations: 15 },
  ),
  profile('gas', 'gas', ['ガス供給', 'Gas supply'], { companies: 12, communities: 1 }, {
    companies_or_communities: 196,
  }),
  profile('local-government', 'government', ['政府・行政サービス（地方公共団体）', 'Government & administration'], {
    prefectures: 47,
    local_governments: 1741,
  }),
  profile('medical', 'medical', ['医療', 'Medical'], { groups: 1, organizations: 21 }, {
    companies_or_institutions: 391,
  }),
  profile(
    'water',
    'water',
    ['水道', 'Water'],
    { units: 8 },
    { units: 1324 },
    { ja: '必要に応じて最大1,324事業体に展開', en: 'up to 1,324 business units as needed' },
  ),
  profile('logistics', 'logistics', ['物流', 'Logistics'], { companies: 17, communities: 6 }),
  profile('chemical', 'chemical', ['化学', 'Chemical industries'], { companies: 13 }),
  profile('credit-card', 'credit_card', ['クレジット', 'Credit card'], { companies: 51 }),
  profile('petroleum', 'petroleum', ['石油', 'Petroleum industries'], { companies: 11 }),
];

const RELATED = `${POLICY}, "Related organizations, etc."`;

export const POLICY_2022: EditionData = {
  id: 'policy-2022',
  name: { ja: '2022年版 重要インフラのサイバーセキュリティに係る行動計画', en: '2022 policy' },
  asOf: '2022-09-30',
  isCurrent: false,
  sortOrder: 1,
  source: `${POLICY} (Cybersecurity Policy for Critical Infrastructure Protection, CEPTOAR list as of 2022-09-30)`,
  coordinator: 'nisc',
  sectors: SECTORS_2022,
  ceptoars: CEPTOARS_2022,
  related: [
    { slug: 'mic', role: 'cybersecurity_ministry', source: RELATED },
    { slug: 'meti', role: 'cybersecurity_ministry', source: RELATED },
    { slug: 'npa', role: 'crisis_management', source: RELATED },
    { slug: 'mod', role: 'crisis_management', source: RELATED },
    { slug: 'cabinet-office', role: 'disaster_prevention', source: RELATED },
    { slug: 'nict', role: 'cybersecurity_agency', source: RELATED },
    { slug: 'ipa', role: 'cybersecurity_agency', source: RELATED },
    { slug: 'jpcert', role: 'cybersecurity_agency', source: RELATED },
    { slug: 'digital-agency', role: 'digital_government', source: `${POLICY}, "Cooperation with Digital Agency"` },
    {
      slug: 'cip-support-center',
      role: 'supporting_agency',
      source:
        'policy/cip-basic-policy-4th-edition-summary.txt: "sharing thru CEPTOAR Secretariat and/or CIP supporting agencies"',
    },
  ],
};
