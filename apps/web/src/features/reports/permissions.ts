import { ROLES, type Me, type ReportDetail, type ReportStatus, type Role } from '../../lib/types.js';

/**
 * Which actions to offer on a report. The server decides (and answers 403/409 otherwise);
 * these mirror its rules only so the page does not offer what would be refused.
 */
export const roleAtLeast = (role: Role, minimum: Role): boolean =>
  ROLES.indexOf(role) <= ROLES.indexOf(minimum);

export type StatusTarget = 'under_analysis' | 'resolved' | 'closed';

const NEXT_STATUSES: Record<ReportStatus, readonly StatusTarget[]> = {
  draft: [],
  submitted: ['under_analysis'],
  acknowledged: ['under_analysis'],
  under_analysis: ['resolved'],
  resolved: ['under_analysis', 'closed'],
  closed: [],
};

export interface ReportActions {
  editDraft: boolean;
  addFacts: boolean;
  acknowledge: boolean;
  /** The viewer's organization holds a hop to review: forward or decline. */
  forward: boolean;
  statuses: StatusTarget[];
  rate: boolean;
  /** The coordinator's or a ministry's analysts who received the report ask the reporter. */
  askFollowUp: boolean;
  /** The originator answers questions, files stage reports and gives consent. */
  answerFollowUp: boolean;
  comment: boolean;
  stageReport: boolean;
  /** Consent route only: something still waits for the reporter's consent. */
  consent: boolean;
  /** Attach files: the originator (drafts too), or the analysts of an organization the report reached. */
  attach: boolean;
}

export function reportActions(report: ReportDetail, me: Me): ReportActions {
  const org = me.organization.id;
  const reporter = roleAtLeast(me.role, 'reporter');
  const analyst = roleAtLeast(me.role, 'analyst');
  const reached = report.hops.filter((h) => h.status === 'forwarded' && h.toOrgId === org);
  const recipient = reached.length > 0;
  const overseer = me.organization.kind === 'coordinator' || me.organization.kind === 'ministry';
  const open = report.status !== 'draft' && report.status !== 'closed';
  return {
    editDraft: report.viewerIsOriginator && reporter && report.status === 'draft',
    addFacts: report.viewerIsOriginator && reporter && open,
    acknowledge: analyst && open && reached.some((h) => h.acknowledgedAt === null),
    forward:
      analyst &&
      open &&
      report.hops.some((h) => h.status === 'pending' && h.fromOrgId === org && h.mode === 'reviewed'),
    statuses:
      analyst && recipient && overseer
        ? NEXT_STATUSES[report.status].filter((s) => s !== 'closed' || me.organization.kind === 'coordinator')
        : [],
    rate: report.status !== 'draft' && (report.viewerIsOriginator ? reporter : analyst),
    askFollowUp: analyst && recipient && overseer && open,
    answerFollowUp: report.viewerIsOriginator && reporter && open,
    comment: open && ((report.viewerIsOriginator && reporter) || (recipient && analyst)),
    stageReport: report.viewerIsOriginator && reporter && open,
    consent:
      report.viewerIsOriginator &&
      reporter &&
      open &&
      report.route === 'consent' &&
      report.hops.some((h) => h.status === 'held_for_consent'),
    attach: report.status !== 'closed' && ((report.viewerIsOriginator && reporter) || (recipient && analyst)),
  };
}
