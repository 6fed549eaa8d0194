import { Type, type Static } from 'typebox';
import { AudienceEntry } from './access.js';
import { BilingualName, Tlp, Uuid } from './common.js';
import { ReportStatus } from './reports.js';

/**
 * Large-scale outage mode (DOMAIN.md §5.6): the coordinator declares a crisis, links the
 * reports that belong to it, keeps a shared situation thread, and asks each linked report's
 * originator for an update every `updateIntervalMinutes` until the crisis ends.
 */

/** `situation` is the coordinator's statement of the overall picture; `update` and `note` anyone taking part may post. */
export const CRISIS_UPDATE_KINDS = ['update', 'situation', 'note'] as const;
export type CrisisUpdateKind = (typeof CRISIS_UPDATE_KINDS)[number];
export const CrisisUpdateKind = Type.Enum(CRISIS_UPDATE_KINDS);

export const CRISIS_STATUSES = ['active', 'ended'] as const;
export type CrisisStatus = (typeof CRISIS_STATUSES)[number];
export const CrisisStatus = Type.Enum(CRISIS_STATUSES);

const DateTime = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

/** Minutes between requested updates: 5 minutes to a week. */
export const UpdateIntervalMinutes = Type.Integer({ minimum: 5, maximum: 7 * 24 * 60 });

const Title = Type.Object(
  { ja: Type.String({ minLength: 1, maxLength: 200 }), en: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);

const SectorCode = Type.String({ pattern: '^[a-z][a-z0-9_]{0,63}$' });

export const DeclareCrisisBody = Type.Object(
  {
    title: Title,
    description: Type.Optional(Type.String({ maxLength: 20_000 })),
    /** Sector codes of the current edition that the outage affects. */
    sectors: Type.Optional(Type.Array(SectorCode, { maxItems: 20, uniqueItems: true })),
    updateIntervalMinutes: Type.Optional(UpdateIntervalMinutes),
    /** Default GREEN. */
    tlp: Type.Optional(Tlp),
    /** Who the crisis is addressed to; default: the affected sectors, or all CI when none is named. */
    audience: Type.Optional(Type.Array(AudienceEntry, { minItems: 1, maxItems: 500 })),
    exercise: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type DeclareCrisisBody = Static<typeof DeclareCrisisBody>;

export const ChangeCrisisBody = Type.Object(
  { updateIntervalMinutes: UpdateIntervalMinutes },
  { additionalProperties: false },
);
export type ChangeCrisisBody = Static<typeof ChangeCrisisBody>;

export const EndCrisisBody = Type.Object(
  { note: Type.Optional(Type.String({ minLength: 1, maxLength: 20_000 })) },
  { additionalProperties: false },
);
export type EndCrisisBody = Static<typeof EndCrisisBody>;

export const LinkCrisisReportBody = Type.Object({ reportId: Uuid }, { additionalProperties: false });
export type LinkCrisisReportBody = Static<typeof LinkCrisisReportBody>;

export const PostCrisisUpdateBody = Type.Object(
  {
    /** Default `update`. */
    kind: Type.Optional(CrisisUpdateKind),
    text: Type.String({ minLength: 1, maxLength: 20_000 }),
  },
  { additionalProperties: false },
);
export type PostCrisisUpdateBody = Static<typeof PostCrisisUpdateBody>;

export const CrisisParams = Type.Object({ id: Uuid });
export type CrisisParams = Static<typeof CrisisParams>;

export const CrisisListQuery = Type.Object({
  status: Type.Optional(CrisisStatus),
  cursor: Type.Optional(Type.String({ maxLength: 512 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});
export type CrisisListQuery = Static<typeof CrisisListQuery>;

export const CrisisUpdateListQuery = Type.Object({
  cursor: Type.Optional(Type.String({ maxLength: 512 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});
export type CrisisUpdateListQuery = Static<typeof CrisisUpdateListQuery>;

const Actor = Type.Object({
  userId: Nullable(Uuid),
  organizationId: Nullable(Uuid),
  organizationName: Nullable(BilingualName),
});

export const Crisis = Type.Object({
  id: Uuid,
  title: BilingualName,
  description: Type.String(),
  sectors: Type.Array(Type.String()),
  updateIntervalMinutes: Type.Integer(),
  exercise: Type.Boolean(),
  tlp: Tlp,
  audience: Type.Array(AudienceEntry),
  status: CrisisStatus,
  declaredAt: DateTime,
  declaredBy: Actor,
  endedAt: Nullable(DateTime),
  endedBy: Nullable(Uuid),
  /** Linked reports the viewer may see. */
  reportCount: Type.Integer({ minimum: 0 }),
  updatedAt: DateTime,
});
export type Crisis = Static<typeof Crisis>;

export const CrisisReport = Type.Object({
  reportId: Uuid,
  number: Type.String(),
  title: Type.String(),
  status: ReportStatus,
  severityOverall: Nullable(Type.Integer({ minimum: 0, maximum: 4 })),
  /** The originator as the viewer may know it (the relay for anonymized reports). */
  originator: Nullable(Type.Object({ id: Uuid, name: BilingualName })),
  linkedAt: DateTime,
  /** Masked like the originator when the report's hidden originator linked it. */
  linkedBy: Actor,
  lastRemindedAt: Nullable(DateTime),
});
export type CrisisReport = Static<typeof CrisisReport>;

export const CrisisDetail = Type.Object({
  ...Crisis.properties,
  reports: Type.Array(CrisisReport),
});
export type CrisisDetail = Static<typeof CrisisDetail>;

export const CrisisPage = Type.Object({ items: Type.Array(Crisis), next: Type.Optional(Type.String()) });
export type CrisisPage = Static<typeof CrisisPage>;

/** What the web banner shows: every active crisis the viewer may see. */
export const ActiveCrises = Type.Object({ items: Type.Array(Crisis) });
export type ActiveCrises = Static<typeof ActiveCrises>;

export const CrisisUpdate = Type.Object({
  id: Uuid,
  crisisId: Uuid,
  at: DateTime,
  kind: CrisisUpdateKind,
  text: Type.String(),
  author: Actor,
});
export type CrisisUpdate = Static<typeof CrisisUpdate>;

export const CrisisUpdatePage = Type.Object({
  items: Type.Array(CrisisUpdate),
  next: Type.Optional(Type.String()),
});
export type CrisisUpdatePage = Static<typeof CrisisUpdatePage>;
