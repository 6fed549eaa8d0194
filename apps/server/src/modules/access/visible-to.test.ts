import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { sql, type Kysely } from 'kysely';
import type { MembershipRelation, OrganizationKind } from '@cipx/contracts';
import type { Database } from '../../platform/db/tables.js';
import type { Db } from '../../platform/db/database.js';
import { createTestDatabase } from '../../../test/database.js';
import { VIEWER, VISIBILITY_CASES } from './visibility.cases.js';
import {
  canSee,
  presentOriginator,
  TLP_LEVELS,
  type AudienceEntry,
  type PolicyViewer,
  type ProtectedItem,
} from './visibility.js';
import { presentedOriginator, visibleTo } from './visible-to.js';

// A table that follows the column convention of README.md, made only for this test.
interface ProbeTable {
  id: number;
  tlp: string;
  originator_org_id: string;
  author_user_id: string | null;
  relay_org_id: string | null;
  anonymized: boolean;
  audience: string;
}
type ProbeDb = Kysely<Database & { access_probe: ProbeTable }>;

const uuid = (prefix: string, n: number): string =>
  `00000000-0000-4000-${prefix}-${n.toString(16).padStart(12, '0')}`;
// Small pools so that viewers and items collide often.
const ORGS = Array.from({ length: 6 }, (_, i) => uuid('8000', i + 1));
const GROUPS = ORGS.slice(0, 3);
const USERS = Array.from({ length: 5 }, (_, i) => uuid('9000', i + 1));
const SECTORS = ['finance', 'railway', 'electricity'];
const KINDS: OrganizationKind[] = ['operator', 'ceptoar', 'coordinator', 'ministry', 'vendor', 'agency'];

const orgArb = fc.constantFrom(...ORGS);
const userArb = fc.constantFrom(...USERS);

const entryArb: fc.Arbitrary<AudienceEntry> = fc.oneof(
  userArb.map((userId) => ({ kind: 'person' as const, userId })),
  orgArb.map((organizationId) => ({ kind: 'organization' as const, organizationId })),
  fc
    .record({ groupId: fc.constantFrom(...GROUPS), includeScope: fc.boolean(), relayed: fc.boolean() })
    .map((c) => ({ kind: 'community' as const, ...c })),
  fc.constantFrom(...SECTORS).map((sectorCode) => ({ kind: 'sector' as const, sectorCode })),
  fc.constant({ kind: 'all_ci' as const }),
  fc.constant({ kind: 'public' as const }),
);

const itemArb: fc.Arbitrary<ProtectedItem> = fc.record({
  tlp: fc.constantFrom(...TLP_LEVELS),
  originatorOrgId: orgArb,
  authorUserId: fc.option(userArb, { nil: null }),
  relayOrgId: fc.option(orgArb, { nil: null }),
  anonymized: fc.boolean(),
  audience: fc.array(entryArb, { maxLength: 5 }),
});

const viewerArb: fc.Arbitrary<PolicyViewer | undefined> = fc.option(
  fc.record({
    userId: userArb,
    organizationId: orgArb,
    organizationKind: fc.constantFrom(...KINDS),
    sectorCode: fc.option(fc.constantFrom(...SECTORS), { nil: null }),
    communities: fc.uniqueArray(
      fc.record({
        groupId: fc.constantFrom(...GROUPS),
        relation: fc.constantFrom<MembershipRelation>('member', 'sharing_scope'),
      }),
      { selector: (c) => c.groupId, maxLength: 3 },
    ),
  }),
  { nil: undefined, freq: 8 },
);

function toRow(id: number, item: ProtectedItem): ProbeTable {
  return {
    id,
    tlp: item.tlp,
    originator_org_id: item.originatorOrgId,
    author_user_id: item.authorUserId,
    relay_org_id: item.relayOrgId,
    anonymized: item.anonymized,
    audience: JSON.stringify(item.audience),
  };
}

describe('visibleTo', () => {
  let database: Db;
  let db: ProbeDb;
  const items = new Map<number, ProtectedItem>();
  const CASE_BASE = 100_000;

  before(async () => {
    database = await createTestDatabase();
    db = database.db.withTables<{ access_probe: ProbeTable }>();
    await sql`
      CREATE TABLE access_probe (
        id integer PRIMARY KEY,
        tlp text NOT NULL CHECK (tlp IN ('clear','green','amber','amber+strict','red')),
        originator_org_id uuid NOT NULL,
        author_user_id uuid,
        relay_org_id uuid,
        anonymized boolean NOT NULL DEFAULT false,
        audience jsonb NOT NULL DEFAULT '[]'
      )`.execute(db);
    await sql`CREATE INDEX access_probe_audience_idx ON access_probe USING gin (audience jsonb_path_ops)`.execute(
      db,
    );
    for (const column of ['originator_org_id', 'author_user_id', 'relay_org_id']) {
      await sql`CREATE INDEX ON access_probe (${sql.ref(column)})`.execute(db);
    }

    fc.sample(itemArb, { numRuns: 400 }).forEach((item, i) => items.set(i + 1, item));
    await db
      .insertInto('access_probe')
      .values([...items].map(([id, item]) => toRow(id, item)))
      .execute();
    await db
      .insertInto('access_probe')
      .values(VISIBILITY_CASES.map((c, i) => toRow(CASE_BASE + i, c.item)))
      .execute();
  });
  after(async () => {
    await database.close();
  });

  it('agrees with canSee and presentOriginator for random viewers and items', async () => {
    await fc.assert(
      fc.asyncProperty(viewerArb, async (viewer) => {
        const rows = await db
          .selectFrom('access_probe as p')
          .select(['p.id', presentedOriginator(viewer, 'p').as('shown')])
          .where(visibleTo(viewer, 'p'))
          .where('p.id', '<', CASE_BASE)
          .orderBy('p.id')
          .execute();
        const expected = [...items].filter(([, item]) => canSee(viewer, item)).map(([id]) => id);
        assert.deepEqual(
          rows.map((r) => r.id),
          expected,
        );
        for (const row of rows) {
          const item = items.get(row.id);
          assert.ok(item);
          assert.equal(row.shown, presentOriginator(viewer, item), `originator shown for item ${row.id}`);
        }
      }),
      { numRuns: 250 },
    );
  });

  it('gives each named case the same answer as canSee', async () => {
    for (const [i, c] of VISIBILITY_CASES.entries()) {
      const viewer = c.viewer === 'anonymous' ? undefined : VIEWER[c.viewer];
      const found = await db
        .selectFrom('access_probe')
        .select('id')
        .where('id', '=', CASE_BASE + i)
        .where(visibleTo(viewer))
        .executeTakeFirst();
      assert.equal(found !== undefined, c.visible, c.name);
    }
  });

  it('is served by the GIN index on audience', async () => {
    await sql`SET enable_seqscan = off`.execute(db);
    try {
      const viewer = { ...VIEWER.railway, organizationId: ORGS[5] ?? '', userId: USERS[4] ?? '' };
      const { sql: text, parameters } = db
        .selectFrom('access_probe as p')
        .select('p.id')
        .where(visibleTo(viewer, 'p'))
        .compile();
      const plan = await sql<{ 'QUERY PLAN': string }>`EXPLAIN ${sql.raw(inline(text, parameters))}`.execute(
        db,
      );
      const text2 = plan.rows.map((r) => r['QUERY PLAN']).join('\n');
      assert.match(text2, /access_probe_audience_idx/);
    } finally {
      await sql`RESET enable_seqscan`.execute(db);
    }
  });

  it('rejects an alias that is not an identifier', () => {
    assert.throws(() => visibleTo(undefined, 'p; DROP TABLE x'));
  });
});

/** EXPLAIN cannot take bind parameters; the test's own values are inlined as literals. */
function inline(text: string, parameters: readonly unknown[]): string {
  return text.replace(/\$(\d+)/g, (_, n: string) => {
    const value = parameters[Number(n) - 1];
    return `'${String(value).replace(/'/g, "''")}'`;
  });
}
