import type { OrganizationKind, ReportStatus } from '@cipx/contracts';
import type { Kysely } from 'kysely';
import type { Config } from '../../config.js';
import type { Database } from '../../platform/db/tables.js';
import { enqueueJobs, RetryLater, type JobHandlers, type NewJob } from '../../platform/jobs/outbox.js';
import type { Mailer } from '../../platform/mail/mailer.js';
import type { Clock } from '../../shared/clock.js';
import { canSee, protectedItemFromRow, type PolicyViewer } from '../access/index.js';
import type { AuditService } from '../audit/index.js';
import { roleAtLeast } from '../identity/index.js';
import { escalationMail, TARGET_NAMES, type EscalationTarget } from './reports.escalation.mail.js';
import {
  escalationQueries,
  type EscalationFacts,
  type EscalationSetting,
} from './reports.escalation.repository.js';
import { DUTY_FIRST_SEVERITY } from './reports.jobs.js';
import { createReportsRepository } from './reports.repository.js';

// Escalation of unacknowledged reports (DESIGN.md §4.4, issue "Reporting" item 5). When a
// report reaches an organization (a hop is forwarded: automatically, after review, or as the
// hotline's copy) an outbox job waits for that organization's acknowledgement. Each step
// that finds the hop still unacknowledged calls the next people: the backup contact, then
// the 24/7 duty contact, then the coordinator's duty officers or another organization's
// administrators — one mail each and one timeline entry per step. Steps are outbox jobs on
// the injected clock, keyed by report, hop and step, and every step re-reads the hop first,
// so an acknowledgement stops the ladder wherever it is.

export const ESCALATION_JOBS = { step: 'reports.escalate' } as const;

export const DEFAULT_ESCALATION: EscalationSetting = { afterMinutes: 60, severeAfterMinutes: 15 };

/** The last step: after it nobody is left to call. */
export const LAST_STEP = 3;

/** Minutes a step waits, by the report's current overall severity and the recipient's setting. */
export function escalationMinutes(
  severityOverall: number | null,
  setting: EscalationSetting = DEFAULT_ESCALATION,
): number {
  return severityOverall !== null && severityOverall >= DUTY_FIRST_SEVERITY
    ? setting.severeAfterMinutes
    : setting.afterMinutes;
}

/** The shortest a step may wait: jobs wake then and look at the severity as it is by that time. */
function earliestMinutes(setting: EscalationSetting = DEFAULT_ESCALATION): number {
  return Math.min(setting.afterMinutes, setting.severeAfterMinutes);
}

/** Who step 1, 2, 3 calls at an organization of this kind. */
export function stepTarget(step: number, organizationKind: OrganizationKind): EscalationTarget {
  if (step <= 1) return 'backup';
  if (step === 2) return 'duty_24x7';
  return organizationKind === 'coordinator' ? 'duty_officers' : 'admins';
}

export interface Addressee {
  email: string;
  /** The person behind the address, when known: the access check reads as them. */
  userId: string | null;
}

/**
 * The addresses a step reaches: the organization's contacts of that role, or its people
 * in charge (the coordinator's analysts and above are its duty officers; elsewhere the
 * administrators). Duplicates by address are dropped.
 */
export function stepAddressees(
  target: EscalationTarget,
  facts: Pick<EscalationFacts, 'contacts' | 'people'>,
): Addressee[] {
  const found: Addressee[] =
    target === 'backup' || target === 'duty_24x7'
      ? facts.contacts.flatMap((c) =>
          c.role === target && c.email !== null ? [{ email: c.email, userId: c.userId }] : [],
        )
      : facts.people
          .filter((p) => (target === 'duty_officers' ? roleAtLeast(p.role, 'analyst') : p.role === 'admin'))
          .map((p) => ({ email: p.email, userId: p.userId }));
  const seen = new Set<string>();
  return found.filter((a) => {
    const key = a.email.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const SETTLED: readonly ReportStatus[] = ['resolved', 'closed'];

/** Whether the hop still waits for its recipient: forwarded, unacknowledged, the report not settled. */
export function awaitsAcknowledgement(state: {
  status: string;
  acknowledgedAt: Date | null;
  reportStatus: ReportStatus;
}): boolean {
  return (
    state.status === 'forwarded' && state.acknowledgedAt === null && !SETTLED.includes(state.reportStatus)
  );
}

interface StepPayload {
  reportId: string;
  hop: number;
  step: number;
  /** When the wait of this step began (the arrival, or the previous step). */
  since: string;
}

function parsePayload(payload: Record<string, unknown>): StepPayload {
  const { reportId, hop, step, since } = payload;
  if (
    typeof reportId !== 'string' ||
    typeof hop !== 'number' ||
    typeof step !== 'number' ||
    typeof since !== 'string' ||
    Number.isNaN(Date.parse(since))
  ) {
    throw new Error('escalation job payload lacks reportId, hop, step or since');
  }
  return { reportId, hop, step, since };
}

function stepJob(payload: StepPayload, runAt: Date): NewJob {
  return {
    kind: ESCALATION_JOBS.step,
    payload: { ...payload },
    runAt,
    dedupeKey: `${ESCALATION_JOBS.step}:${payload.reportId}:${payload.hop}:${payload.step}`,
  };
}

export interface EscalationDeps {
  db: Kysely<Database>;
  clock: Clock;
  mailer: Mailer;
  config: Pick<Config, 'publicUrl'>;
  audit?: Pick<AuditService, 'record' | 'flushSoon'> | undefined;
}

/** The organization's people as the access policy sees them when a mail is addressed to them. */
function readerOf(facts: EscalationFacts, addressee: Addressee): PolicyViewer {
  return {
    userId: addressee.userId ?? '',
    organizationId: facts.organization.id,
    organizationKind: facts.organization.kind,
    sectorCode: facts.organization.sectorCode,
    communities: [],
  };
}

function note(
  facts: EscalationFacts,
  target: EscalationTarget | null,
  waited: number,
  sent: number,
): { ja: string; en: string } {
  const org = facts.organization;
  if (target === null) {
    return {
      ja: `${org.nameJa} は ${waited}分を過ぎても受領確認していませんが、これ以上通知できる連絡先がありません。`,
      en: `${org.nameEn} has not acknowledged after ${waited} minutes, and no further contact is on file.`,
    };
  }
  const name = TARGET_NAMES[target];
  return {
    ja: `${org.nameJa} が ${waited}分を過ぎても受領確認していないため、${name.ja}に通知しました（${sent}件）。`,
    en: `${org.nameEn} has not acknowledged after ${waited} minutes; its ${name.en} were notified (${sent}).`,
  };
}

export function createEscalation(deps: EscalationDeps) {
  const { db, mailer, config, audit } = deps;
  const queries = escalationQueries(db);
  const reports = createReportsRepository(db);
  const mailDomain = new URL(config.publicUrl).hostname || 'cipx.invalid';

  async function runStep(raw: Record<string, unknown>, clock: Clock): Promise<void> {
    const payload = parsePayload(raw);
    const facts = await queries.findFacts(payload.reportId, payload.hop);
    if (!facts) return;
    const state = {
      status: facts.hop.status,
      acknowledgedAt: facts.hop.acknowledged_at,
      reportStatus: facts.report.status,
    };
    if (!awaitsAcknowledgement(state)) return;
    const minutes = escalationMinutes(facts.report.severity_overall, facts.setting);
    const due = Date.parse(payload.since) + minutes * 60_000;
    const now = clock.now();
    if (now.getTime() < due) throw new RetryLater(due - now.getTime());

    // The first step from this one that has somebody to call: a missing backup contact
    // must not cost the report another interval.
    const item = protectedItemFromRow(facts.report);
    const skipped: EscalationTarget[] = [];
    let step = payload.step;
    let target: EscalationTarget | null = null;
    let addressees: Addressee[] = [];
    for (; step <= LAST_STEP; step++) {
      const candidate = stepTarget(step, facts.organization.kind);
      addressees = stepAddressees(candidate, facts).filter((a) => canSee(readerOf(facts, a), item));
      if (addressees.length > 0) {
        target = candidate;
        break;
      }
      skipped.push(candidate);
    }
    const arrivedAt = facts.hop.forwarded_at ?? new Date(payload.since);
    const waited = Math.round((now.getTime() - arrivedAt.getTime()) / 60_000);
    if (target !== null) {
      const mail = escalationMail({
        number: facts.report.number,
        tlp: item.tlp,
        exercise: facts.report.exercise,
        severityOverall: facts.report.severity_overall,
        originator: facts.presentedOriginator
          ? { ja: facts.presentedOriginator.nameJa, en: facts.presentedOriginator.nameEn }
          : null,
        recipient: { ja: facts.organization.nameJa, en: facts.organization.nameEn },
        target,
        arrivedAt,
        waitedMinutes: waited,
        title: facts.report.title,
        link: `${config.publicUrl}/reports/${facts.report.id}`,
      });
      // Mail goes out before the step is recorded, so a failed send is retried; a retry
      // repeats each Message-ID for the receiver to de-duplicate.
      for (const [i, addressee] of addressees.entries()) {
        await mailer.send({
          to: addressee.email,
          ...mail,
          messageId: `<report-escalation-${facts.report.id}.${payload.hop}.${step}.${i}@${mailDomain}>`,
        });
      }
    }

    await reports.inTransaction(async (q, trx) => {
      await q.lock(payload.reportId);
      const current = await escalationQueries(trx).hopState(payload.reportId, payload.hop);
      if (!current || !awaitsAcknowledgement(current)) return;
      const at = clock.now();
      const [entryId] = await q.appendTimeline(payload.reportId, [
        {
          kind: 'acknowledgement_escalated',
          at,
          actorUserId: null,
          actorOrgId: null,
          actorLabel: 'CIPX',
          byOriginator: false,
          detail: {
            hop: payload.hop,
            organizationId: facts.organization.id,
            step: Math.min(step, LAST_STEP),
            target,
            skipped,
            recipients: addressees.length,
            waitedMinutes: waited,
            note: note(facts, target, waited, addressees.length),
          },
        },
      ]);
      if (target !== null && step < LAST_STEP) {
        const next = {
          reportId: payload.reportId,
          hop: payload.hop,
          step: step + 1,
          since: at.toISOString(),
        };
        await enqueueJobs(
          trx,
          [stepJob(next, new Date(at.getTime() + earliestMinutes(facts.setting) * 60_000))],
          clock,
        );
      }
      await audit?.record(
        {
          action: 'reports.escalate',
          actor: { userId: null, organizationId: null, label: 'CIPX' },
          targetType: 'report',
          targetIds: [payload.reportId, ...(entryId ? [entryId] : [])],
          detail: { hop: payload.hop, step, target, skipped, recipients: addressees.length },
        },
        trx,
      );
    });
    audit?.flushSoon();
  }

  return {
    /**
     * Starts the wait for the organization's acknowledgement of every hop that brought it the
     * report; called by the arrival notice's job, which every forwarding path enqueues, so no
     * path can forget it. Idempotent (one job per report, hop and step). The first step wakes
     * after the organization's shorter interval and reads the severity then, so a report rated
     * severe soon after it arrived escalates sooner.
     */
    scheduleForArrival: async (reportId: string, organizationId: string, clock: Clock): Promise<void> => {
      const hops = await queries.awaitingHops(reportId, organizationId);
      if (hops.length === 0) return;
      const wait = earliestMinutes((await queries.settings([organizationId])).get(organizationId));
      const now = clock.now();
      await enqueueJobs(
        db,
        hops.map((h) => {
          const since = h.forwardedAt ?? now;
          return stepJob(
            { reportId, hop: h.seq, step: 1, since: since.toISOString() },
            new Date(since.getTime() + wait * 60_000),
          );
        }),
        clock,
      );
    },

    /** `reports.escalate`: one step of the ladder for one hop. */
    jobs: {
      [ESCALATION_JOBS.step]: (payload, context) => runStep(payload, context.clock),
    } satisfies JobHandlers,

    /** How long the organization has to acknowledge (minutes; the severe one from overall severity 3). */
    async setSetting(organizationId: string, setting: EscalationSetting): Promise<void> {
      await queries.setSetting(organizationId, setting, deps.clock.now());
    },
  };
}

export type Escalation = ReturnType<typeof createEscalation>;
