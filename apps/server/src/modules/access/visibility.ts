import {
  ORGANIZATION_KINDS,
  TLP_LEVELS,
  type AudienceEntry,
  type OrganizationKind,
  type Tlp,
} from '@cipx/contracts';
import type { Viewer } from '../../shared/viewer.js';

// The visibility policy (DESIGN.md §4.1) as pure rules. `visible-to.ts` states the same
// rules in SQL; a property test keeps the two in agreement, so change both together.

export type { AudienceEntry, Tlp } from '@cipx/contracts';
export { TLP_LEVELS } from '@cipx/contracts';

/** The columns every protected table carries (see README.md), in domain form. */
export interface ProtectedItem {
  tlp: Tlp;
  originatorOrgId: string;
  /** Null for items that came in by machine (federation, import) without a CIPX author. */
  authorUserId: string | null;
  relayOrgId: string | null;
  anonymized: boolean;
  audience: readonly AudienceEntry[];
}

/** The protected columns as a row of any table that follows the convention. */
export interface ProtectedRow {
  tlp: string;
  originator_org_id: string;
  author_user_id: string | null;
  relay_org_id: string | null;
  anonymized: boolean;
  audience: unknown;
}

/** The viewer fields the policy reads; a full `Viewer` fits. */
export type PolicyViewer = Pick<
  Viewer,
  'userId' | 'organizationId' | 'organizationKind' | 'sectorCode' | 'communities'
>;

/**
 * "All CI": every organization that takes part in the CIP system — the coordinator,
 * ministries, CEPTOARs and their councils, operators, CIP supporting agencies and the
 * cybersecurity agencies. Vendors are outside it: GREEN must stay within a named community.
 * Every kind is decided here, so a kind added to the vocabulary cannot widen GREEN unnoticed.
 */
const IN_ALL_CI: Readonly<Record<OrganizationKind, boolean>> = {
  coordinator: true,
  ministry: true,
  ceptoar: true,
  ceptoar_council: true,
  liaison_council: true,
  operator: true,
  supporting_agency: true,
  agency: true,
  vendor: false,
};
export const ALL_CI_KINDS: readonly OrganizationKind[] = ORGANIZATION_KINDS.filter((kind) => IN_ALL_CI[kind]);

export function isAllCi(kind: OrganizationKind): boolean {
  return ALL_CI_KINDS.includes(kind);
}

export function tlpRank(tlp: Tlp): number {
  return TLP_LEVELS.indexOf(tlp);
}

const TLP_ALIASES: Readonly<Record<string, Tlp>> = {
  clear: 'clear',
  white: 'clear',
  green: 'green',
  amber: 'amber',
  'amber+strict': 'amber+strict',
  red: 'red',
};

/** Reads a TLP label as people and peers write it ("TLP:AMBER+STRICT", "white"); null if it is none. */
export function parseTlp(input: string): Tlp | null {
  const label = input
    .trim()
    .toLowerCase()
    .replace(/^tlp:\s*/, '');
  return Object.hasOwn(TLP_ALIASES, label) ? (TLP_ALIASES[label] ?? null) : null;
}

/** The audience kinds each TLP lets count; entries of other kinds grant nothing. */
const KINDS_ALLOWED: Readonly<Record<Tlp, ReadonlySet<AudienceEntry['kind']>>> = {
  red: new Set(['person']),
  'amber+strict': new Set(['person', 'organization']),
  amber: new Set(['person', 'organization', 'community']),
  green: new Set(['person', 'organization', 'community', 'sector', 'all_ci']),
  clear: new Set(['person', 'organization', 'community', 'sector', 'all_ci', 'public']),
};

export function entryCounts(tlp: Tlp, entry: AudienceEntry): boolean {
  if (!KINDS_ALLOWED[tlp].has(entry.kind)) return false;
  // AMBER reaches a community's members only through the group's explicit relay.
  if (tlp === 'amber' && entry.kind === 'community') return entry.relayed === true;
  return true;
}

/** Whether the item's audience entry reaches the viewer, assuming the entry counts under the item's TLP. */
function entryReaches(viewer: PolicyViewer | undefined, tlp: Tlp, entry: AudienceEntry): boolean {
  switch (entry.kind) {
    case 'public':
      return true;
    case 'person':
      return viewer !== undefined && viewer.userId === entry.userId;
    case 'organization':
      return viewer !== undefined && viewer.organizationId === entry.organizationId;
    case 'sector':
      return viewer !== undefined && viewer.sectorCode !== null && viewer.sectorCode === entry.sectorCode;
    case 'all_ci':
      return viewer !== undefined && isAllCi(viewer.organizationKind);
    case 'community': {
      if (viewer === undefined) return false;
      // The group's own organization (its secretariat) belongs to its community.
      if (viewer.organizationId === entry.groupId) return true;
      const scopeCounts = tlp !== 'amber' && entry.includeScope === true;
      return viewer.communities.some(
        (c) =>
          c.groupId === entry.groupId &&
          (c.relation === 'member' || (c.relation === 'sharing_scope' && scopeCounts)),
      );
    }
  }
}

/**
 * Whether the viewer (undefined = not signed in) may see the item. The originator's
 * organization, the author and the relay always see it; anyone else only through an
 * audience entry that the item's TLP lets count.
 */
export function canSee(viewer: PolicyViewer | undefined, item: ProtectedItem): boolean {
  if (viewer !== undefined) {
    if (viewer.organizationId === item.originatorOrgId) return true;
    if (item.authorUserId !== null && viewer.userId === item.authorUserId) return true;
    if (item.relayOrgId !== null && viewer.organizationId === item.relayOrgId) return true;
  }
  return item.audience.some((entry) => entryCounts(item.tlp, entry) && entryReaches(viewer, item.tlp, entry));
}

/** Whether the viewer may know who originated the item (always, unless it is anonymized). */
export function mayKnowOriginator(viewer: PolicyViewer | undefined, item: ProtectedItem): boolean {
  if (!item.anonymized) return true;
  if (viewer === undefined) return false;
  return viewer.organizationId === item.originatorOrgId || viewer.organizationId === item.relayOrgId;
}

/**
 * The organization to show as the item's originator: the real one, or — for an anonymized
 * item seen by anyone but the originator and the relay — the relay. Null when an anonymized
 * item has no relay (there is then nobody that may be named).
 */
export function presentOriginator(viewer: PolicyViewer | undefined, item: ProtectedItem): string | null {
  return mayKnowOriginator(viewer, item) ? item.originatorOrgId : item.relayOrgId;
}

/** RED and AMBER+STRICT items stay with their named recipients. */
export function canRelay(item: Pick<ProtectedItem, 'tlp'>): boolean {
  return item.tlp !== 'red' && item.tlp !== 'amber+strict';
}

export type RelayCheck =
  | { ok: true }
  | { ok: false; reason: 'TLP_FORBIDS_RELAY'; tlp: Tlp }
  | { ok: false; reason: 'TLP_LOWERED'; from: Tlp; to: Tlp }
  | { ok: false; reason: 'AUDIENCE_WIDENED'; entry: AudienceEntry };

// What an audience reaches, as atoms: a relayed entry must be covered by the original's atoms.
type Reach =
  | { kind: 'everyone' }
  | { kind: 'all_ci' }
  | { kind: 'sector'; sectorCode: string }
  | { kind: 'members'; groupId: string }
  | { kind: 'scope'; groupId: string }
  | { kind: 'organization'; organizationId: string }
  | { kind: 'person'; userId: string };

function reachOf(tlp: Tlp, entry: AudienceEntry): Reach[] {
  if (!entryCounts(tlp, entry)) return [];
  switch (entry.kind) {
    case 'public':
      return [{ kind: 'everyone' }];
    case 'all_ci':
      return [{ kind: 'all_ci' }];
    case 'sector':
      return [{ kind: 'sector', sectorCode: entry.sectorCode }];
    case 'organization':
      return [{ kind: 'organization', organizationId: entry.organizationId }];
    case 'person':
      return [{ kind: 'person', userId: entry.userId }];
    case 'community': {
      const members: Reach = { kind: 'members', groupId: entry.groupId };
      return tlp !== 'amber' && entry.includeScope
        ? [members, { kind: 'scope', groupId: entry.groupId }]
        : [members];
    }
  }
}

function sameReach(a: Reach, b: Reach): boolean {
  switch (a.kind) {
    case 'everyone':
    case 'all_ci':
      return b.kind === a.kind;
    case 'sector':
      return b.kind === 'sector' && b.sectorCode === a.sectorCode;
    case 'members':
    case 'scope':
      return b.kind === a.kind && b.groupId === a.groupId;
    case 'organization':
      return b.kind === 'organization' && b.organizationId === a.organizationId;
    case 'person':
      return b.kind === 'person' && b.userId === a.userId;
  }
}

function covered(atom: Reach, by: readonly Reach[]): boolean {
  return by.some((b) => {
    if (b.kind === 'everyone') return true;
    // Membership of sectors and communities is not known here; only "all CI" is wide enough to hold them.
    if (b.kind === 'all_ci' && (atom.kind === 'sector' || atom.kind === 'members')) return true;
    return sameReach(atom, b);
  });
}

/**
 * Checks a relay of `original` as `relayed`: the relay may raise the TLP and narrow the
 * audience, never lower or widen. An organization the original addressed by name may, as
 * the relay (`relayed.relayOrgId`), address its own community: its members (the explicit
 * relay AMBER needs) and, when the original was GREEN or CLEAR, its sharing scope too.
 */
export function checkRelayNarrowing(
  original: Pick<ProtectedItem, 'tlp' | 'audience'>,
  relayed: Pick<ProtectedItem, 'tlp' | 'audience' | 'relayOrgId'>,
): RelayCheck {
  if (!canRelay(original)) return { ok: false, reason: 'TLP_FORBIDS_RELAY', tlp: original.tlp };
  if (tlpRank(relayed.tlp) < tlpRank(original.tlp)) {
    return { ok: false, reason: 'TLP_LOWERED', from: original.tlp, to: relayed.tlp };
  }
  const allowed = original.audience.flatMap((entry) => reachOf(original.tlp, entry));
  const relay = relayed.relayOrgId;
  if (relay !== null && allowed.some((a) => a.kind === 'organization' && a.organizationId === relay)) {
    allowed.push({ kind: 'members', groupId: relay });
    if (original.tlp === 'green' || original.tlp === 'clear') allowed.push({ kind: 'scope', groupId: relay });
  }
  for (const entry of relayed.audience) {
    if (!reachOf(relayed.tlp, entry).every((atom) => covered(atom, allowed))) {
      return { ok: false, reason: 'AUDIENCE_WIDENED', entry };
    }
  }
  return { ok: true };
}

/** Maps a row of any table that follows the column convention to the domain form. */
export function protectedItemFromRow(row: ProtectedRow): ProtectedItem {
  const tlp = parseTlp(row.tlp);
  if (tlp === null) throw new Error(`unknown TLP ${JSON.stringify(row.tlp)} in a protected row`);
  const audience: unknown = typeof row.audience === 'string' ? JSON.parse(row.audience) : row.audience;
  if (!Array.isArray(audience)) throw new Error('audience of a protected row is not an array');
  return {
    tlp,
    originatorOrgId: row.originator_org_id,
    authorUserId: row.author_user_id,
    relayOrgId: row.relay_org_id,
    anonymized: row.anonymized,
    audience: audience as AudienceEntry[],
  };
}
