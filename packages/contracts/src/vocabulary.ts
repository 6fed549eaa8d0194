// The domain's closed vocabularies, each written once. Plain lists with no TypeBox, so the
// web app can import them at runtime (`@cipx/contracts/vocabulary`) without carrying the
// schema library; the schemas built from them live in common.ts. The database keeps its
// own copies in CHECK constraints, which forward-only migrations cannot share.

/** Every kind of organization the directory holds. */
export const ORGANIZATION_KINDS = [
  'coordinator',
  'ministry',
  'ceptoar',
  'ceptoar_council',
  'liaison_council',
  'operator',
  'supporting_agency',
  'agency',
  'vendor',
] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

/** Roles within one organization, most capable first: a role may do everything the ones after it may. */
export const ROLES = ['admin', 'manager', 'analyst', 'reporter', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** An organization's contact points in the order to call them: whom to try first. */
export const CONTACT_ROLES = ['primary', 'backup', 'duty_24x7'] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];

/** How an organization belongs to a group: as a member, or only within its sharing scope. */
export const MEMBERSHIP_RELATIONS = ['member', 'sharing_scope'] as const;
export type MembershipRelation = (typeof MEMBERSHIP_RELATIONS)[number];

/** Kinds of member a CEPTOAR counts, in the order the policy's CEPTOAR table lists them. */
export const MEMBER_COUNT_KINDS = [
  'companies',
  'communities',
  'organizations',
  'prefectures',
  'local_governments',
  'groups',
  'institutions',
  'units',
  'companies_or_communities',
  'companies_or_organizations',
  'companies_or_institutions',
] as const;
export type MemberCountKind = (typeof MEMBER_COUNT_KINDS)[number];

/** What the directory's CSV import and export handle, one file per kind. */
export const DIRECTORY_CSV_KINDS = ['organizations', 'memberships', 'contacts'] as const;
export type DirectoryCsvKind = (typeof DIRECTORY_CSV_KINDS)[number];

/**
 * TLP 2.0 labels in ascending order of restriction: a relay may move right, never left
 * (DESIGN.md §4.1, DOMAIN.md §6).
 */
export const TLP_LEVELS = ['clear', 'green', 'amber', 'amber+strict', 'red'] as const;
export type Tlp = (typeof TLP_LEVELS)[number];

// --- reports (DOMAIN.md §3–5); the schemas and types are in reports.ts and severity.ts ---

/** 'sign' is 予兆・ヒヤリハット: a sign or near-miss, reported before anything broke. */
export const REPORT_KINDS = ['outage', 'sign', 'vulnerability', 'other'] as const;

/** Cause categories of DOMAIN.md §5 ('human_error' is mismanagement / human error). */
export const REPORT_CAUSES = [
  'cyberattack',
  'human_error',
  'natural_disaster',
  'system_failure',
  'environmental_change',
  'supply_chain',
  'unknown',
] as const;

/** IT, OT (control systems), IoT, cloud. */
export const REPORT_SYSTEMS = ['it', 'ot', 'iot', 'cloud'] as const;

export const SERVICE_IMPACTS = ['none', 'degraded', 'partial_outage', 'full_outage'] as const;

export const REPORT_STATUSES = [
  'draft',
  'submitted',
  'acknowledged',
  'under_analysis',
  'resolved',
  'closed',
] as const;

/**
 * Routes of DOMAIN.md §5, configurations of one hop mechanism: normal (operator → ministry →
 * coordinator), hotline (coordinator, copy to the ministry), anonymized (through a relay that
 * withholds the operator), consent (to a receiving office; on to the coordinator only with consent).
 */
export const REPORT_ROUTES = ['normal', 'hotline', 'anonymized', 'consent'] as const;

/** NISC's severity levels, 0 = no impact … 4 = extremely serious impact. */
export const SEVERITY_LEVELS = [0, 1, 2, 3, 4] as const;

/** The three viewpoints each incident is rated from. */
export const SEVERITY_VIEWPOINTS = ['continuity', 'safety', 'trust'] as const;

/** Whether data was lost, destroyed or leaked. */
export const DATA_LOSS_LEVELS = ['none', 'suspected', 'confirmed'] as const;

/** How widely the media report the incident. */
export const MEDIA_ATTENTION_LEVELS = ['none', 'local', 'national', 'international'] as const;

/** Japan's prefectures with their JIS X 0401 codes, in code order. */
export const PREFECTURES = [
  { code: '01', ja: '北海道', en: 'Hokkaido' },
  { code: '02', ja: '青森県', en: 'Aomori' },
  { code: '03', ja: '岩手県', en: 'Iwate' },
  { code: '04', ja: '宮城県', en: 'Miyagi' },
  { code: '05', ja: '秋田県', en: 'Akita' },
  { code: '06', ja: '山形県', en: 'Yamagata' },
  { code: '07', ja: '福島県', en: 'Fukushima' },
  { code: '08', ja: '茨城県', en: 'Ibaraki' },
  { code: '09', ja: '栃木県', en: 'Tochigi' },
  { code: '10', ja: '群馬県', en: 'Gunma' },
  { code: '11', ja: '埼玉県', en: 'Saitama' },
  { code: '12', ja: '千葉県', en: 'Chiba' },
  { code: '13', ja: '東京都', en: 'Tokyo' },
  { code: '14', ja: '神奈川県', en: 'Kanagawa' },
  { code: '15', ja: '新潟県', en: 'Niigata' },
  { code: '16', ja: '富山県', en: 'Toyama' },
  { code: '17', ja: '石川県', en: 'Ishikawa' },
  { code: '18', ja: '福井県', en: 'Fukui' },
  { code: '19', ja: '山梨県', en: 'Yamanashi' },
  { code: '20', ja: '長野県', en: 'Nagano' },
  { code: '21', ja: '岐阜県', en: 'Gifu' },
  { code: '22', ja: '静岡県', en: 'Shizuoka' },
  { code: '23', ja: '愛知県', en: 'Aichi' },
  { code: '24', ja: '三重県', en: 'Mie' },
  { code: '25', ja: '滋賀県', en: 'Shiga' },
  { code: '26', ja: '京都府', en: 'Kyoto' },
  { code: '27', ja: '大阪府', en: 'Osaka' },
  { code: '28', ja: '兵庫県', en: 'Hyogo' },
  { code: '29', ja: '奈良県', en: 'Nara' },
  { code: '30', ja: '和歌山県', en: 'Wakayama' },
  { code: '31', ja: '鳥取県', en: 'Tottori' },
  { code: '32', ja: '島根県', en: 'Shimane' },
  { code: '33', ja: '岡山県', en: 'Okayama' },
  { code: '34', ja: '広島県', en: 'Hiroshima' },
  { code: '35', ja: '山口県', en: 'Yamaguchi' },
  { code: '36', ja: '徳島県', en: 'Tokushima' },
  { code: '37', ja: '香川県', en: 'Kagawa' },
  { code: '38', ja: '愛媛県', en: 'Ehime' },
  { code: '39', ja: '高知県', en: 'Kochi' },
  { code: '40', ja: '福岡県', en: 'Fukuoka' },
  { code: '41', ja: '佐賀県', en: 'Saga' },
  { code: '42', ja: '長崎県', en: 'Nagasaki' },
  { code: '43', ja: '熊本県', en: 'Kumamoto' },
  { code: '44', ja: '大分県', en: 'Oita' },
  { code: '45', ja: '宮崎県', en: 'Miyazaki' },
  { code: '46', ja: '鹿児島県', en: 'Kagoshima' },
  { code: '47', ja: '沖縄県', en: 'Okinawa' },
] as const;
