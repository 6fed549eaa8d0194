import { CONTACT_ROLES, type ContactRole } from '@cipx/contracts';
import type { Config } from '../../config.js';
import type { JobHandlers } from '../../platform/jobs/outbox.js';
import type { Mailer } from '../../platform/mail/mailer.js';
import type { Clock } from '../../shared/clock.js';
import { canSee, protectedItemFromRow } from '../access/index.js';
import { arrivalMail } from './reports.mail.js';
import type { ReportsRepository } from './reports.repository.js';
import { REPORT_JOBS } from './reports.service.js';

export interface ReportsJobDeps {
  repository: Pick<ReportsRepository, 'arrivalFacts'>;
  mailer: Mailer;
  config: Pick<Config, 'publicUrl'>;
  /** Starts the wait for the recipient's acknowledgement (reports.escalation.ts). */
  onArrival?: ((reportId: string, organizationId: string, clock: Clock) => Promise<void>) | undefined;
}

/** Overall severity from which the 24/7 duty contact is woken first. */
export const DUTY_FIRST_SEVERITY = 3;

/** Whom to mail first: the vocabulary's order, or the 24/7 duty contact first for a severe report. */
export function contactOrder(severityOverall: number | null): ContactRole[] {
  if (severityOverall === null || severityOverall < DUTY_FIRST_SEVERITY) return [...CONTACT_ROLES];
  return ['duty_24x7', ...CONTACT_ROLES.filter((r) => r !== 'duty_24x7')];
}

function text(payload: Record<string, unknown>, key: string): string {
  const value = payload[key];
  if (typeof value !== 'string') throw new Error(`job payload lacks ${key}`);
  return value;
}

/**
 * `reports.arrived`: mails the recipient organization's contact points that a report has
 * reached it. Each contact is checked against the access policy as a person of that
 * organization, so a TLP:RED report is announced only to contacts who are named
 * recipients. A retry resends with the same Message-ID, so receivers can drop duplicates.
 */
export function createReportsJobs(deps: ReportsJobDeps): JobHandlers {
  const { repository, mailer, config } = deps;
  const mailDomain = new URL(config.publicUrl).hostname || 'cipx.invalid';
  return {
    async [REPORT_JOBS.arrived](payload, context) {
      const reportId = text(payload, 'reportId');
      const organizationId = text(payload, 'organizationId');
      const facts = await repository.arrivalFacts(reportId, organizationId);
      if (!facts) return;
      await deps.onArrival?.(reportId, organizationId, context.clock);
      const { report, organization } = facts;
      const item = protectedItemFromRow(report);
      const severity = report.severity_overall;
      const order = contactOrder(severity);
      const contacts = [...facts.contacts].sort((a, b) => order.indexOf(a.role) - order.indexOf(b.role));
      for (const contact of contacts) {
        if (contact.email === null) continue;
        const reader = {
          userId: contact.userId ?? '',
          organizationId: organization.id,
          organizationKind: organization.kind,
          sectorCode: organization.sectorCode,
          communities: [],
        };
        if (!canSee(reader, item)) continue;
        const mail = arrivalMail({
          number: report.number,
          kind: report.kind,
          tlp: item.tlp,
          exercise: report.exercise,
          sectorCode: report.sector_code,
          serviceImpact: report.service_impact,
          reportedAt: report.reported_at,
          severityOverall: severity,
          originator: facts.presentedOriginator
            ? { ja: facts.presentedOriginator.nameJa, en: facts.presentedOriginator.nameEn }
            : null,
          recipient: { ja: organization.nameJa, en: organization.nameEn },
          title: report.title,
          description: report.description,
          link: `${config.publicUrl}/reports/${report.id}`,
        });
        await mailer.send({
          to: contact.email,
          ...mail,
          messageId: `<report-${report.id}.${organization.id}.${contact.role}@${mailDomain}>`,
        });
      }
    },
  };
}
