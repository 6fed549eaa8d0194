import { Type, type Static } from 'typebox';
import { BilingualName, Uuid } from './common.js';

/**
 * Reporting deadlines (DOMAIN.md §5): each regime is reference data — stages with an anchor
 * event and an offset — and the deadline engine keeps one clock per report, regime and stage.
 */

/** The events a stage's clock runs from. */
export const DEADLINE_ANCHORS = ['occurrence', 'detection', 'awareness', 'notification', 'payment'] as const;
export type DeadlineAnchor = (typeof DEADLINE_ANCHORS)[number];

export const DEADLINE_ANCHOR_NAMES: Record<DeadlineAnchor, { ja: string; en: string }> = {
  occurrence: { ja: '発生', en: 'occurrence' },
  detection: { ja: '検知', en: 'detection' },
  awareness: { ja: '認知', en: 'awareness' },
  notification: { ja: '通知', en: 'notification' },
  payment: { ja: '身代金の支払', en: 'ransom payment' },
};

/** Which calendar "n months after" counts in (the day of month and the wall-clock time are kept there). */
export const DEADLINE_CALENDARS = ['jst', 'utc'] as const;
export type DeadlineCalendar = (typeof DEADLINE_CALENDARS)[number];

export const DEADLINE_STATUSES = [
  'awaiting_anchor',
  'open',
  'due_soon',
  'overdue',
  'met',
  'met_late',
] as const;
export type DeadlineStatus = (typeof DEADLINE_STATUSES)[number];

export const DeadlineAnchor = Type.Enum(DEADLINE_ANCHORS);
export const DeadlineCalendar = Type.Enum(DEADLINE_CALENDARS);
export const DeadlineStatus = Type.Enum(DEADLINE_STATUSES);

const Name = Type.Object(
  { ja: Type.String({ minLength: 1, maxLength: 200 }), en: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);

/** A stage code, also the value a timeline entry carries when it fulfils the stage. */
export const StageCode = Type.String({ pattern: '^[a-z][a-z0-9_]{0,62}$' });

/** One stage: due `offsetMinutes` or `offsetMonths` (exactly one) after its anchor. */
export const DeadlineStage = Type.Object(
  {
    code: StageCode,
    name: Name,
    anchor: DeadlineAnchor,
    offsetMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 * 366 * 24 * 60 })),
    offsetMonths: Type.Optional(Type.Integer({ minimum: 1, maximum: 60 })),
    /** Remind this long before the due time; default 25 % of the stage's interval, at most 6 h. */
    reminderLeadMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 30 * 24 * 60 })),
    /** Meeting this stage is the regime's "notification": stages anchored on notification run from it. */
    setsNotification: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type DeadlineStage = Static<typeof DeadlineStage>;

export const DeadlineRegime = Type.Object({
  id: Uuid,
  code: Type.String(),
  version: Type.Integer(),
  name: BilingualName,
  /** The legal text or document the stages come from. */
  source: Type.String(),
  note: BilingualName,
  calendar: DeadlineCalendar,
  stages: Type.Array(DeadlineStage),
  createdBy: Type.Union([Uuid, Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
});
export type DeadlineRegime = Static<typeof DeadlineRegime>;

export const DeadlineRegimeList = Type.Object({ items: Type.Array(DeadlineRegime) });
export type DeadlineRegimeList = Static<typeof DeadlineRegimeList>;

/** A new regime, or a new version of the regime with the same code. */
export const CreateDeadlineRegimeInput = Type.Object(
  {
    code: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,62}$' }),
    name: Name,
    source: Type.String({ minLength: 1, maxLength: 2000 }),
    note: Type.Optional(
      Type.Object(
        { ja: Type.String({ maxLength: 2000 }), en: Type.String({ maxLength: 2000 }) },
        { additionalProperties: false },
      ),
    ),
    calendar: Type.Optional(DeadlineCalendar),
    stages: Type.Array(DeadlineStage, { minItems: 1, maxItems: 20 }),
  },
  { additionalProperties: false },
);
export type CreateDeadlineRegimeInput = Static<typeof CreateDeadlineRegimeInput>;

const DateTime = Type.String({ format: 'date-time' });
const NullableDateTime = Type.Union([DateTime, Type.Null()]);

export const ReportDeadline = Type.Object({
  id: Uuid,
  regime: Type.Object({ id: Uuid, code: Type.String(), version: Type.Integer(), name: BilingualName }),
  stageCode: Type.String(),
  stageName: BilingualName,
  anchor: DeadlineAnchor,
  /** Null while the anchor event has not happened or is not known (the deadline is not running). */
  anchorAt: NullableDateTime,
  dueAt: NullableDateTime,
  remindAt: NullableDateTime,
  metAt: NullableDateTime,
  /** The timeline entry that fulfilled the stage. */
  metByTimelineEntry: Type.Union([Uuid, Type.Null()]),
  remindedAt: NullableDateTime,
  escalatedAt: NullableDateTime,
  status: DeadlineStatus,
});
export type ReportDeadline = Static<typeof ReportDeadline>;

export const ReportAnchors = Type.Object({
  occurrence: NullableDateTime,
  detection: NullableDateTime,
  awareness: NullableDateTime,
  payment: NullableDateTime,
  /** The report's own notification time (reported, else submitted); regimes may use a stage instead. */
  notification: NullableDateTime,
});
export type ReportAnchors = Static<typeof ReportAnchors>;

export const ReportDeadlineList = Type.Object({
  reportId: Uuid,
  anchors: ReportAnchors,
  items: Type.Array(ReportDeadline),
});
export type ReportDeadlineList = Static<typeof ReportDeadlineList>;

export const ApplyRegimeInput = Type.Object({ regimeId: Uuid }, { additionalProperties: false });
export type ApplyRegimeInput = Static<typeof ApplyRegimeInput>;

/**
 * Anchors the report itself does not carry: when the operator became aware (default: the
 * detection time) and when a ransom was paid. Null clears one.
 */
export const PutReportAnchorsInput = Type.Object(
  {
    awareness: Type.Optional(NullableDateTime),
    payment: Type.Optional(NullableDateTime),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type PutReportAnchorsInput = Static<typeof PutReportAnchorsInput>;

export const DeadlineReportParams = Type.Object({ id: Uuid });
export type DeadlineReportParams = Static<typeof DeadlineReportParams>;
