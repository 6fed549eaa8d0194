import type { ContactRole, OrganizationKind, ReportStatus, Role } from '@cipx/contracts';
import type { Kysely, Selectable } from 'kysely';
import type { Database, ReportHopTable, ReportTable } from '../../platform/db/tables.js';

// Queries of the escalation of unacknowledged reports: the per-organization intervals
// (columns of routing_settings) and what one escalation step needs to know about a hop.

/** How long a recipient organization has to acknowledge before the next contact is called. */
export interface EscalationSetting {
  afterMinutes: number;
  severeAfterMinutes: number;
}

export interface EscalationPerson {
  userId: string;
  email: string;
  role: Role;
}

export interface EscalationFacts {
  report: Selectable<ReportTable>;
  hop: Selectable<ReportHopTable>;
  organization: {
    id: string;
    kind: OrganizationKind;
    sectorCode: string | null;
    nameJa: string;
    nameEn: string;
  };
  /** The originator as the recipient organization may know it (the relay for anonymized reports). */
  presentedOriginator: { nameJa: string; nameEn: string } | null;
  setting: EscalationSetting | undefined;
  contacts: { role: ContactRole; email: string | null; userId: string | null }[];
  /** Active people of the recipient organization with their role there. */
  people: EscalationPerson[];
}

export function escalationQueries(db: Kysely<Database>) {
  async function settings(organizationIds: readonly string[]): Promise<Map<string, EscalationSetting>> {
    const found = new Map<string, EscalationSetting>();
    if (organizationIds.length === 0) return found;
    const rows = await db
      .selectFrom('routing_settings')
      .select(['organization_id', 'escalate_after_minutes', 'escalate_severe_after_minutes'])
      .where('organization_id', 'in', [...organizationIds])
      .execute();
    for (const r of rows) {
      found.set(r.organization_id, {
        afterMinutes: r.escalate_after_minutes,
        severeAfterMinutes: r.escalate_severe_after_minutes,
      });
    }
    return found;
  }

  return {
    settings,

    /** Sets an organization's intervals; an organization without routing settings keeps the default (automatic) mode. */
    async setSetting(organizationId: string, setting: EscalationSetting, at: Date): Promise<void> {
      await db
        .insertInto('routing_settings')
        .values({
          organization_id: organizationId,
          mode: 'automatic',
          escalate_after_minutes: setting.afterMinutes,
          escalate_severe_after_minutes: setting.severeAfterMinutes,
          updated_at: at,
        })
        .onConflict((oc) =>
          oc.column('organization_id').doUpdateSet({
            escalate_after_minutes: setting.afterMinutes,
            escalate_severe_after_minutes: setting.severeAfterMinutes,
            updated_at: at,
          }),
        )
        .execute();
    },

    async findFacts(reportId: string, hopSeq: number): Promise<EscalationFacts | undefined> {
      const report = await db.selectFrom('reports').selectAll().where('id', '=', reportId).executeTakeFirst();
      const hop = await db
        .selectFrom('report_hops')
        .selectAll()
        .where('report_id', '=', reportId)
        .where('seq', '=', hopSeq)
        .executeTakeFirst();
      if (!report || !hop) return undefined;
      const organization = await db
        .selectFrom('organizations')
        .select(['id', 'kind', 'sector_code', 'name_ja', 'name_en'])
        .where('id', '=', hop.to_org_id)
        .executeTakeFirstOrThrow();
      const knows =
        !report.anonymized ||
        organization.id === report.originator_org_id ||
        organization.id === report.relay_org_id;
      const presentedId = knows ? report.originator_org_id : report.relay_org_id;
      const presented =
        presentedId === null
          ? undefined
          : await db
              .selectFrom('organizations')
              .select(['name_ja', 'name_en'])
              .where('id', '=', presentedId)
              .executeTakeFirst();
      const setting = (await settings([organization.id])).get(organization.id);
      const contacts = await db
        .selectFrom('contacts')
        .select(['role', 'email', 'user_id'])
        .where('organization_id', '=', organization.id)
        .orderBy('id')
        .execute();
      const people = await db
        .selectFrom('user_roles as ur')
        .innerJoin('users as u', 'u.id', 'ur.user_id')
        .select(['u.id', 'u.email', 'ur.role'])
        .where('ur.organization_id', '=', organization.id)
        .where('u.disabled_at', 'is', null)
        .orderBy('u.email')
        .execute();
      return {
        report,
        hop,
        organization: {
          id: organization.id,
          kind: organization.kind,
          sectorCode: organization.sector_code,
          nameJa: organization.name_ja,
          nameEn: organization.name_en,
        },
        presentedOriginator: presented ? { nameJa: presented.name_ja, nameEn: presented.name_en } : null,
        setting,
        contacts: contacts.map((c) => ({ role: c.role, email: c.email, userId: c.user_id })),
        people: people.map((p) => ({ userId: p.id, email: p.email, role: p.role })),
      };
    },

    /** Forwarded hops to the organization still waiting for its acknowledgement. */
    async awaitingHops(
      reportId: string,
      organizationId: string,
    ): Promise<{ seq: number; forwardedAt: Date | null }[]> {
      const rows = await db
        .selectFrom('report_hops')
        .select(['seq', 'forwarded_at'])
        .where('report_id', '=', reportId)
        .where('to_org_id', '=', organizationId)
        .where('status', '=', 'forwarded')
        .where('acknowledged_at', 'is', null)
        .orderBy('seq')
        .execute();
      return rows.map((r) => ({ seq: r.seq, forwardedAt: r.forwarded_at }));
    },

    /** The hop and report state an escalation re-checks under the report's lock before recording. */
    async hopState(
      reportId: string,
      hopSeq: number,
    ): Promise<
      | { status: ReportHopTable['status']; acknowledgedAt: Date | null; reportStatus: ReportStatus }
      | undefined
    > {
      const row = await db
        .selectFrom('report_hops as h')
        .innerJoin('reports as r', 'r.id', 'h.report_id')
        .select(['h.status', 'h.acknowledged_at', 'r.status as report_status'])
        .where('h.report_id', '=', reportId)
        .where('h.seq', '=', hopSeq)
        .executeTakeFirst();
      return row
        ? { status: row.status, acknowledgedAt: row.acknowledged_at, reportStatus: row.report_status }
        : undefined;
    },
  };
}

export type EscalationQueries = ReturnType<typeof escalationQueries>;
