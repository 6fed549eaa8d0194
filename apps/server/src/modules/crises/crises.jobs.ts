import type { Config } from '../../config.js';
import type { JobContext, JobHandlers } from '../../platform/jobs/outbox.js';
import type { Mailer } from '../../platform/mail/mailer.js';
import { nextReminderAt } from './crisis.js';
import { reminderMail } from './crises.mail.js';
import type { CrisesRepository } from './crises.repository.js';
import { CRISIS_JOBS, reminderJob, type CrisesAudit } from './crises.service.js';

export interface CrisesJobDeps {
  repository: CrisesRepository;
  mailer: Mailer;
  config: Pick<Config, 'publicUrl'>;
  audit?: CrisesAudit | undefined;
}

function parsePayload(payload: Record<string, unknown>): { crisisId: string; reportId: string } {
  const { crisisId, reportId } = payload;
  if (typeof crisisId !== 'string' || typeof reportId !== 'string') {
    throw new Error('crisis reminder payload lacks crisisId or reportId');
  }
  return { crisisId, reportId };
}

/**
 * `crises.remind`: while a crisis lasts, asks a linked report's originator for an update
 * when none came in during the last interval. The job does not trust the time it was planned
 * for: it computes the due time from the link, the last reminder and the originator's last
 * update, and reschedules itself (a job keyed by that due time) when it woke early — after an
 * update, or a longer interval. Each run that reminds chains the next; a run that finds the
 * crisis ended or the report resolved or closed ends the chain.
 */
export function createCrisesJobs(deps: CrisesJobDeps): JobHandlers {
  const { repository, mailer, config, audit } = deps;
  const mailDomain = new URL(config.publicUrl).hostname || 'cipx.invalid';

  async function remind(raw: Record<string, unknown>, context: JobContext): Promise<void> {
    const { crisisId, reportId } = parsePayload(raw);
    const facts = await repository.reminderFacts(crisisId, reportId);
    if (!facts) return;
    const due = nextReminderAt({
      crisisEndedAt: facts.crisis.endedAt,
      intervalMinutes: facts.crisis.intervalMinutes,
      reportStatus: facts.report.status,
      linkedAt: facts.linkedAt,
      lastRemindedAt: facts.lastRemindedAt,
      lastUpdateAt: facts.lastUpdateAt,
    });
    if (due === null) return;
    const clock = context.clock;
    if (clock.now().getTime() < due.getTime()) {
      await repository.enqueue([reminderJob(crisisId, reportId, due)], clock);
      return;
    }

    const addresses = await repository.reminderAddresses(
      facts.report.originatorOrgId,
      facts.report.authorUserId,
    );
    const mail = reminderMail({
      crisis: {
        title: { ja: facts.crisis.titleJa, en: facts.crisis.titleEn },
        tlp: facts.crisis.tlp,
        exercise: facts.crisis.exercise,
      },
      report: {
        number: facts.report.number,
        title: facts.report.title,
        tlp: facts.report.tlp,
        exercise: facts.report.exercise,
      },
      intervalMinutes: facts.crisis.intervalMinutes,
      link: `${config.publicUrl}/reports/${reportId}`,
    });
    // Sent before the reminder is recorded, so a failed send is retried with the same Message-IDs.
    for (const [i, to] of addresses.entries()) {
      await mailer.send({
        to,
        ...mail,
        messageId: `<crisis-reminder-${crisisId}.${reportId}.${due.getTime()}.${i}@${mailDomain}>`,
      });
    }

    await repository.inTransaction(async (q, trx) => {
      const locked = await q.lockLink(crisisId, reportId);
      // Another run reminded in the meantime: it has chained the next reminder already.
      if (!locked || locked.lastRemindedAt?.getTime() !== facts.lastRemindedAt?.getTime()) return;
      const now = clock.now();
      await q.markReminded(crisisId, reportId, now);
      await q.enqueue(
        [reminderJob(crisisId, reportId, new Date(now.getTime() + facts.crisis.intervalMinutes * 60_000))],
        clock,
      );
      await audit?.record(
        {
          action: 'crises.remind',
          actor: { userId: null, organizationId: null, label: 'CIPX' },
          targetType: 'crisis',
          targetIds: [crisisId, reportId],
          detail: { recipients: addresses.length, due: due.toISOString() },
        },
        trx,
      );
    });
    audit?.flushSoon();
  }

  return { [CRISIS_JOBS.remind]: remind };
}
