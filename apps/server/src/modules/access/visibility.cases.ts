import type { MembershipRelation, OrganizationKind } from '@cipx/contracts';
import type { AudienceEntry, PolicyViewer, ProtectedItem, Tlp } from './visibility.js';

// Named cases of the policy, shared by the pure test (canSee) and the db test (visibleTo),
// so each rule is asserted in both forms.

export const ORG = {
  coordinator: '00000000-0000-4000-8000-00000000c001',
  bankCeptoar: '00000000-0000-4000-8000-00000000ce01',
  bankA: '00000000-0000-4000-8000-00000000000a',
  bankB: '00000000-0000-4000-8000-00000000000b',
  scopeBank: '00000000-0000-4000-8000-00000000005c',
  railway: '00000000-0000-4000-8000-0000000000a1',
  vendor: '00000000-0000-4000-8000-0000000000fe',
} as const;

export const USER = {
  coordinator: '00000000-0000-4000-9000-00000000c001',
  a1: '00000000-0000-4000-9000-0000000000a1',
  a2: '00000000-0000-4000-9000-0000000000a2',
  b1: '00000000-0000-4000-9000-0000000000b1',
  ceptoar: '00000000-0000-4000-9000-00000000ce01',
  scope: '00000000-0000-4000-9000-00000000005c',
  railway: '00000000-0000-4000-9000-0000000000e1',
  vendor: '00000000-0000-4000-9000-0000000000fe',
} as const;

function viewer(
  userId: string,
  organizationId: string,
  organizationKind: OrganizationKind,
  sectorCode: string | null,
  communities: { groupId: string; relation: MembershipRelation }[] = [],
): PolicyViewer {
  return { userId, organizationId, organizationKind, sectorCode, communities };
}

export const VIEWER = {
  coordinator: viewer(USER.coordinator, ORG.coordinator, 'coordinator', null),
  ceptoar: viewer(USER.ceptoar, ORG.bankCeptoar, 'ceptoar', 'finance'),
  a1: viewer(USER.a1, ORG.bankA, 'operator', 'finance', [{ groupId: ORG.bankCeptoar, relation: 'member' }]),
  a2: viewer(USER.a2, ORG.bankA, 'operator', 'finance', [{ groupId: ORG.bankCeptoar, relation: 'member' }]),
  b1: viewer(USER.b1, ORG.bankB, 'operator', 'finance', [{ groupId: ORG.bankCeptoar, relation: 'member' }]),
  scope: viewer(USER.scope, ORG.scopeBank, 'operator', 'finance', [
    { groupId: ORG.bankCeptoar, relation: 'sharing_scope' },
  ]),
  railway: viewer(USER.railway, ORG.railway, 'operator', 'railway'),
  vendor: viewer(USER.vendor, ORG.vendor, 'vendor', null),
} as const;

export type ViewerName = keyof typeof VIEWER | 'anonymous';

export function item(tlp: Tlp, audience: AudienceEntry[], extra: Partial<ProtectedItem> = {}): ProtectedItem {
  return {
    tlp,
    originatorOrgId: ORG.coordinator,
    authorUserId: USER.coordinator,
    relayOrgId: null,
    anonymized: false,
    audience,
    ...extra,
  };
}

export const person = (userId: string): AudienceEntry => ({ kind: 'person', userId });
export const organization = (organizationId: string): AudienceEntry => ({
  kind: 'organization',
  organizationId,
});
export const community = (groupId: string, includeScope: boolean, relayed: boolean): AudienceEntry => ({
  kind: 'community',
  groupId,
  includeScope,
  relayed,
});
export const sector = (sectorCode: string): AudienceEntry => ({ kind: 'sector', sectorCode });
export const allCi: AudienceEntry = { kind: 'all_ci' };
export const everyone: AudienceEntry = { kind: 'public' };

export interface VisibilityCase {
  name: string;
  viewer: ViewerName;
  item: ProtectedItem;
  visible: boolean;
}

const bank = community(ORG.bankCeptoar, false, false);
const bankRelayed = community(ORG.bankCeptoar, false, true);
const bankWithScope = community(ORG.bankCeptoar, true, false);

export const VISIBILITY_CASES: readonly VisibilityCase[] = [
  // RED: the named people only.
  {
    name: 'RED person entry reaches the named person',
    viewer: 'a1',
    item: item('red', [person(USER.a1)]),
    visible: true,
  },
  {
    name: 'RED item addressed to a person is not visible to a colleague in the same org',
    viewer: 'a2',
    item: item('red', [person(USER.a1)]),
    visible: false,
  },
  {
    name: 'RED organization entry does not count',
    viewer: 'a1',
    item: item('red', [organization(ORG.bankA)]),
    visible: false,
  },
  {
    name: 'RED community entry does not count',
    viewer: 'a1',
    item: item('red', [bankRelayed]),
    visible: false,
  },
  {
    name: 'RED sector entry does not count',
    viewer: 'a1',
    item: item('red', [sector('finance')]),
    visible: false,
  },
  { name: 'RED all-CI entry does not count', viewer: 'a1', item: item('red', [allCi]), visible: false },
  {
    name: 'RED public entry does not count',
    viewer: 'anonymous',
    item: item('red', [everyone]),
    visible: false,
  },
  // AMBER+STRICT: named people and addressed organizations.
  {
    name: 'AMBER+STRICT reaches the addressed organization',
    viewer: 'a2',
    item: item('amber+strict', [organization(ORG.bankA)]),
    visible: true,
  },
  {
    name: 'AMBER+STRICT does not reach another organization of the same sector and community',
    viewer: 'b1',
    item: item('amber+strict', [organization(ORG.bankA)]),
    visible: false,
  },
  {
    name: 'AMBER+STRICT community entry does not count, even relayed',
    viewer: 'b1',
    item: item('amber+strict', [bankRelayed]),
    visible: false,
  },
  {
    name: 'AMBER+STRICT sector entry does not count',
    viewer: 'b1',
    item: item('amber+strict', [sector('finance')]),
    visible: false,
  },
  // AMBER: plus a community's members through an explicit relay.
  {
    name: 'AMBER community entry without relayed is not visible to community members',
    viewer: 'b1',
    item: item('amber', [bank]),
    visible: false,
  },
  {
    name: 'AMBER relayed community entry reaches members',
    viewer: 'b1',
    item: item('amber', [bankRelayed]),
    visible: true,
  },
  {
    name: 'AMBER relayed community entry does not reach the sharing scope, even with includeScope',
    viewer: 'scope',
    item: item('amber', [community(ORG.bankCeptoar, true, true)]),
    visible: false,
  },
  {
    name: 'AMBER sector entry does not count',
    viewer: 'b1',
    item: item('amber', [sector('finance')]),
    visible: false,
  },
  { name: 'AMBER all-CI entry does not count', viewer: 'b1', item: item('amber', [allCi]), visible: false },
  {
    name: 'AMBER organization entry reaches the organization',
    viewer: 'b1',
    item: item('amber', [organization(ORG.bankB)]),
    visible: true,
  },
  // GREEN: the declared community.
  {
    name: 'GREEN community entry reaches members without a relay',
    viewer: 'b1',
    item: item('green', [bank]),
    visible: true,
  },
  {
    name: 'GREEN community entry reaches the group organization itself',
    viewer: 'ceptoar',
    item: item('green', [bank]),
    visible: true,
  },
  {
    name: 'sharing-scope org does not see a community entry with includeScope=false',
    viewer: 'scope',
    item: item('green', [bank]),
    visible: false,
  },
  {
    name: 'sharing-scope org sees a community entry with includeScope=true',
    viewer: 'scope',
    item: item('green', [bankWithScope]),
    visible: true,
  },
  {
    name: 'GREEN community entry does not reach non-members',
    viewer: 'railway',
    item: item('green', [bankWithScope]),
    visible: false,
  },
  {
    name: 'GREEN sector item is visible to the sector',
    viewer: 'scope',
    item: item('green', [sector('finance')]),
    visible: true,
  },
  {
    name: 'GREEN sector item is not visible to another sector',
    viewer: 'railway',
    item: item('green', [sector('finance')]),
    visible: false,
  },
  {
    name: 'GREEN sector item is not visible to an organization without a sector',
    viewer: 'vendor',
    item: item('green', [sector('finance')]),
    visible: false,
  },
  {
    name: 'GREEN all-CI item reaches an operator',
    viewer: 'railway',
    item: item('green', [allCi]),
    visible: true,
  },
  {
    name: 'GREEN all-CI item does not reach a vendor',
    viewer: 'vendor',
    item: item('green', [allCi]),
    visible: false,
  },
  {
    name: 'GREEN item not visible anonymously',
    viewer: 'anonymous',
    item: item('green', [allCi, everyone, sector('finance')]),
    visible: false,
  },
  {
    name: 'GREEN public entry does not count',
    viewer: 'vendor',
    item: item('green', [everyone]),
    visible: false,
  },
  // CLEAR: anyone, within the audience.
  {
    name: 'CLEAR public item is visible anonymously',
    viewer: 'anonymous',
    item: item('clear', [everyone]),
    visible: true,
  },
  {
    name: 'CLEAR public item is visible to a vendor',
    viewer: 'vendor',
    item: item('clear', [everyone]),
    visible: true,
  },
  {
    name: 'CLEAR item without a public entry is not visible anonymously',
    viewer: 'anonymous',
    item: item('clear', [sector('finance'), allCi]),
    visible: false,
  },
  {
    name: 'CLEAR sector item is not visible to another sector',
    viewer: 'railway',
    item: item('clear', [sector('finance')]),
    visible: false,
  },
  {
    name: 'CLEAR community entry with includeScope reaches the sharing scope',
    viewer: 'scope',
    item: item('clear', [bankWithScope]),
    visible: true,
  },
  // Who always sees an item.
  {
    name: 'the originator organization sees its RED item with no audience',
    viewer: 'a2',
    item: item('red', [], { originatorOrgId: ORG.bankA, authorUserId: USER.a1 }),
    visible: true,
  },
  {
    name: 'the author sees the item while acting for another organization',
    viewer: 'railway',
    item: item('red', [], { originatorOrgId: ORG.bankA, authorUserId: USER.railway }),
    visible: true,
  },
  {
    name: 'the relay sees the item it relays',
    viewer: 'ceptoar',
    item: item('amber+strict', [], {
      originatorOrgId: ORG.bankA,
      authorUserId: USER.a1,
      relayOrgId: ORG.bankCeptoar,
    }),
    visible: true,
  },
  {
    name: 'the anonymous public does not see an item through its originator or relay',
    viewer: 'anonymous',
    item: item('clear', [], {
      originatorOrgId: ORG.bankA,
      authorUserId: USER.a1,
      relayOrgId: ORG.bankCeptoar,
    }),
    visible: false,
  },
];
