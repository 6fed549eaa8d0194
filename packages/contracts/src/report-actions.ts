import { Type, type Static } from 'typebox';
import { BilingualName, Uuid } from './common.js';
import { HopMode, ReportStage, TimelineActor, TimelineEntry } from './reports.js';

/**
 * What the parties write on a submitted report besides its facts — follow-up questions and
 * answers (through the relay on the anonymized route), comments, stage reports, the
 * reporter's consent — and the routing choices around reports: the relays a reporter may use
 * and how an organization passes on the reports it receives (DOMAIN.md §5).
 */

const DateTime = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

// --- follow-up questions and answers ----------------------------------------------------

export const FollowUpParams = Type.Object({ id: Uuid, followUpId: Uuid });
export type FollowUpParams = Static<typeof FollowUpParams>;

export const AskFollowUpBody = Type.Object(
  { question: Type.String({ minLength: 1, maxLength: 10_000 }) },
  { additionalProperties: false },
);
export type AskFollowUpBody = Static<typeof AskFollowUpBody>;

export const AnswerFollowUpBody = Type.Object(
  { answer: Type.String({ minLength: 1, maxLength: 20_000 }) },
  { additionalProperties: false },
);
export type AnswerFollowUpBody = Static<typeof AnswerFollowUpBody>;

export const FollowUpAnswer = Type.Object({
  /** The timeline entry (kind follow_up_answer). */
  entryId: Uuid,
  at: DateTime,
  /** For anonymized reports, to everyone but the originator and the relay: the relay under a pseudonym. */
  by: TimelineActor,
  text: Type.String(),
});
export type FollowUpAnswer = Static<typeof FollowUpAnswer>;

export const FollowUp = Type.Object({
  /** The question's timeline entry (kind follow_up_question). */
  id: Uuid,
  askedAt: DateTime,
  askedBy: TimelineActor,
  question: Type.String(),
  /** Whom the question went to: the relay on the anonymized route, else the originator. */
  addressedToOrgId: Nullable(Uuid),
  /** The question reached the reporter through the relay's sealed link, and the answer returns the same way. */
  viaRelay: Type.Boolean(),
  answer: Nullable(FollowUpAnswer),
});
export type FollowUp = Static<typeof FollowUp>;

export const FollowUpList = Type.Object({ items: Type.Array(FollowUp) });
export type FollowUpList = Static<typeof FollowUpList>;

// --- comments and stage reports -------------------------------------------------------------

export const CommentBody = Type.Object(
  { text: Type.String({ minLength: 1, maxLength: 10_000 }) },
  { additionalProperties: false },
);
export type CommentBody = Static<typeof CommentBody>;

export const StageReportBody = Type.Object(
  {
    /** The deadline stage this entry fulfils (the deadline engine's stage codes). */
    stage: ReportStage,
    text: Type.String({ minLength: 1, maxLength: 50_000 }),
  },
  { additionalProperties: false },
);
export type StageReportBody = Static<typeof StageReportBody>;

export const StageReportResult = Type.Object({
  entry: TimelineEntry,
  /** Open deadline clocks of this stage the entry met (0 when the report runs no regime with the stage). */
  deadlinesMet: Type.Integer({ minimum: 0 }),
});
export type StageReportResult = Static<typeof StageReportResult>;

// --- consent ---------------------------------------------------------------------------------

export const ConsentBody = Type.Object(
  {
    /** true: the receiving office forwards the report to the coordinator; false: it stays with the office. */
    granted: Type.Boolean(),
    note: Type.Optional(Type.String({ maxLength: 5_000 })),
  },
  { additionalProperties: false },
);
export type ConsentBody = Static<typeof ConsentBody>;

// --- relays ------------------------------------------------------------------------------------

/** Fewer member organizations than this, and the relay's community may give the reporter away. */
export const RELAY_COMMUNITY_MINIMUM = 5;

export const RelayOptionsQuery = Type.Object({
  /** Count the community within this sector (the report's); default: the caller's organization's sector. */
  sector: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
});
export type RelayOptionsQuery = Static<typeof RelayOptionsQuery>;

export const RelayOption = Type.Object({
  organization: Type.Object({ id: Uuid, name: BilingualName }),
  kind: Type.Enum(['ceptoar', 'supporting_agency'] as const),
  sectorCode: Nullable(Type.String()),
  /** Organizations that could have filed through this relay (in the sector, when one is given). */
  members: Type.Integer({ minimum: 0 }),
  /** members < RELAY_COMMUNITY_MINIMUM: recipients might guess the reporter. */
  smallCommunity: Type.Boolean(),
  /** The relay submit picks when a draft names none. */
  isDefault: Type.Boolean(),
});
export type RelayOption = Static<typeof RelayOption>;

export const RelayOptionList = Type.Object({
  items: Type.Array(RelayOption),
  minimumMembers: Type.Integer(),
});
export type RelayOptionList = Static<typeof RelayOptionList>;

// --- routing settings -----------------------------------------------------------------------------

export const RoutingSettingBody = Type.Object(
  {
    /** automatic: reports pass on at once; reviewed: an analyst forwards each within the time below. */
    mode: HopMode,
    /** Review time of a reviewed hop, in minutes (at most 7 days). */
    forwardWithinMinutes: Type.Integer({ minimum: 1, maximum: 7 * 24 * 60 }),
  },
  { additionalProperties: false },
);
export type RoutingSettingBody = Static<typeof RoutingSettingBody>;

export const RoutingSetting = Type.Object({
  organizationId: Uuid,
  mode: HopMode,
  forwardWithinMinutes: Type.Integer({ minimum: 1 }),
  /** Never set: CIPX's default (automatic) applies. */
  isDefault: Type.Boolean(),
  updatedAt: Nullable(DateTime),
});
export type RoutingSetting = Static<typeof RoutingSetting>;
