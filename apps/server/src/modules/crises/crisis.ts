import type { AudienceEntry, CrisisUpdateKind, OrganizationKind, ReportStatus, Role } from '@cipx/contracts';
import { roleAtLeast } from '../identity/index.js';

// Large-scale outage mode as pure rules (DOMAIN.md §5.6): who may declare, end and steer a
// crisis, who may link reports and post to its thread, and when a linked report's originator
// is due a reminder to send an update. No I/O.

export const DEFAULT_UPDATE_INTERVAL_MINUTES = 60;

export interface CrisisActor {
  role: Role;
  organizationKind: OrganizationKind;
  organizationId: string;
}

/** Only the coordinator's analysts and above declare a crisis: it switches the whole system's mode. */
export function mayDeclare(actor: CrisisActor): boolean {
  return actor.organizationKind === 'coordinator' && roleAtLeast(actor.role, 'analyst');
}

/** Ending a crisis and changing its interval belong to the declaring coordinator. */
export function maySteer(actor: CrisisActor, crisis: { originatorOrgId: string }): boolean {
  return mayDeclare(actor) && actor.organizationId === crisis.originatorOrgId;
}

/**
 * Linking a report the viewer can see: its own organization's reporters may add their own
 * reports; anyone else needs the analyst role (a ministry, a CEPTOAR, the coordinator).
 */
export function mayLink(actor: CrisisActor, viewerIsOriginator: boolean): boolean {
  return roleAtLeast(actor.role, viewerIsOriginator ? 'reporter' : 'analyst');
}

/** The situation statement is the coordinator's; updates and notes come from anyone taking part. */
export function mayPost(actor: CrisisActor, kind: CrisisUpdateKind): boolean {
  if (kind === 'situation')
    return actor.organizationKind === 'coordinator' && roleAtLeast(actor.role, 'analyst');
  return roleAtLeast(actor.role, 'reporter');
}

/**
 * Who a crisis is addressed to when the declarer names nobody: its sectors and their
 * responsible ministries (a ministry belongs to no sector itself), or all CI.
 */
export function defaultAudience(
  sectors: readonly string[],
  ministryOrgIds: readonly string[],
): AudienceEntry[] {
  if (sectors.length === 0) return [{ kind: 'all_ci' }];
  return [
    ...sectors.map((sectorCode): AudienceEntry => ({ kind: 'sector', sectorCode })),
    ...[...new Set(ministryOrgIds)].map((organizationId): AudienceEntry => ({
      kind: 'organization',
      organizationId,
    })),
  ];
}

/** Reports that need no more updates. */
const SETTLED: readonly ReportStatus[] = ['resolved', 'closed'];

export interface ReminderState {
  crisisEndedAt: Date | null;
  intervalMinutes: number;
  reportStatus: ReportStatus;
  linkedAt: Date;
  lastRemindedAt: Date | null;
  /** The originator's latest timeline entry on the report, or post in the crisis thread. */
  lastUpdateAt: Date | null;
}

/**
 * When the originator is next due a reminder, or null once the chain must stop (the crisis
 * ended, the report is resolved or closed). An interval counts from the latest of the link,
 * the last reminder and the originator's last update, so an update resets the clock.
 */
export function nextReminderAt(state: ReminderState): Date | null {
  if (state.crisisEndedAt !== null || SETTLED.includes(state.reportStatus)) return null;
  const base = Math.max(
    state.linkedAt.getTime(),
    state.lastRemindedAt?.getTime() ?? 0,
    state.lastUpdateAt?.getTime() ?? 0,
  );
  return new Date(base + state.intervalMinutes * 60_000);
}
