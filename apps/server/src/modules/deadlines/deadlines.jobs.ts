import type { Config } from '../../config.js';
import type { JobContext, JobHandlers } from '../../platform/jobs/outbox.js';
import type { Mailer } from '../../platform/mail/mailer.js';
import { jobApplies, type DeadlineJobPayload } from './deadline.js';
import { escalationMail, reminderMail } from './deadlines.mail.js';
import type { ContactAddress, DeadlinesRepository } from './deadlines.repository.js';
import { DEADLINE_JOBS, type DeadlinesAudit, type DeadlinesService } from './deadlines.service.js';

export interface DeadlineJobDeps {
  repository: DeadlinesRepository;
  service: Pick<DeadlinesService, 'recomputeForReport'>;
  mailer: Mailer;
  config: Pick<Config, 'publicUrl'>;
  audit?: DeadlinesAudit | undefined;
}

function parsePayload(payload: Record<string, unknown>): DeadlineJobPayload {
  const { deadlineId, revision, dueAt } = payload;
  if (typeof deadlineId !== 'string' || typeof revision !== 'number' || typeof dueAt !== 'string') {
    throw new Error('deadline job payload lacks deadlineId, revision or dueAt');
  }
  return { deadlineId, revision, dueAt };
}

/**
 * Reminder before and escalation after a deadline (DESIGN.md §4.2). Each job first brings the
 * report's clocks up to date (so an anchor edited without a recompute, or a stage met by a
 * flagged entry, is seen), then runs only if the deadline is still open under the schedule
 * revision it was planned for. Mail goes out before the deadline is marked, so a failed send
 * is retried; a retried send repeats the same Message-ID for the receiver to de-duplicate.
 */
export function createDeadlineJobs(deps: DeadlineJobDeps): JobHandlers {
  const { repository, service, mailer, config, audit } = deps;

  async function run(
    kind: 'remind' | 'escalate',
    raw: Record<string, unknown>,
    context: JobContext,
  ): Promise<void> {
    const payload = parsePayload(raw);
    const before = await repository.findDeadline(payload.deadlineId);
    if (!before) return;
    await service.recomputeForReport(before.reportId);
    const deadline = await repository.findDeadline(payload.deadlineId);
    if (!deadline || !jobApplies(kind, deadline, payload, context.clock.now())) return;
    const report = await repository.findReport(deadline.reportId);
    const regime = await repository.findRegime(deadline.regimeId);
    const stage = regime?.stages.find((s) => s.code === deadline.stageCode);
    if (!report || !regime || !stage || deadline.dueAt === null) return;

    const contacts = await repository.contactsOf(report.originatorOrgId);
    // A reminder goes to the first contact in calling order; an escalation to all of them.
    const chosen: ContactAddress[] = kind === 'remind' ? contacts.slice(0, 1) : contacts;
    const recipients = [...new Set(chosen.map((c) => c.email.toLowerCase()))];
    const input = {
      report: { id: report.id, number: report.number, title: report.title, exercise: report.exercise },
      regimeName: regime.name,
      stageName: stage.name,
      dueAt: deadline.dueAt,
      link: `${config.publicUrl}/reports/${report.id}`,
    };
    const mail = kind === 'remind' ? reminderMail(input) : escalationMail(input);
    for (const [i, to] of recipients.entries()) {
      await mailer.send({
        to,
        ...mail,
        messageId: `<deadline-${kind}-${deadline.id}-${deadline.revision}-${i}@cipx>`,
      });
    }

    await repository.inTransaction(async (q, trx) => {
      await q.lockReport(report.id);
      const locked = await q.lockDeadline(deadline.id);
      const now = context.clock.now();
      if (!locked || !jobApplies(kind, locked, payload, now)) return;
      if (kind === 'remind') await q.markReminded(locked.id, now);
      else await q.markEscalated(locked.id, now);
      const entryId = await q.appendSystemEntry(report.id, now, {
        source: 'deadlines',
        event: kind === 'remind' ? 'deadline_reminder' : 'deadline_escalated',
        deadlineId: locked.id,
        regimeCode: regime.code,
        stageCode: locked.stageCode,
        dueAt: deadline.dueAt?.toISOString() ?? null,
        recipients: recipients.length,
        note:
          kind === 'remind'
            ? {
                ja: `「${stage.name.ja}」の期限が近づいているため、報告組織の連絡先に通知しました（${recipients.length}件）。`,
                en: `The "${stage.name.en}" deadline is approaching; the reporting organization's contact was notified (${recipients.length}).`,
              }
            : {
                ja: `「${stage.name.ja}」が期限を過ぎたため、報告組織の連絡先に督促しました（${recipients.length}件）。`,
                en: `The "${stage.name.en}" deadline has passed; the reporting organization's contacts were alerted (${recipients.length}).`,
              },
      });
      await audit?.record(
        {
          action: kind === 'remind' ? 'deadlines.remind' : 'deadlines.escalate',
          actor: { userId: null, organizationId: null, label: 'CIPX' },
          targetType: 'report',
          targetIds: [report.id, locked.id, entryId],
          detail: { stageCode: locked.stageCode, regimeCode: regime.code, recipients: recipients.length },
        },
        trx,
      );
    });
    audit?.flushSoon();
  }

  return {
    [DEADLINE_JOBS.remind]: (payload, context) => run('remind', payload, context),
    [DEADLINE_JOBS.escalate]: (payload, context) => run('escalate', payload, context),
  };
}
