import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { isAllCi, type AudienceEntry, type PolicyViewer, type Tlp } from './visibility.js';

// The SQL form of `canSee` (visibility.ts). Each audience test is a single jsonb
// containment (`audience @> '[{…}]'`) so a GIN index on `audience` can serve it, and the
// tests are OR-ed at the top level so the planner can combine index scans.

type Column = 'tlp' | 'originator_org_id' | 'author_user_id' | 'relay_org_id' | 'anonymized' | 'audience';

function columns(alias: string | undefined): (name: Column) => RawBuilder<unknown> {
  if (alias !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(alias)) {
    throw new Error(`invalid table alias ${JSON.stringify(alias)}`);
  }
  return (name) => sql.ref(alias === undefined ? name : `${alias}.${name}`);
}

function tlpIn(tlp: RawBuilder<unknown>, levels: readonly Tlp[]): RawBuilder<SqlBool> {
  return sql<SqlBool>`${tlp} IN (${sql.join(levels)})`;
}

/**
 * A WHERE predicate that keeps exactly the rows `canSee(viewer, row)` accepts, for any table
 * following the column convention in README.md: `.where(visibleTo(viewer, 'r'))`.
 * `alias` qualifies the columns (a table name or alias); omit it for an unqualified query.
 * Only for positive filtering: with NULL columns `NOT visibleTo(…)` is not "invisible".
 */
export function visibleTo(viewer: PolicyViewer | undefined, alias?: string): RawBuilder<SqlBool> {
  const col = columns(alias);
  const audience = col('audience');
  const tlp = col('tlp');
  const contains = (entry: Partial<AudienceEntry> & { kind: AudienceEntry['kind'] }): RawBuilder<SqlBool> =>
    sql<SqlBool>`${audience} @> ${JSON.stringify([entry])}::jsonb`;

  const clauses: RawBuilder<SqlBool>[] = [
    sql<SqlBool>`(${tlp} = 'clear' AND ${contains({ kind: 'public' })})`,
  ];
  if (viewer !== undefined) {
    clauses.push(
      sql<SqlBool>`${col('originator_org_id')} = ${viewer.organizationId}`,
      sql<SqlBool>`${col('author_user_id')} = ${viewer.userId}`,
      sql<SqlBool>`${col('relay_org_id')} = ${viewer.organizationId}`,
      contains({ kind: 'person', userId: viewer.userId }),
      sql<SqlBool>`(${tlpIn(tlp, ['amber+strict', 'amber', 'green', 'clear'])} AND ${contains({
        kind: 'organization',
        organizationId: viewer.organizationId,
      })})`,
    );

    // The group's own organization belongs to its community, as in canSee.
    const memberOf = [
      viewer.organizationId,
      ...viewer.communities.filter((c) => c.relation === 'member').map((c) => c.groupId),
    ];
    const scopeOf = viewer.communities.filter((c) => c.relation === 'sharing_scope').map((c) => c.groupId);

    clauses.push(
      sql<SqlBool>`(${tlp} = 'amber' AND (${sql.join(
        memberOf.map((groupId) => contains({ kind: 'community', groupId, relayed: true })),
        sql` OR `,
      )}))`,
    );

    const wide: RawBuilder<SqlBool>[] = [
      ...memberOf.map((groupId) => contains({ kind: 'community', groupId })),
      ...scopeOf.map((groupId) => contains({ kind: 'community', groupId, includeScope: true })),
    ];
    if (viewer.sectorCode !== null) wide.push(contains({ kind: 'sector', sectorCode: viewer.sectorCode }));
    if (isAllCi(viewer.organizationKind)) wide.push(contains({ kind: 'all_ci' }));
    clauses.push(sql<SqlBool>`(${tlpIn(tlp, ['green', 'clear'])} AND (${sql.join(wide, sql` OR `)}))`);
  }
  return sql<SqlBool>`(${sql.join(clauses, sql` OR `)})`;
}

/**
 * The SQL form of `presentOriginator`: the originator organization id, or the relay's
 * for an anonymized item the viewer may not attribute. Select it instead of the raw column.
 */
export function presentedOriginator(
  viewer: PolicyViewer | undefined,
  alias?: string,
): RawBuilder<string | null> {
  const col = columns(alias);
  const knows =
    viewer === undefined
      ? sql<SqlBool>`false`
      : sql<SqlBool>`(${col('originator_org_id')} = ${viewer.organizationId} OR ${col(
          'relay_org_id',
        )} IS NOT DISTINCT FROM ${viewer.organizationId}::uuid)`;
  return sql<string | null>`CASE WHEN ${col('anonymized')} AND NOT ${knows} THEN ${col(
    'relay_org_id',
  )} ELSE ${col('originator_org_id')} END`;
}
