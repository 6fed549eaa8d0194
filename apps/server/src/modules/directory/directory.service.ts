import type {
  Contact,
  ContactInput,
  ContactRole,
  Organization,
  OrganizationDetail,
  OrganizationListQuery,
  OrganizationPage,
  OrganizationSummary,
} from '@cipx/contracts';
import { AppError } from '../../shared/app-error.js';
import type { Clock } from '../../shared/clock.js';
import { decodeCursor, encodeCursor } from '../../shared/cursor.js';
import type { Viewer } from '../../shared/viewer.js';
import type { AuditEventInput, AuditService } from '../audit/index.js';
import { roleAtLeast } from '../identity/guards.js';
import type { DirectoryRepository } from './directory.repository.js';
import {
  GROUP_KINDS,
  checkContactFields,
  type ContactFields,
  type ContactRecord,
  type OrganizationRecord,
} from './organization.js';

/**
 * Writes and every read of contact points (personal data) go to the audit log. Routes pass
 * where the request came from so the event carries its request id and address.
 */
export type DirectoryAudit = Pick<AuditService, 'record' | 'flushSoon'>;

export interface RequestOrigin {
  requestId: string | null;
  ip: string | null;
}

export type DirectoryAction =
  'directory.contacts.read' | 'directory.contact.update' | 'directory.import' | 'directory.export';

export function auditEvent(
  viewer: Viewer,
  origin: RequestOrigin | undefined,
  action: DirectoryAction,
  targetType: 'organization' | 'membership' | 'contact',
  targetIds: string[],
  detail: Record<string, unknown>,
): AuditEventInput {
  return {
    action,
    actor: { userId: viewer.userId, organizationId: viewer.organizationId },
    targetType,
    targetIds,
    detail,
    requestId: origin?.requestId ?? null,
    ip: origin?.ip ?? null,
  };
}

export interface DirectoryServiceDeps {
  repository: DirectoryRepository;
  clock: Clock;
  audit?: DirectoryAudit | undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function toSummary(o: OrganizationRecord): OrganizationSummary {
  return {
    id: o.id,
    slug: o.slug,
    kind: o.kind,
    name: { ja: o.nameJa, en: o.nameEn },
    sectorCode: o.sectorCode,
    memberKind: o.memberKind,
    prefectureCode: o.prefectureCode,
    synthetic: o.synthetic,
  };
}

function toOrganization(o: OrganizationRecord): Organization {
  return {
    ...toSummary(o),
    validFrom: o.validFrom,
    validTo: o.validTo,
    updatedAt: o.updatedAt.toISOString(),
  };
}

export function toContact(c: ContactRecord): Contact {
  return {
    id: c.id,
    organizationId: c.organizationId,
    role: c.role,
    name: { ja: c.nameJa, en: c.nameEn },
    email: c.email,
    phone: c.phone,
    mobile: c.mobile,
    fax: c.fax,
    updatedAt: c.updatedAt.toISOString(),
  };
}

function blankToNull(value: string | null | undefined): string | null {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}

export function createDirectoryService(deps: DirectoryServiceDeps) {
  const { repository, clock, audit } = deps;

  async function visibleOrNotFound(viewer: Viewer, id: string) {
    const organization = await repository.findVisibleOrganization(viewer, { id });
    if (!organization) throw new AppError('ORGANIZATION_NOT_FOUND');
    return organization;
  }

  /** A group given by slug or id, if the viewer may see it. */
  async function resolveGroup(viewer: Viewer, group: string): Promise<OrganizationRecord> {
    const found = await repository.findVisibleOrganization(
      viewer,
      UUID.test(group) ? { id: group } : { slug: group },
    );
    if (!found) throw new AppError('ORGANIZATION_NOT_FOUND');
    return found;
  }

  return {
    /** Organizations the viewer may see, in English-name order; pages are stable while rows are added. */
    async listOrganizations(viewer: Viewer, query: OrganizationListQuery): Promise<OrganizationPage> {
      const limit = query.limit ?? 50;
      let after: readonly [string, string] | undefined;
      if (query.cursor !== undefined) {
        const [nameEn, id] = decodeCursor(query.cursor, 2);
        if (typeof nameEn !== 'string' || typeof id !== 'string' || !UUID.test(id)) {
          throw new AppError('BAD_REQUEST', { reason: 'cursor' });
        }
        after = [nameEn, id];
      }
      const groupId = query.group !== undefined ? (await resolveGroup(viewer, query.group)).id : undefined;
      const rows = await repository.listOrganizations(
        viewer,
        {
          q: query.q?.trim() || undefined,
          kind: query.kind,
          sectorCode: query.sector,
          groupId,
          relation: groupId !== undefined ? query.relation : undefined,
        },
        after,
        limit,
      );
      const items = rows.slice(0, limit);
      const last = items.at(-1);
      return {
        items: items.map(toSummary),
        ...(rows.length > limit && last ? { next: encodeCursor([last.nameEn, last.id]) } : {}),
      };
    },

    async getOrganization(viewer: Viewer, id: string, origin?: RequestOrigin): Promise<OrganizationDetail> {
      const organization = await visibleOrNotFound(viewer, id);
      const groups = await repository.listGroupsOf(viewer, id);
      const memberCounts = GROUP_KINDS.includes(organization.kind)
        ? await repository.countMembers(id)
        : undefined;
      let contacts: Contact[] | null = null;
      if (organization.contactsVisible) {
        const records = await repository.listContacts(id);
        contacts = records.map(toContact);
        await audit?.record(
          auditEvent(
            viewer,
            origin,
            'directory.contacts.read',
            'contact',
            records.map((c) => c.id),
            {
              organizationId: id,
            },
          ),
        );
      }
      return {
        organization: toOrganization(organization),
        groups: groups.map((g) => ({ organization: toSummary(g.group), relation: g.relation })),
        ...(memberCounts ? { memberCounts } : {}),
        contacts,
      };
    },

    /** Contact points; invisible ones answer ORGANIZATION_NOT_FOUND like an unknown organization. */
    async listContacts(viewer: Viewer, organizationId: string, origin?: RequestOrigin): Promise<Contact[]> {
      const organization = await visibleOrNotFound(viewer, organizationId);
      if (!organization.contactsVisible) throw new AppError('ORGANIZATION_NOT_FOUND');
      const records = await repository.listContacts(organizationId);
      await audit?.record(
        auditEvent(
          viewer,
          origin,
          'directory.contacts.read',
          'contact',
          records.map((c) => c.id),
          {
            organizationId,
          },
        ),
      );
      return records.map(toContact);
    },

    /**
     * Sets one contact point. Managers and admins of the organization itself, of the
     * coordinator, or of a group it belongs to may write; others get FORBIDDEN if they may
     * see the contacts, ORGANIZATION_NOT_FOUND if not.
     */
    async putContact(
      viewer: Viewer,
      organizationId: string,
      role: ContactRole,
      input: ContactInput,
      origin?: RequestOrigin,
    ): Promise<{ contact: Contact; created: boolean }> {
      const organization = await visibleOrNotFound(viewer, organizationId);
      if (!organization.contactsVisible) throw new AppError('ORGANIZATION_NOT_FOUND');
      if (!roleAtLeast(viewer.role, 'manager') || viewer.organizationKind === 'ministry') {
        throw new AppError('FORBIDDEN');
      }
      const fields: ContactFields = {
        nameJa: input.nameJa.trim(),
        nameEn: input.nameEn.trim(),
        email: blankToNull(input.email),
        phone: blankToNull(input.phone),
        mobile: blankToNull(input.mobile),
        fax: blankToNull(input.fax),
      };
      const problems = checkContactFields(fields);
      const missing = (['nameJa', 'nameEn'] as const).filter((f) => fields[f] === '');
      if (problems.length > 0 || missing.length > 0) {
        throw new AppError('VALIDATION_FAILED', {}, [
          ...missing.map((f) => ({ field: `/body/${f}`, code: 'REQUIRED', message: 'a value is required' })),
          ...problems.map((p) => ({
            field: `/body/${p.field}`,
            code: p.code,
            message:
              p.code === 'INVALID_EMAIL' ? 'not a valid e-mail address' : 'not a valid telephone number',
          })),
        ]);
      }
      const result = await repository.upsertContact({ organizationId, role, ...fields }, clock.now());
      await audit?.record(
        auditEvent(viewer, origin, 'directory.contact.update', 'contact', [result.contact.id], {
          organizationId,
          role,
          created: result.created,
        }),
      );
      return { contact: toContact(result.contact), created: result.created };
    },
  };
}

export type DirectoryService = ReturnType<typeof createDirectoryService>;
