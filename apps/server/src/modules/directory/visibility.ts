import type { OrganizationKind } from '@cipx/contracts';
import type { Viewer } from '../../shared/viewer.js';
import { OVERSEEING_KINDS, STRUCTURAL_KINDS } from './organization.js';

/**
 * The directory's visibility rule (README.md), as a pure function. The repository holds the
 * same rule as one SQL predicate (`organizationVisible`, `contactsVisible`) for lists,
 * detail and export; a db test checks that the two agree on fixtures.
 */

export type DirectoryViewer = Pick<Viewer, 'organizationId' | 'organizationKind'>;

export interface VisibilitySubject {
  id: string;
  kind: OrganizationKind;
}

export interface VisibilityFacts {
  /** Groups the organization belongs to, in any relation (member or sharing scope). */
  groupIds: readonly string[];
  /** The responsible ministry of the organization's sector in the current edition. */
  responsibleMinistryId: string | null;
}

export function canSeeOrganization(
  viewer: DirectoryViewer,
  organization: VisibilitySubject,
  facts: Pick<VisibilityFacts, 'groupIds'>,
): boolean {
  return (
    STRUCTURAL_KINDS.includes(organization.kind) ||
    OVERSEEING_KINDS.includes(viewer.organizationKind) ||
    organization.id === viewer.organizationId ||
    facts.groupIds.includes(viewer.organizationId)
  );
}

/** Contact points are personal data: the organization, its groups' secretariats, the coordinator, its sector's ministry. */
export function canSeeContacts(
  viewer: DirectoryViewer,
  organization: VisibilitySubject,
  facts: VisibilityFacts,
): boolean {
  return (
    organization.id === viewer.organizationId ||
    viewer.organizationKind === 'coordinator' ||
    facts.groupIds.includes(viewer.organizationId) ||
    (viewer.organizationKind === 'ministry' && facts.responsibleMinistryId === viewer.organizationId)
  );
}
