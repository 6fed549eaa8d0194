import type { CeptoarProfileData, EditionData, SectorData } from '../edition.js';
import { CEPTOARS_2022, POLICY_2022, SECTORS_2022 } from './policy-2022.js';

// The "current" edition: the 2022 edition with the changes DOMAIN.md §3 lists since.
// CEPTOAR counts stay those of 2022 (no newer published figures in our sources).

const WATER_MOVE = 'DOMAIN.md §3: water supply administration moved from MHLW to MLIT (April 2024)';
const PORT = 'DOMAIN.md §3: port (container-terminal operation) designated the 15th sector on 2024-03-08';

const SECTORS_CURRENT: readonly SectorData[] = [
  ...SECTORS_2022.map((s) => (s.code === 'water' ? { ...s, ministry: 'mlit', source: WATER_MOVE } : s)),
  {
    code: 'port',
    name: { ja: '港湾', en: 'Port' },
    ministry: 'mlit',
    designatedOn: '2024-03-08',
    source: PORT,
  },
];

const CEPTOARS_CURRENT: readonly CeptoarProfileData[] = [
  ...CEPTOARS_2022,
  {
    ceptoar: 'ceptoar-port',
    sectorCode: 'port',
    service: { ja: '港湾（コンテナターミナル運営）', en: 'Port (container-terminal operation)' },
    // Our sources give no member count for the Port CEPTOAR: unknown, not zero.
    memberCounts: {},
    scopeCounts: {},
    scopeNote: null,
    countsKnown: false,
    source: `${PORT}; 21 CEPTOARs in 15 sectors (FY2023); count not in our sources`,
  },
];

export const CURRENT: EditionData = {
  id: 'current',
  name: { ja: '現行版（2025年7月1日以降）', en: 'Current (from 2025-07-01)' },
  asOf: '2025-07-01',
  isCurrent: true,
  sortOrder: 2,
  source:
    'policy/cip-policy-2022.txt with the changes in DOMAIN.md §3: port sector (2024-03-08), water under MLIT (April 2024), NCO (2025-07-01)',
  coordinator: 'nco',
  sectors: SECTORS_CURRENT,
  ceptoars: CEPTOARS_CURRENT,
  related: [
    ...POLICY_2022.related,
    {
      slug: 'ppc',
      role: 'privacy_regulator',
      source: 'DOMAIN.md §3: common incident-report forms for every ministry, the police and the PPC',
    },
  ],
};
