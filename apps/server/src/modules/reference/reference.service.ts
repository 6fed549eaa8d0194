import type {
  CeptoarEntry,
  CouncilEntry,
  Edition,
  EditionStructure,
  RelatedOrganization,
} from '@cipx/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/tables.js';
import { AppError } from '../../shared/app-error.js';
import { RELATED_ROLE_NAMES, validOn } from './edition.js';
import {
  countMembershipsByGroup,
  findEdition,
  listCeptoarProfiles,
  listCouncils,
  listEditionOrganizations,
  listEditions,
  listGroupMembers,
  listSectors,
  type EditionRecord,
} from './reference.repository.js';

export interface ReferenceService {
  listEditions(): Promise<Edition[]>;
  /** The edition's sectors, ministries, CEPTOARs and councils; EDITION_NOT_FOUND if unknown. */
  getStructure(editionId: string): Promise<EditionStructure>;
}

const toEdition = (e: EditionRecord): Edition => ({
  id: e.id,
  name: e.name,
  asOf: e.asOf,
  isCurrent: e.isCurrent,
});

export function createReferenceService(deps: { db: Kysely<Database> }): ReferenceService {
  const { db } = deps;
  return {
    async listEditions() {
      return (await listEditions(db)).map(toEdition);
    },

    async getStructure(editionId) {
      const edition = await findEdition(db, editionId);
      if (!edition) throw new AppError('EDITION_NOT_FOUND', { id: editionId });

      const [roles, sectors, profiles, councils] = await Promise.all([
        listEditionOrganizations(db, edition.id),
        listSectors(db, edition.id),
        listCeptoarProfiles(db, edition.id),
        listCouncils(db),
      ]);
      const coordinator = roles.find((r) => r.role === 'coordinator');
      // seedReference always writes one; its absence means the edition was created by hand and is broken.
      if (!coordinator) throw new Error(`edition ${edition.id} has no coordinator`);

      const councilsThen = councils.filter((c) => validOn(edition.asOf, c.validFrom, c.validTo));
      const [directory, councilMembers] = await Promise.all([
        countMembershipsByGroup(
          db,
          profiles.map((p) => p.organization.id),
        ),
        listGroupMembers(
          db,
          councilsThen.map((c) => c.organization.id),
        ),
      ]);

      const entries = new Map<string, CeptoarEntry[]>();
      for (const p of profiles) {
        const counts = directory.get(p.organization.id) ?? { member: 0, sharing_scope: 0 };
        const list = entries.get(p.sectorCode) ?? [];
        list.push({
          organization: p.organization,
          service: p.service,
          memberCounts: p.memberCounts,
          scopeCounts: p.scopeCounts,
          scopeNote: p.scopeNote,
          countsKnown: p.countsKnown,
          membersInDirectory: counts.member,
          scopeInDirectory: counts.sharing_scope,
        });
        entries.set(p.sectorCode, list);
      }

      // Council members in the order of the edition's CEPTOAR table, then any others by slug.
      const ceptoarOrder = new Map(profiles.map((p, i) => [p.organization.id, i]));
      const rank = (id: string): number => ceptoarOrder.get(id) ?? profiles.length;
      const councilEntries: CouncilEntry[] = councilsThen.map((c) => ({
        organization: c.organization,
        members: councilMembers
          .filter(
            (m) =>
              m.groupId === c.organization.id &&
              validOn(edition.asOf, m.validFrom, m.validTo) &&
              (m.organization.kind !== 'ceptoar' || ceptoarOrder.has(m.organization.id)),
          )
          .sort((a, b) => rank(a.organization.id) - rank(b.organization.id))
          .map((m) => m.organization),
      }));

      const relatedOrganizations: RelatedOrganization[] = [];
      for (const r of roles) {
        if (r.role === 'coordinator') continue;
        relatedOrganizations.push({
          organization: r.organization,
          role: r.role,
          roleName: RELATED_ROLE_NAMES[r.role],
        });
      }

      return {
        edition: toEdition(edition),
        coordinator: coordinator.organization,
        sectors: sectors.map((s) => ({
          code: s.code,
          name: s.name,
          designatedOn: s.designatedOn,
          ministry: s.ministry,
          ceptoars: entries.get(s.code) ?? [],
        })),
        councils: councilEntries,
        relatedOrganizations,
      };
    },
  };
}
