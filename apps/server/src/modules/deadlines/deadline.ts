import type {
  DeadlineAnchor,
  DeadlineCalendar,
  DeadlineStage,
  DeadlineStatus,
  FieldError,
} from '@cipx/contracts';

// The deadline engine's rules (DOMAIN.md §5): when each stage of a regime is due, when to
// remind and escalate, and whether a stage is met or overdue. No I/O here.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Fixed offsets: Japan has no daylight saving time, so JST is always UTC+9. */
const CALENDAR_OFFSET_MS: Record<DeadlineCalendar, number> = { jst: 9 * HOUR, utc: 0 };

/**
 * `months` calendar months after `at`, counted in `calendar`: the same day of the month and
 * the same wall-clock time there; where the target month is shorter, the last day of that
 * month (31 Jan + 1 month = 28 Feb, or 29 Feb in a leap year; 31 Mar + 1 month = 30 Apr).
 * The rule matches how Japanese law counts periods in months (Civil Code art. 143(2)) and
 * the usual reading of "one month after" in EU instruments, and never spills into the month
 * after next. The calendar decides which day it is: 2026-01-30T16:00Z is 31 Jan 01:00 JST, so
 * one month later is 28 Feb 01:00 JST (2026-02-27T16:00Z) in the JST calendar, but
 * 2026-02-28T16:00Z in the UTC calendar (30 Jan there, clamped to 28 Feb).
 */
export function addMonths(at: Date, months: number, calendar: DeadlineCalendar): Date {
  const offset = CALENDAR_OFFSET_MS[calendar];
  const local = new Date(at.getTime() + offset);
  const monthIndex = local.getUTCMonth() + months;
  const year = local.getUTCFullYear() + Math.floor(monthIndex / 12);
  const month = ((monthIndex % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(local.getUTCDate(), lastDay);
  const shifted = Date.UTC(
    year,
    month,
    day,
    local.getUTCHours(),
    local.getUTCMinutes(),
    local.getUTCSeconds(),
    local.getUTCMilliseconds(),
  );
  return new Date(shifted - offset);
}

/** The due time of a stage whose anchor happened at `anchorAt`. */
export function dueAtFor(
  stage: Pick<DeadlineStage, 'offsetMinutes' | 'offsetMonths'>,
  anchorAt: Date,
  calendar: DeadlineCalendar,
): Date {
  if (stage.offsetMonths !== undefined) return addMonths(anchorAt, stage.offsetMonths, calendar);
  if (stage.offsetMinutes !== undefined) return new Date(anchorAt.getTime() + stage.offsetMinutes * MINUTE);
  throw new Error('a stage needs offsetMinutes or offsetMonths');
}

/** Times known about a report; any may be unknown. */
export interface AnchorSources {
  occurrence: Date | null;
  detection: Date | null;
  /** Entered explicitly; without it awareness is taken to be detection. */
  awareness: Date | null;
  payment: Date | null;
  /** The report's own notification time (its reported time, else its submit time). */
  notification: Date | null;
}

export interface RegimeShape {
  calendar: DeadlineCalendar;
  stages: readonly DeadlineStage[];
}

/**
 * When `anchor` happened for this report under this regime. A regime that names a stage as
 * its notification (`setsNotification`) runs notification-anchored stages from the moment
 * that stage was met — NIS2's final report is due a month after the incident notification
 * was actually submitted — and they wait until then; other regimes use the report's own time.
 */
export function resolveAnchor(
  anchor: DeadlineAnchor,
  regime: RegimeShape,
  sources: AnchorSources,
  metAt: ReadonlyMap<string, Date | null>,
): Date | null {
  switch (anchor) {
    case 'occurrence':
      return sources.occurrence;
    case 'detection':
      return sources.detection;
    case 'awareness':
      return sources.awareness ?? sources.detection;
    case 'payment':
      return sources.payment;
    case 'notification': {
      const notifying = regime.stages.find((s) => s.setsNotification === true);
      if (notifying) return metAt.get(notifying.code) ?? null;
      return sources.notification;
    }
  }
}

export interface ScheduledStage {
  stageCode: string;
  anchor: DeadlineAnchor;
  anchorAt: Date | null;
  dueAt: Date | null;
}

/** Every stage's anchor time and due time (null while its anchor is unknown). */
export function scheduleStages(
  regime: RegimeShape,
  sources: AnchorSources,
  metAt: ReadonlyMap<string, Date | null>,
): ScheduledStage[] {
  return regime.stages.map((stage) => {
    const anchorAt = resolveAnchor(stage.anchor, regime, sources, metAt);
    return {
      stageCode: stage.code,
      anchor: stage.anchor,
      anchorAt,
      dueAt: anchorAt === null ? null : dueAtFor(stage, anchorAt, regime.calendar),
    };
  });
}

export const DEFAULT_REMINDER_SHARE = 0.25;
export const MAX_DEFAULT_REMINDER_LEAD_MS = 6 * HOUR;

/**
 * When to remind: `reminderLeadMinutes` before the due time if the stage sets it, else a
 * quarter of the stage's interval (2 h → 30 min before), at most 6 h before; never before the
 * anchor itself.
 */
export function remindAtFor(anchorAt: Date, dueAt: Date, reminderLeadMinutes: number | undefined): Date {
  const interval = dueAt.getTime() - anchorAt.getTime();
  const lead =
    reminderLeadMinutes !== undefined
      ? reminderLeadMinutes * MINUTE
      : Math.min(MAX_DEFAULT_REMINDER_LEAD_MS, Math.round(interval * DEFAULT_REMINDER_SHARE));
  return new Date(Math.max(anchorAt.getTime(), dueAt.getTime() - lead));
}

export interface DeadlineState {
  dueAt: Date | null;
  remindAt: Date | null;
  metAt: Date | null;
}

/** A stage met on or before its due time is met; after it, met late. */
export function deadlineStatus(d: DeadlineState, now: Date): DeadlineStatus {
  if (d.metAt !== null) return d.dueAt !== null && d.metAt > d.dueAt ? 'met_late' : 'met';
  if (d.dueAt === null) return 'awaiting_anchor';
  if (now >= d.dueAt) return 'overdue';
  if (d.remindAt !== null && now >= d.remindAt) return 'due_soon';
  return 'open';
}

export interface JobPlan {
  remindAt: Date | null;
  escalateAt: Date | null;
}

/**
 * The jobs an open deadline needs: a reminder (at its time, or now if that has passed but
 * the deadline has not) and an escalation at the due time (or now, if already overdue).
 * A met deadline, or one still waiting for its anchor, needs none.
 */
export function planJobs(d: DeadlineState, now: Date): JobPlan {
  if (d.metAt !== null || d.dueAt === null) return { remindAt: null, escalateAt: null };
  const escalateAt = d.dueAt > now ? d.dueAt : now;
  const remindAt = d.remindAt !== null && now < d.dueAt ? (d.remindAt > now ? d.remindAt : now) : null;
  return { remindAt, escalateAt };
}

/** What a job carries: the deadline and the schedule revision it was planned for. */
export interface DeadlineJobPayload {
  deadlineId: string;
  revision: number;
  dueAt: string;
}

/**
 * Dedupe key of a reminder or escalation job. It names the schedule revision and the due
 * time, so a rescheduled deadline gets new jobs even when its due time returns to an earlier
 * value, and enqueueing the same plan twice is a no-op.
 */
export function jobDedupeKey(kind: 'remind' | 'escalate', p: DeadlineJobPayload): string {
  return `deadlines.${kind}:${p.deadlineId}:${p.revision}:${p.dueAt}`;
}

export interface DeadlineRowState extends DeadlineState {
  revision: number;
  remindedAt: Date | null;
  escalatedAt: Date | null;
}

/**
 * Whether a job still applies when it runs: the deadline is unmet, its schedule is the one the
 * job was planned for (a recompute moves the revision on, so stale jobs do nothing), and the
 * reminder or escalation has not been sent yet. A reminder that runs after the due time is
 * dropped: the escalation speaks for it.
 */
export function jobApplies(
  kind: 'remind' | 'escalate',
  row: DeadlineRowState,
  payload: DeadlineJobPayload,
  now: Date,
): boolean {
  if (row.metAt !== null || row.dueAt === null) return false;
  if (row.revision !== payload.revision || row.dueAt.toISOString() !== payload.dueAt) return false;
  if (kind === 'remind') return row.remindedAt === null && now < row.dueAt;
  return row.escalatedAt === null && now >= row.dueAt;
}

/** Checks what the schema cannot: codes unique, exactly one offset, one notification stage, no cycle. */
export function checkStages(stages: readonly DeadlineStage[]): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  stages.forEach((stage, i) => {
    const at = `/body/stages/${i}`;
    if (seen.has(stage.code)) {
      errors.push({
        field: `${at}/code`,
        code: 'DUPLICATE_STAGE',
        message: `stage code ${stage.code} is repeated`,
      });
    }
    seen.add(stage.code);
    if ((stage.offsetMinutes === undefined) === (stage.offsetMonths === undefined)) {
      errors.push({
        field: `${at}/offsetMinutes`,
        code: 'ONE_OFFSET',
        message: 'give exactly one of offsetMinutes and offsetMonths',
      });
    }
    if (stage.setsNotification === true && stage.anchor === 'notification') {
      errors.push({
        field: `${at}/anchor`,
        code: 'NOTIFICATION_CYCLE',
        message: 'the stage that sets the notification cannot run from the notification',
      });
    }
  });
  if (stages.filter((s) => s.setsNotification === true).length > 1) {
    errors.push({
      field: '/body/stages',
      code: 'ONE_NOTIFICATION_STAGE',
      message: 'at most one stage may set the notification',
    });
  }
  return errors;
}
