import {
  CONTACT_ROLES,
  DIRECTORY_CSV_COLUMNS,
  MEMBERSHIP_RELATIONS,
  ORGANIZATION_KINDS,
  type ContactRole,
  type CsvRowError,
  type DirectoryCsvKind,
  type DirectoryImportResult,
  type FieldError,
  type MembershipRelation,
  type OrganizationKind,
} from '@cipx/contracts';
import { AppError } from '../../shared/app-error.js';
import { newId } from '../../shared/ids.js';
import type { Viewer } from '../../shared/viewer.js';
import { roleAtLeast } from '../identity/guards.js';
import { decodeCsv, parseCsv, rowError, toCsv, type CsvRow } from './csv.js';
import type { ContactWrite, DirectoryQueries, OrganizationWrite } from './directory.repository.js';
import { auditEvent, type DirectoryServiceDeps, type RequestOrigin } from './directory.service.js';
import {
  GROUP_KINDS,
  MEMBER_KINDS,
  checkContactFields,
  isMemberKind,
  isSlug,
  normalizePrefecture,
  sameContactFields,
  type ContactFields,
  type MembershipRecord,
  type OrganizationRecord,
} from './organization.js';

/**
 * Who may import what: the coordinator's admins anything; a CEPTOAR's admins and managers
 * operator/vendor organizations, memberships of their own CEPTOAR, and contact points of
 * its members. Everyone else is refused before the file is read.
 */
type ImportScope = { kind: 'all' } | { kind: 'group'; groupId: string };

function importScope(viewer: Viewer): ImportScope {
  if (viewer.organizationKind === 'coordinator' && viewer.role === 'admin') return { kind: 'all' };
  if (viewer.organizationKind === 'ceptoar' && roleAtLeast(viewer.role, 'manager')) {
    return { kind: 'group', groupId: viewer.organizationId };
  }
  throw new AppError('FORBIDDEN');
}

interface Plan {
  created: number;
  updated: number;
  unchanged: number;
  errors: CsvRowError[];
  /** Writes the planned changes; returns the ids touched (for the audit event). */
  apply(repository: DirectoryQueries, now: Date): Promise<string[]>;
}

type Counts = Pick<Plan, 'created' | 'updated' | 'unchanged'>;

const MAX_NAME = 200;
const MAX_CONTACT_FIELD = { email: 254, phone: 40, mobile: 40, fax: 40 } as const;

function enumList(values: readonly string[]): string {
  return values.join(' / ');
}

/** Per-row checks shared by the three kinds; each returns false after recording an error. */
class RowChecker {
  readonly errors: CsvRowError[] = [];
  #keys = new Map<string, number>();

  required(row: number, column: string, value: string, max = MAX_NAME): boolean {
    if (value === '') {
      this.errors.push(rowError(row, column, 'REQUIRED'));
      return false;
    }
    if (value.length > max) {
      this.errors.push(rowError(row, column, 'TOO_LONG', { max }));
      return false;
    }
    return true;
  }

  slug(row: number, column: string, value: string): boolean {
    if (!this.required(row, column, value, 63)) return false;
    if (isSlug(value)) return true;
    this.errors.push(rowError(row, column, 'INVALID_SLUG'));
    return false;
  }

  oneOf<T extends string>(row: number, column: string, value: string, allowed: readonly T[]): value is T {
    if (!this.required(row, column, value)) return false;
    if ((allowed as readonly string[]).includes(value)) return true;
    this.errors.push(rowError(row, column, 'INVALID_ENUM', { allowed: enumList(allowed) }));
    return false;
  }

  /** The first row with `key` wins; later ones are duplicates. */
  unique(row: number, column: string, key: string): boolean {
    const first = this.#keys.get(key);
    if (first === undefined) {
      this.#keys.set(key, row);
      return true;
    }
    this.errors.push(rowError(row, column, 'DUPLICATE_ROW', { first }));
    return false;
  }

  add(row: number, column: string, code: Parameters<typeof rowError>[2]): void {
    this.errors.push(rowError(row, column, code));
  }
}

function optional(value: string): string | null {
  return value === '' ? null : value;
}

/** Whether the scope may change this existing organization's directory entries. */
function manages(
  scope: ImportScope,
  organization: OrganizationRecord,
  memberships: readonly MembershipRecord[],
) {
  if (scope.kind === 'all') return true;
  return (
    organization.id === scope.groupId ||
    memberships.some((m) => m.organizationId === organization.id && m.groupId === scope.groupId)
  );
}

function kindManaged(scope: ImportScope, kind: OrganizationKind): boolean {
  return scope.kind === 'all' || MEMBER_KINDS.includes(kind);
}

async function planOrganizations(
  repository: DirectoryQueries,
  scope: ImportScope,
  rows: CsvRow<'organizations'>[],
): Promise<Plan> {
  const check = new RowChecker();
  const existing = await repository.findOrganizationsBySlugs(rows.map((r) => r.values.slug));
  const sectors = await repository.listSectorCodes();
  const memberships =
    scope.kind === 'group' ? await repository.findMemberships([...existing.values()].map((o) => o.id)) : [];
  const writes: OrganizationWrite[] = [];
  const joins: MembershipRecord[] = [];
  const counts: Counts = { created: 0, updated: 0, unchanged: 0 };

  for (const { row, values: v } of rows) {
    let ok = check.slug(row, 'slug', v.slug) && check.unique(row, 'slug', v.slug);
    const kindOk = check.oneOf<OrganizationKind>(row, 'kind', v.kind, ORGANIZATION_KINDS);
    ok = kindOk && ok;
    if (kindOk && scope.kind === 'group' && !MEMBER_KINDS.includes(v.kind as OrganizationKind)) {
      check.add(row, 'kind', 'KIND_NOT_PERMITTED');
      ok = false;
    }
    ok = check.required(row, 'name_ja', v.name_ja) && ok;
    ok = check.required(row, 'name_en', v.name_en) && ok;
    if (v.sector_code !== '' && !sectors.has(v.sector_code)) {
      check.add(row, 'sector_code', 'UNKNOWN_SECTOR');
      ok = false;
    }
    if (v.member_kind !== '' && !isMemberKind(v.member_kind)) {
      check.add(row, 'member_kind', 'INVALID_MEMBER_KIND');
      ok = false;
    }
    const prefecture = v.prefecture_code === '' ? null : normalizePrefecture(v.prefecture_code);
    if (prefecture === undefined) {
      check.add(row, 'prefecture_code', 'INVALID_PREFECTURE');
      ok = false;
    }
    const current = existing.get(v.slug);
    if (ok && current && (!manages(scope, current, memberships) || !kindManaged(scope, current.kind))) {
      check.add(row, 'slug', 'SLUG_NOT_AVAILABLE');
      ok = false;
    }
    if (!ok || prefecture === undefined) continue;

    const write: OrganizationWrite = {
      id: current?.id ?? newId(),
      slug: v.slug,
      kind: v.kind as OrganizationKind,
      nameJa: v.name_ja,
      nameEn: v.name_en,
      sectorCode: optional(v.sector_code),
      memberKind: optional(v.member_kind),
      prefectureCode: prefecture,
    };
    if (!current) {
      counts.created++;
      writes.push(write);
      // A secretariat's new organizations join its CEPTOAR, so it can keep maintaining them.
      if (scope.kind === 'group')
        joins.push({ organizationId: write.id, groupId: scope.groupId, relation: 'member' });
    } else if (
      current.kind === write.kind &&
      current.nameJa === write.nameJa &&
      current.nameEn === write.nameEn &&
      current.sectorCode === write.sectorCode &&
      current.memberKind === write.memberKind &&
      current.prefectureCode === write.prefectureCode
    ) {
      counts.unchanged++;
    } else {
      counts.updated++;
      writes.push(write);
    }
  }
  return {
    ...counts,
    errors: check.errors,
    async apply(repo, now) {
      await repo.upsertOrganizations(writes, now);
      await repo.upsertMemberships(joins, now);
      return writes.map((w) => w.id);
    },
  };
}

async function planMemberships(
  repository: DirectoryQueries,
  scope: ImportScope,
  rows: CsvRow<'memberships'>[],
): Promise<Plan> {
  const check = new RowChecker();
  const organizations = await repository.findOrganizationsBySlugs(
    rows.flatMap((r) => [r.values.organization_slug, r.values.group_slug]),
  );
  const existing = await repository.findMemberships([...organizations.values()].map((o) => o.id));
  const writes: MembershipRecord[] = [];
  const counts: Counts = { created: 0, updated: 0, unchanged: 0 };

  for (const { row, values: v } of rows) {
    let ok = check.slug(row, 'organization_slug', v.organization_slug);
    ok = check.slug(row, 'group_slug', v.group_slug) && ok;
    ok = check.oneOf<MembershipRelation>(row, 'relation', v.relation, MEMBERSHIP_RELATIONS) && ok;
    if (!ok || !check.unique(row, 'organization_slug', `${v.organization_slug} ${v.group_slug}`)) continue;

    const organization = organizations.get(v.organization_slug);
    const group = organizations.get(v.group_slug);
    if (!organization) {
      check.add(row, 'organization_slug', 'UNKNOWN_ORGANIZATION');
      ok = false;
    } else if (scope.kind === 'group' && !MEMBER_KINDS.includes(organization.kind)) {
      check.add(row, 'organization_slug', 'KIND_NOT_PERMITTED');
      ok = false;
    }
    if (!group) {
      check.add(row, 'group_slug', 'UNKNOWN_GROUP');
      ok = false;
    } else if (!GROUP_KINDS.includes(group.kind)) {
      check.add(row, 'group_slug', 'NOT_A_GROUP');
      ok = false;
    } else if (scope.kind === 'group' && group.id !== scope.groupId) {
      check.add(row, 'group_slug', 'GROUP_NOT_PERMITTED');
      ok = false;
    }
    if (organization && group && organization.id === group.id) {
      check.add(row, 'group_slug', 'SELF_MEMBERSHIP');
      ok = false;
    }
    if (!ok || !organization || !group) continue;

    const relation = v.relation as MembershipRelation;
    const current = existing.find((m) => m.organizationId === organization.id && m.groupId === group.id);
    if (!current) counts.created++;
    else if (current.relation === relation) {
      counts.unchanged++;
      continue;
    } else counts.updated++;
    writes.push({ organizationId: organization.id, groupId: group.id, relation });
  }
  return {
    ...counts,
    errors: check.errors,
    async apply(repo, now) {
      await repo.upsertMemberships(writes, now);
      return writes.map((w) => `${w.organizationId}:${w.groupId}`);
    },
  };
}

async function planContacts(
  repository: DirectoryQueries,
  scope: ImportScope,
  rows: CsvRow<'contacts'>[],
): Promise<Plan> {
  const check = new RowChecker();
  const organizations = await repository.findOrganizationsBySlugs(
    rows.map((r) => r.values.organization_slug),
  );
  const ids = [...organizations.values()].map((o) => o.id);
  const memberships = scope.kind === 'group' ? await repository.findMemberships(ids) : [];
  const existing = await repository.findContacts(ids);
  const writes: ContactWrite[] = [];
  const counts: Counts = { created: 0, updated: 0, unchanged: 0 };

  for (const { row, values: v } of rows) {
    let ok = check.slug(row, 'organization_slug', v.organization_slug);
    ok = check.oneOf<ContactRole>(row, 'role', v.role, CONTACT_ROLES) && ok;
    ok = check.required(row, 'name_ja', v.name_ja) && ok;
    ok = check.required(row, 'name_en', v.name_en) && ok;
    const fields: ContactFields = {
      nameJa: v.name_ja,
      nameEn: v.name_en,
      email: optional(v.email),
      phone: optional(v.phone),
      mobile: optional(v.mobile),
      fax: optional(v.fax),
    };
    for (const column of ['email', 'phone', 'mobile', 'fax'] as const) {
      if (v[column].length > MAX_CONTACT_FIELD[column]) {
        check.errors.push(rowError(row, column, 'TOO_LONG', { max: MAX_CONTACT_FIELD[column] }));
        ok = false;
      }
    }
    for (const problem of checkContactFields(fields)) {
      check.add(row, problem.field, problem.code);
      ok = false;
    }
    if (!ok || !check.unique(row, 'role', `${v.organization_slug} ${v.role}`)) continue;

    const organization = organizations.get(v.organization_slug);
    // An organization outside the secretariat's membership reads as unknown: no existence leak.
    if (!organization || !manages(scope, organization, memberships)) {
      check.add(row, 'organization_slug', 'UNKNOWN_ORGANIZATION');
      continue;
    }
    const role = v.role as ContactRole;
    const current = existing.find((c) => c.organizationId === organization.id && c.role === role);
    if (!current) counts.created++;
    else if (sameContactFields(current, fields)) {
      counts.unchanged++;
      continue;
    } else counts.updated++;
    writes.push({ organizationId: organization.id, role, ...fields });
  }
  return {
    ...counts,
    errors: check.errors,
    apply: (repo, now) => repo.upsertContacts(writes, now),
  };
}

const TARGET_TYPE = {
  organizations: 'organization',
  memberships: 'membership',
  contacts: 'contact',
} as const;

function byRow(a: CsvRowError, b: CsvRowError): number {
  return a.row - b.row || a.column.localeCompare(b.column);
}

function fieldErrors(errors: readonly CsvRowError[], viewer: Viewer): FieldError[] {
  return errors.map((e) => ({
    field: e.column ? `row ${e.row}: ${e.column}` : `row ${e.row}`,
    row: e.row,
    column: e.column,
    code: e.code,
    message: e.message[viewer.locale],
  }));
}

function dateStamp(now: Date): string {
  return now.toISOString().slice(0, 10).replace(/-/g, '');
}

export function createDirectoryCsvService(deps: DirectoryServiceDeps) {
  const { repository, clock, audit } = deps;

  return {
    /**
     * Imports one CSV file of `kind` as an idempotent upsert in one transaction: any row
     * error writes nothing (CSV_INVALID with the rows). A dry run reports the counts and
     * every error without writing and without failing. Rows absent from the file are kept.
     */
    async importCsv(
      viewer: Viewer,
      kind: DirectoryCsvKind,
      body: Buffer,
      options: { dryRun: boolean },
      origin?: RequestOrigin,
    ): Promise<DirectoryImportResult> {
      const scope = importScope(viewer);
      const parsed = parseCsv(decodeCsv(body), kind);
      const result = await repository.inTransaction(async (repo, trx) => {
        const plan =
          parsed.errors.length > 0 && parsed.rows.length === 0
            ? { created: 0, updated: 0, unchanged: 0, errors: [], apply: () => Promise.resolve([]) }
            : kind === 'organizations'
              ? await planOrganizations(repo, scope, parsed.rows)
              : kind === 'memberships'
                ? await planMemberships(repo, scope, parsed.rows)
                : await planContacts(repo, scope, parsed.rows);
        const errors = [...parsed.errors, ...plan.errors].sort(byRow);
        if (errors.length > 0 && !options.dryRun) {
          throw new AppError(
            'CSV_INVALID',
            { count: new Set(errors.map((e) => e.row)).size },
            fieldErrors(errors, viewer),
          );
        }
        const body: DirectoryImportResult = {
          dryRun: options.dryRun,
          kind,
          rows: parsed.rows.length,
          created: plan.created,
          updated: plan.updated,
          unchanged: plan.unchanged,
          errors,
        };
        if (!options.dryRun) {
          const touched = await plan.apply(repo, clock.now());
          await audit?.record(
            auditEvent(viewer, origin, 'directory.import', TARGET_TYPE[kind], touched, {
              kind,
              rows: body.rows,
              created: body.created,
              updated: body.updated,
              unchanged: body.unchanged,
            }),
            trx,
          );
        }
        return body;
      });
      if (!options.dryRun) audit?.flushSoon();
      return result;
    },

    /**
     * The directory as CSV in the import's columns (export → import is all unchanged),
     * filtered by the same visibility rule as the lists; `group` narrows to one group's members.
     */
    async exportCsv(
      viewer: Viewer,
      kind: DirectoryCsvKind,
      group: string | undefined,
      origin?: RequestOrigin,
    ): Promise<{ filename: string; csv: string; rows: number }> {
      let groupId: string | undefined;
      if (group !== undefined) {
        const found = await repository.findVisibleOrganization(viewer, { slug: group });
        if (!found) throw new AppError('ORGANIZATION_NOT_FOUND');
        groupId = found.id;
      }
      let rows: (string | null)[][];
      // Contact points are personal data: the audit names whose were exported.
      let contactOrganizations: string[] = [];
      if (kind === 'organizations') {
        const list = await repository.exportOrganizations(viewer, groupId);
        rows = list.map((o) => [
          o.slug,
          o.kind,
          o.nameJa,
          o.nameEn,
          o.sectorCode,
          o.memberKind,
          o.prefectureCode,
        ]);
      } else if (kind === 'memberships') {
        const list = await repository.exportMemberships(viewer, groupId);
        rows = list.map((m) => [m.organizationSlug, m.groupSlug, m.relation]);
      } else {
        const list = await repository.exportContacts(viewer, groupId);
        rows = list.map((c) => [
          c.organizationSlug,
          c.role,
          c.nameJa,
          c.nameEn,
          c.email,
          c.phone,
          c.mobile,
          c.fax,
        ]);
        contactOrganizations = [...new Set(list.map((c) => c.organizationId))];
      }
      await audit?.record(
        auditEvent(viewer, origin, 'directory.export', 'organization', contactOrganizations, {
          kind,
          group: group ?? null,
          rows: rows.length,
        }),
      );
      // Slugs are header-safe already; the filter keeps the Content-Disposition header so regardless.
      const suffix = group ? `-${group.replace(/[^a-z0-9-]/g, '-')}` : '';
      const filename = `cipx-${kind}${suffix}-${dateStamp(clock.now())}.csv`;
      return { filename, csv: toCsv(DIRECTORY_CSV_COLUMNS[kind], rows), rows: rows.length };
    },
  };
}

export type DirectoryCsvService = ReturnType<typeof createDirectoryCsvService>;
