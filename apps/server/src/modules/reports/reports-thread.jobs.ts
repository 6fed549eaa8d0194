import { CONTACT_ROLES } from '@cipx/contracts';
import type { Config } from '../../config.js';
import type { JobHandlers } from '../../platform/jobs/outbox.js';
import type { Mailer } from '../../platform/mail/mailer.js';
import { canSee, protectedItemFromRow } from '../access/index.js';
import { followUpMail, relayedMail, type FollowUpReader } from './reports-thread.mail.js';
import type { ArrivalFacts, ReportsRepository } from './reports.repository.js';
import { REPORT_JOBS } from './reports.service.js';

export interface ReportsThreadJobDeps {
  repository: Pick<ReportsRepository, 'arrivalFacts' | 'findTimelineEntry' | 'organizationNames'>;
  mailer: Mailer;
  config: Pick<Config, 'publicUrl'>;
}

function text(payload: Record<string, unknown>, key: string): string {
  const value = payload[key];
  if (typeof value !== 'string') throw new Error(`job payload lacks ${key}`);
  return value;
}

/**
 * `reports.follow_up` (a question or answer to one organization's contacts) and
 * `reports.relayed` (the originator of an anonymized report hears its relay forwarded it).
 * Like arrival notices, each contact is checked against the access policy as a person of its
 * organization, and a retry resends with the same Message-ID.
 */
export function createReportsThreadJobs(deps: ReportsThreadJobDeps): JobHandlers {
  const { repository, mailer, config } = deps;
  const mailDomain = new URL(config.publicUrl).hostname || 'cipx.invalid';

  async function mailContacts(
    facts: ArrivalFacts,
    tag: string,
    mail: { subject: string; text: string },
  ): Promise<void> {
    const { report, organization } = facts;
    const item = protectedItemFromRow(report);
    const contacts = [...facts.contacts].sort(
      (a, b) => CONTACT_ROLES.indexOf(a.role) - CONTACT_ROLES.indexOf(b.role),
    );
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
      await mailer.send({
        to: contact.email,
        ...mail,
        messageId: `<report-${report.id}.${tag}.${organization.id}.${contact.role}@${mailDomain}>`,
      });
    }
  }

  const nameOf = (facts: { nameJa: string; nameEn: string } | undefined) =>
    facts ? { ja: facts.nameJa, en: facts.nameEn } : { ja: '—', en: '—' };

  return {
    async [REPORT_JOBS.followUp](payload) {
      const reportId = text(payload, 'reportId');
      const entryId = text(payload, 'entryId');
      const organizationId = text(payload, 'organizationId');
      const facts = await repository.arrivalFacts(reportId, organizationId);
      const entry = await repository.findTimelineEntry(reportId, entryId);
      if (!facts || !entry) return;
      const followUpId = entry.detail['followUpId'];
      const question =
        entry.kind === 'follow_up_question'
          ? entry
          : typeof followUpId === 'string'
            ? await repository.findTimelineEntry(reportId, followUpId)
            : undefined;
      if (!question || question.actorOrgId === null) return;
      const { report, organization } = facts;
      const relayId = question.detail['viaRelay'] === true ? report.relay_org_id : null;
      const names = await repository.organizationNames(
        [question.actorOrgId, relayId].filter((id): id is string => id !== null),
      );
      const event = entry.kind === 'follow_up_question' ? 'question' : 'answer';
      const reader: FollowUpReader =
        organizationId === relayId ? 'relay' : event === 'question' ? 'reporter' : 'asker';
      const mail = followUpMail({
        event,
        reader,
        number: report.number,
        tlp: report.tlp,
        exercise: report.exercise,
        recipient: { ja: organization.nameJa, en: organization.nameEn },
        asker: nameOf(names.get(question.actorOrgId)),
        relay: relayId === null ? null : nameOf(names.get(relayId)),
        // The originator as this organization may know it: the relay, for an anonymized report.
        answeredBy: facts.presentedOriginator ? nameOf(facts.presentedOriginator) : null,
        question: typeof question.detail['question'] === 'string' ? question.detail['question'] : '',
        answer:
          event === 'answer' && typeof entry.detail['answer'] === 'string' ? entry.detail['answer'] : null,
        link: `${config.publicUrl}/reports/${report.id}`,
      });
      await mailContacts(facts, entryId, mail);
    },

    async [REPORT_JOBS.relayed](payload) {
      const reportId = text(payload, 'reportId');
      const organizationId = text(payload, 'organizationId');
      const facts = await repository.arrivalFacts(reportId, organizationId);
      const relayId = facts?.report.relay_org_id ?? null;
      if (!facts || relayId === null) return;
      const { report, organization } = facts;
      const names = await repository.organizationNames([relayId]);
      const mail = relayedMail({
        number: report.number,
        tlp: report.tlp,
        exercise: report.exercise,
        recipient: { ja: organization.nameJa, en: organization.nameEn },
        relay: nameOf(names.get(relayId)),
        link: `${config.publicUrl}/reports/${report.id}`,
      });
      await mailContacts(facts, 'relayed', mail);
    },
  };
}
