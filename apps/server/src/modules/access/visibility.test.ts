import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ORG,
  USER,
  VIEWER,
  VISIBILITY_CASES,
  allCi,
  community,
  everyone,
  item,
  organization,
  person,
  sector,
} from './visibility.cases.js';
import {
  canRelay,
  canSee,
  checkRelayNarrowing,
  mayKnowOriginator,
  parseTlp,
  presentOriginator,
  protectedItemFromRow,
  TLP_LEVELS,
} from './visibility.js';

describe('canSee', () => {
  for (const c of VISIBILITY_CASES) {
    it(c.name, () => {
      const viewer = c.viewer === 'anonymous' ? undefined : VIEWER[c.viewer];
      assert.equal(canSee(viewer, c.item), c.visible);
    });
  }

  it('lets an entry that the TLP does not allow add nothing to one that it does', () => {
    const red = item('red', [organization(ORG.bankB), person(USER.a1)]);
    assert.equal(canSee(VIEWER.a1, red), true);
    assert.equal(canSee(VIEWER.b1, red), false);
  });
});

describe('presentOriginator', () => {
  const anonymized = item('green', [community(ORG.bankCeptoar, false, false), allCi], {
    originatorOrgId: ORG.bankA,
    authorUserId: USER.a1,
    relayOrgId: ORG.bankCeptoar,
    anonymized: true,
  });

  it('shows the originator to its own organization and to the relay', () => {
    assert.equal(presentOriginator(VIEWER.a2, anonymized), ORG.bankA);
    assert.equal(presentOriginator(VIEWER.ceptoar, anonymized), ORG.bankA);
  });

  it('shows the relay instead of an anonymized originator to everyone else', () => {
    for (const viewer of [VIEWER.b1, VIEWER.coordinator, VIEWER.railway, VIEWER.scope, undefined]) {
      assert.equal(presentOriginator(viewer, anonymized), ORG.bankCeptoar);
      assert.equal(mayKnowOriginator(viewer, anonymized), false);
    }
  });

  it('hides an anonymized originator even from its author acting for another organization', () => {
    const moved = { ...VIEWER.railway, userId: USER.a1 };
    assert.equal(canSee(moved, anonymized), true);
    assert.equal(presentOriginator(moved, anonymized), ORG.bankCeptoar);
  });

  it('names nobody when an anonymized item has no relay', () => {
    assert.equal(presentOriginator(VIEWER.b1, { ...anonymized, relayOrgId: null }), null);
  });

  it('shows the originator of an item that is not anonymized to anyone', () => {
    const open = { ...anonymized, anonymized: false };
    assert.equal(presentOriginator(VIEWER.b1, open), ORG.bankA);
    assert.equal(presentOriginator(undefined, open), ORG.bankA);
  });
});

describe('relay rules', () => {
  const relay = ORG.bankCeptoar;

  it('never relays RED or AMBER+STRICT', () => {
    assert.deepEqual(
      TLP_LEVELS.filter((tlp) => canRelay({ tlp })),
      ['clear', 'green', 'amber'],
    );
    assert.deepEqual(
      checkRelayNarrowing(
        { tlp: 'amber+strict', audience: [organization(relay)] },
        { tlp: 'red', audience: [organization(relay)], relayOrgId: relay },
      ),
      { ok: false, reason: 'TLP_FORBIDS_RELAY', tlp: 'amber+strict' },
    );
  });

  it('refuses to lower the TLP', () => {
    assert.deepEqual(
      checkRelayNarrowing(
        { tlp: 'amber', audience: [organization(relay)] },
        { tlp: 'green', audience: [organization(relay)], relayOrgId: relay },
      ),
      { ok: false, reason: 'TLP_LOWERED', from: 'amber', to: 'green' },
    );
  });

  it('lets an addressed CEPTOAR relay AMBER to its members', () => {
    assert.deepEqual(
      checkRelayNarrowing(
        { tlp: 'amber', audience: [organization(relay)] },
        { tlp: 'amber', audience: [community(relay, false, true)], relayOrgId: relay },
      ),
      { ok: true },
    );
  });

  it('lets an addressed CEPTOAR relay GREEN to its members and sharing scope', () => {
    assert.deepEqual(
      checkRelayNarrowing(
        { tlp: 'green', audience: [organization(relay)] },
        { tlp: 'green', audience: [community(relay, true, true)], relayOrgId: relay },
      ),
      { ok: true },
    );
  });

  it('refuses a relay to the community of a group other than the relay', () => {
    const other = community(ORG.bankB, false, true);
    assert.deepEqual(
      checkRelayNarrowing(
        { tlp: 'amber', audience: [organization(relay)] },
        { tlp: 'amber', audience: [other], relayOrgId: relay },
      ),
      { ok: false, reason: 'AUDIENCE_WIDENED', entry: other },
    );
  });

  it('refuses a relay to its community by an organization the original did not address', () => {
    const own = community(relay, false, true);
    assert.deepEqual(
      checkRelayNarrowing(
        { tlp: 'amber', audience: [organization(ORG.bankA)] },
        { tlp: 'amber', audience: [own], relayOrgId: relay },
      ),
      { ok: false, reason: 'AUDIENCE_WIDENED', entry: own },
    );
  });

  it('refuses to add the sharing scope to a community entry without it', () => {
    const widened = community(relay, true, false);
    assert.deepEqual(
      checkRelayNarrowing(
        { tlp: 'green', audience: [community(relay, false, false)] },
        { tlp: 'green', audience: [widened], relayOrgId: relay },
      ),
      { ok: false, reason: 'AUDIENCE_WIDENED', entry: widened },
    );
  });

  it('refuses to widen a sector to all CI, and all CI to the public', () => {
    assert.deepEqual(
      checkRelayNarrowing(
        { tlp: 'green', audience: [sector('finance')] },
        { tlp: 'green', audience: [allCi], relayOrgId: relay },
      ),
      { ok: false, reason: 'AUDIENCE_WIDENED', entry: allCi },
    );
    assert.deepEqual(
      checkRelayNarrowing(
        { tlp: 'clear', audience: [allCi] },
        { tlp: 'clear', audience: [everyone], relayOrgId: relay },
      ),
      { ok: false, reason: 'AUDIENCE_WIDENED', entry: everyone },
    );
  });

  it('lets a relay narrow all CI to a sector and raise the TLP', () => {
    assert.deepEqual(
      checkRelayNarrowing(
        { tlp: 'green', audience: [allCi, person(USER.b1)] },
        { tlp: 'amber', audience: [person(USER.b1)], relayOrgId: relay },
      ),
      { ok: true },
    );
    assert.deepEqual(
      checkRelayNarrowing(
        { tlp: 'green', audience: [allCi] },
        {
          tlp: 'green',
          audience: [sector('finance'), community(ORG.bankB, false, false)],
          relayOrgId: relay,
        },
      ),
      { ok: true },
    );
  });

  it('refuses to mark a community as relayed for AMBER on behalf of another group', () => {
    const relayedByOther = community(ORG.bankB, false, true);
    assert.deepEqual(
      checkRelayNarrowing(
        { tlp: 'amber', audience: [community(ORG.bankB, false, false), organization(relay)] },
        { tlp: 'amber', audience: [relayedByOther], relayOrgId: relay },
      ),
      { ok: false, reason: 'AUDIENCE_WIDENED', entry: relayedByOther },
    );
  });
});

describe('parseTlp', () => {
  it('accepts the labels as written, and WHITE as CLEAR', () => {
    assert.equal(parseTlp('TLP:AMBER+STRICT'), 'amber+strict');
    assert.equal(parseTlp(' green '), 'green');
    assert.equal(parseTlp('white'), 'clear');
    assert.equal(parseTlp('TLP:WHITE'), 'clear');
    assert.equal(parseTlp('clear'), 'clear');
  });

  it('rejects anything else', () => {
    for (const input of ['', 'amber strict', 'purple', 'constructor', 'toString']) {
      assert.equal(parseTlp(input), null);
    }
  });
});

describe('protectedItemFromRow', () => {
  it('maps the column convention and reads WHITE as CLEAR', () => {
    assert.deepEqual(
      protectedItemFromRow({
        tlp: 'white',
        originator_org_id: ORG.bankA,
        author_user_id: null,
        relay_org_id: ORG.bankCeptoar,
        anonymized: true,
        audience: [{ kind: 'public' }],
      }),
      {
        tlp: 'clear',
        originatorOrgId: ORG.bankA,
        authorUserId: null,
        relayOrgId: ORG.bankCeptoar,
        anonymized: true,
        audience: [{ kind: 'public' }],
      },
    );
  });

  it('refuses an unknown TLP rather than guessing', () => {
    assert.throws(() =>
      protectedItemFromRow({
        tlp: 'purple',
        originator_org_id: ORG.bankA,
        author_user_id: null,
        relay_org_id: null,
        anonymized: false,
        audience: [],
      }),
    );
  });
});
