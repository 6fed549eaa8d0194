import {
  CISS_LEVELS,
  CISS_SIGNIFICANT_FROM,
  SEVERITY_LEVELS,
  type CissLevel,
  type FieldError,
  type OrganizationKind,
  type Role,
  type SeverityBasis,
  type SeverityLevel,
  type SeverityMappingEntry,
  type SeverityRaterRole,
} from '@cipx/contracts';
import { roleAtLeast } from '../identity/index.js';

// The severity scale as pure rules (DOMAIN.md §4): overall = the highest viewpoint, which
// rating counts as the report's current one, who may rate in which capacity, and the NISC →
// CISS mapping. No I/O here.

export interface ViewpointLevels {
  continuity: SeverityLevel;
  safety: SeverityLevel;
  trust: SeverityLevel;
}

/** Overall = the highest of the three viewpoints (NISC's rule). */
export function overallOf(levels: ViewpointLevels): SeverityLevel {
  return Math.max(levels.continuity, levels.safety, levels.trust) as SeverityLevel;
}

export function isSeverityLevel(value: number): value is SeverityLevel {
  return (SEVERITY_LEVELS as readonly number[]).includes(value);
}

export function isCissLevel(value: number): value is CissLevel {
  return (CISS_LEVELS as readonly number[]).includes(value);
}

export function isCissSignificant(level: CissLevel): boolean {
  return level >= CISS_SIGNIFICANT_FROM;
}

export interface SeverityMappingData {
  edition: string;
  entries: SeverityMappingEntry[];
  source: string;
  note: { ja: string; en: string };
}

/**
 * CIPX's default NISC → CISS mapping, level for level. Neither NISC nor CISA publishes a
 * mapping between the two scales; this one is CIPX's, shipped so both values can be stored
 * from the first rating, and the coordinator's administrators may replace it (a new version).
 * CISS 5 (Emergency: an imminent threat to wide-scale CI services, to government stability
 * or to lives) has no separate NISC level; by default NISC 4 (Crisis) maps to CISS 4 (Severe).
 */
export const DEFAULT_SEVERITY_MAPPING: SeverityMappingData = {
  edition: 'CIPX default 2026',
  entries: [
    { nisc: 0, ciss: 0 },
    { nisc: 1, ciss: 1 },
    { nisc: 2, ciss: 2 },
    { nisc: 3, ciss: 3 },
    { nisc: 4, ciss: 4 },
  ],
  source:
    'NISC, 重要インフラサービス障害等の深刻度評価基準 (first edition, 2018-07-25), levels 0–4; ' +
    'US Cyber Incident Severity Schema (the White House, 2016, with PPD-41), levels 0–5. ' +
    'The correspondence between them is CIPX’s default, not an official mapping.',
  note: {
    ja: 'CIPX が既定として用意した対応表であり、NISC または CISA の公式な対応付けではありません。CISS 5（Emergency）に相当する NISC の段階はないため、既定では深刻度4（危機）を CISS 4（Severe）に対応させています。',
    en: 'CIPX’s default correspondence, not an official NISC or CISA mapping. NISC has no level matching CISS 5 (Emergency), so by default level 4 (Crisis) maps to CISS 4 (Severe).',
  },
};

/** The CISS level recorded beside a NISC level under `entries`. */
export function mapToCiss(level: SeverityLevel, entries: readonly SeverityMappingEntry[]): CissLevel {
  const entry = entries.find((e) => e.nisc === level);
  if (!entry || !isCissLevel(entry.ciss)) throw new Error(`severity mapping lacks NISC level ${level}`);
  return entry.ciss;
}

/**
 * A mapping must name every NISC level exactly once, and a higher NISC level may never map to
 * a lower CISS level (that would let a worse incident look less significant abroad).
 */
export function checkMapping(entries: readonly SeverityMappingEntry[]): FieldError[] {
  const errors: FieldError[] = [];
  for (const level of SEVERITY_LEVELS) {
    const count = entries.filter((e) => e.nisc === level).length;
    if (count !== 1) {
      errors.push({
        field: '/body/entries',
        code: count === 0 ? 'MISSING_LEVEL' : 'DUPLICATE_LEVEL',
        message: `NISC level ${level} must appear exactly once`,
      });
    }
  }
  if (errors.length > 0) return errors;
  const sorted = [...entries].sort((a, b) => a.nisc - b.nisc);
  sorted.forEach((entry, i) => {
    const previous = sorted[i - 1];
    if (previous && entry.ciss < previous.ciss) {
      errors.push({
        field: `/body/entries/${entries.indexOf(entry)}/ciss`,
        code: 'NOT_MONOTONE',
        message: `NISC level ${entry.nisc} may not map below the CISS level of NISC level ${previous.nisc}`,
      });
    }
  });
  return errors;
}

export interface RatingFacts {
  id: string;
  basis: SeverityBasis;
  overall: SeverityLevel;
  createdAt: Date;
}

/**
 * The rating a report's lists filter on: the latest final rating (the coordinator's, after
 * the fact) wins over every provisional one; without one, the latest provisional rating.
 * Ties in time go to the later-listed rating, so callers pass ratings in insertion order.
 */
export function currentRating<T extends RatingFacts>(ratings: readonly T[]): T | undefined {
  const latest = (basis: SeverityBasis) =>
    ratings.reduce<T | undefined>(
      (best, r) => (r.basis === basis && (!best || r.createdAt >= best.createdAt) ? r : best),
      undefined,
    );
  return latest('final') ?? latest('provisional');
}

export interface RaterViewer {
  organizationId: string;
  organizationKind: OrganizationKind;
  role: Role;
}

export interface RatedReport {
  originatorOrgId: string;
}

/**
 * In which capacity the viewer rates a report, or null if they may not rate it at all.
 * The reporter's organization rates (reporter role or above) as the reporter; ministries,
 * CEPTOARs and the coordinator rate through their analysts (analyst or above). Whether the
 * viewer may see the report at all is the access policy's question, asked before this.
 */
export function raterRoleFor(viewer: RaterViewer, report: RatedReport): SeverityRaterRole | null {
  if (viewer.organizationId === report.originatorOrgId) {
    return roleAtLeast(viewer.role, 'reporter') ? 'reporter' : null;
  }
  if (!roleAtLeast(viewer.role, 'analyst')) return null;
  switch (viewer.organizationKind) {
    case 'coordinator':
      return 'coordinator';
    case 'ministry':
      return 'ministry';
    case 'ceptoar':
      return 'ceptoar';
    case 'ceptoar_council':
    case 'liaison_council':
    case 'operator':
    case 'supporting_agency':
    case 'agency':
    case 'vendor':
      return null;
  }
}

/**
 * Provisional ratings come from any rater; the final rating only from the coordinator's
 * analysts and above (also on a report the coordinator filed itself).
 */
export function mayRate(
  viewer: RaterViewer,
  report: RatedReport,
  basis: SeverityBasis,
): SeverityRaterRole | null {
  if (basis === 'final') {
    return viewer.organizationKind === 'coordinator' && roleAtLeast(viewer.role, 'analyst')
      ? 'coordinator'
      : null;
  }
  return raterRoleFor(viewer, report);
}
