import { Type, type Static } from 'typebox';
import { BilingualName, Uuid } from './common.js';
import { SERVICE_IMPACTS, ServiceImpact } from './reports.js';
import {
  DATA_LOSS_LEVELS,
  MEDIA_ATTENTION_LEVELS,
  SEVERITY_LEVELS,
  SEVERITY_VIEWPOINTS,
} from './vocabulary.js';

// The plain lists live in vocabulary.ts, where the web app reads them without TypeBox.
export { DATA_LOSS_LEVELS, MEDIA_ATTENTION_LEVELS, SEVERITY_LEVELS, SEVERITY_VIEWPOINTS };

/**
 * The severity scale for CI service outages (深刻度評価基準, DOMAIN.md §4): three viewpoints on
 * NISC's 0–4 scale, overall = the highest, provisional ratings during an incident and the
 * coordinator's final rating after it; the US Cyber Incident Severity Schema (CISS, 0–5)
 * recorded beside it through an editable mapping; and CIPX's helper rubric.
 */

export type SeverityLevel = (typeof SEVERITY_LEVELS)[number];

/** Names and meanings as NISC's scale states them (first edition, 2018-07-25). */
export const SEVERITY_LEVEL_NAMES: Record<SeverityLevel, { ja: string; en: string }> = {
  0: { ja: 'なし', en: 'None' },
  1: { ja: '低', en: 'Low' },
  2: { ja: '中', en: 'Medium' },
  3: { ja: '高', en: 'High' },
  4: { ja: '危機', en: 'Crisis' },
};

export const SEVERITY_LEVEL_IMPACTS: Record<SeverityLevel, { ja: string; en: string }> = {
  0: { ja: '影響なし', en: 'no impact' },
  1: { ja: 'ほぼ影響なし', en: 'almost no impact' },
  2: { ja: '一定の影響', en: 'some impact' },
  3: { ja: '大きな影響', en: 'large impact' },
  4: { ja: '著しく深刻な影響', en: 'extremely serious impact' },
};

export type SeverityViewpoint = (typeof SEVERITY_VIEWPOINTS)[number];

export const SEVERITY_VIEWPOINT_NAMES: Record<SeverityViewpoint, { ja: string; en: string }> = {
  continuity: { ja: 'サービスの継続性', en: 'Continuity of the service' },
  safety: { ja: '安全性', en: 'Safety' },
  trust: { ja: '信頼の低下', en: 'Loss of trust' },
};

/** Provisional ratings during an incident; the final one is the coordinator's, after it. */
export const SEVERITY_BASES = ['provisional', 'final'] as const;
export type SeverityBasis = (typeof SEVERITY_BASES)[number];

/** In which capacity a rating was given. */
export const SEVERITY_RATER_ROLES = ['reporter', 'ministry', 'ceptoar', 'coordinator'] as const;
export type SeverityRaterRole = (typeof SEVERITY_RATER_ROLES)[number];

/** US Cyber Incident Severity Schema levels; 3 and above is a "significant cyber incident". */
export const CISS_LEVELS = [0, 1, 2, 3, 4, 5] as const;
export type CissLevel = (typeof CISS_LEVELS)[number];
export const CISS_SIGNIFICANT_FROM: CissLevel = 3;

export const CISS_LEVEL_NAMES: Record<CissLevel, { name: string; color: string }> = {
  0: { name: 'Baseline', color: 'White' },
  1: { name: 'Low', color: 'Green' },
  2: { name: 'Medium', color: 'Yellow' },
  3: { name: 'High', color: 'Orange' },
  4: { name: 'Severe', color: 'Red' },
  5: { name: 'Emergency', color: 'Black' },
};

export type DataLossLevel = (typeof DATA_LOSS_LEVELS)[number];

export type MediaAttentionLevel = (typeof MEDIA_ATTENTION_LEVELS)[number];

// --- schemas ------------------------------------------------------------------------

export const SeverityLevelSchema = Type.Integer({ minimum: 0, maximum: 4 });
export const CissLevelSchema = Type.Integer({ minimum: 0, maximum: 5 });
export const SeverityBasis = Type.Enum(SEVERITY_BASES);
export const SeverityRaterRole = Type.Enum(SEVERITY_RATER_ROLES);
export const SeverityViewpoint = Type.Enum(SEVERITY_VIEWPOINTS);

/** Observable facts the rubric suggests levels from; every field is optional. */
export const SeverityFacts = Type.Object(
  {
    serviceImpact: Type.Optional(ServiceImpact),
    affectedUsers: Type.Optional(Type.Integer({ minimum: 0 })),
    /** How long the service has been (or was) out, in minutes. */
    outageMinutes: Type.Optional(Type.Integer({ minimum: 0 })),
    /** The longest outage the service tolerates (its recovery time objective), in minutes. */
    toleranceMinutes: Type.Optional(Type.Integer({ minimum: 1 })),
    prefecturesAffected: Type.Optional(Type.Integer({ minimum: 0, maximum: 47 })),
    injuries: Type.Optional(Type.Integer({ minimum: 0 })),
    fatalities: Type.Optional(Type.Integer({ minimum: 0 })),
    evacuation: Type.Optional(Type.Boolean()),
    /** A hazard to people, property or surroundings arose, whether or not anyone was hurt. */
    safetyHazard: Type.Optional(Type.Boolean()),
    dataLoss: Type.Optional(Type.Enum(DATA_LOSS_LEVELS)),
    dataRecordsAffected: Type.Optional(Type.Integer({ minimum: 0 })),
    mediaAttention: Type.Optional(Type.Enum(MEDIA_ATTENTION_LEVELS)),
  },
  { additionalProperties: false },
);
export type SeverityFacts = Static<typeof SeverityFacts>;

/** A count threshold: the rule fires at `level` when the fact is at least `atLeast`. */
export const CountThreshold = Type.Object(
  { atLeast: Type.Number({ minimum: 0 }), level: SeverityLevelSchema },
  { additionalProperties: false },
);
export type CountThreshold = Static<typeof CountThreshold>;

const Steps = Type.Array(CountThreshold, { maxItems: 10 });
const ByValue = <T extends readonly string[]>(values: T) =>
  Type.Object(
    Object.fromEntries(values.map((v) => [v, SeverityLevelSchema])) as Record<
      T[number],
      typeof SeverityLevelSchema
    >,
    { additionalProperties: false },
  );

/**
 * The rubric's thresholds (reference data, editable by the coordinator's administrators).
 * Step lists run in ascending `atLeast`; the highest step reached fires.
 */
export const RubricThresholds = Type.Object(
  {
    continuity: Type.Object(
      {
        serviceImpact: ByValue(SERVICE_IMPACTS),
        affectedUsers: Steps,
        /** Outage duration ÷ the service's tolerance. */
        durationRatio: Steps,
        prefecturesAffected: Steps,
      },
      { additionalProperties: false },
    ),
    safety: Type.Object(
      {
        safetyHazard: SeverityLevelSchema,
        evacuation: SeverityLevelSchema,
        injuries: Steps,
        fatalities: Steps,
      },
      { additionalProperties: false },
    ),
    trust: Type.Object(
      {
        dataLoss: ByValue(DATA_LOSS_LEVELS),
        dataRecordsAffected: Steps,
        mediaAttention: ByValue(MEDIA_ATTENTION_LEVELS),
        /** A full or partial outage affecting at least this many users also costs trust. */
        outageAffectedUsers: Steps,
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type RubricThresholds = Static<typeof RubricThresholds>;

export const SuggestionReason = Type.Object({
  /** Which rule fired, e.g. `continuity.affectedUsers`. */
  rule: Type.String(),
  level: SeverityLevelSchema,
  text: BilingualName,
});
export type SuggestionReason = Static<typeof SuggestionReason>;

export const ViewpointSuggestion = Type.Object({
  level: SeverityLevelSchema,
  reasons: Type.Array(SuggestionReason),
});
export type ViewpointSuggestion = Static<typeof ViewpointSuggestion>;

export const SeveritySuggestion = Type.Object({
  rubricVersion: Type.Integer(),
  /** Always "CIPX's suggestion, not NISC's criteria": shown wherever the suggestion is. */
  label: BilingualName,
  continuity: ViewpointSuggestion,
  safety: ViewpointSuggestion,
  trust: ViewpointSuggestion,
  overall: SeverityLevelSchema,
  cissLevel: CissLevelSchema,
});
export type SeveritySuggestion = Static<typeof SeveritySuggestion>;

export const SuggestSeverityInput = Type.Object({ facts: SeverityFacts }, { additionalProperties: false });
export type SuggestSeverityInput = Static<typeof SuggestSeverityInput>;

export const SeverityRubric = Type.Object({
  version: Type.Integer(),
  thresholds: RubricThresholds,
  note: BilingualName,
  active: Type.Boolean(),
  createdBy: Type.Union([Uuid, Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
});
export type SeverityRubric = Static<typeof SeverityRubric>;

export const PutSeverityRubricInput = Type.Object(
  {
    thresholds: RubricThresholds,
    note: Type.Optional(
      Type.Object(
        {
          ja: Type.String({ minLength: 1, maxLength: 2000 }),
          en: Type.String({ minLength: 1, maxLength: 2000 }),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type PutSeverityRubricInput = Static<typeof PutSeverityRubricInput>;

/** One NISC level mapped to one CISS level. */
export const SeverityMappingEntry = Type.Object(
  { nisc: SeverityLevelSchema, ciss: CissLevelSchema },
  { additionalProperties: false },
);
export type SeverityMappingEntry = Static<typeof SeverityMappingEntry>;

export const SeverityMapping = Type.Object({
  version: Type.Integer(),
  edition: Type.String(),
  entries: Type.Array(SeverityMappingEntry),
  source: Type.String(),
  note: BilingualName,
  active: Type.Boolean(),
  createdBy: Type.Union([Uuid, Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
});
export type SeverityMapping = Static<typeof SeverityMapping>;

export const PutSeverityMappingInput = Type.Object(
  {
    edition: Type.String({ minLength: 1, maxLength: 100 }),
    entries: Type.Array(SeverityMappingEntry, { minItems: 5, maxItems: 5 }),
    source: Type.String({ minLength: 1, maxLength: 2000 }),
    note: Type.Object(
      {
        ja: Type.String({ minLength: 1, maxLength: 2000 }),
        en: Type.String({ minLength: 1, maxLength: 2000 }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type PutSeverityMappingInput = Static<typeof PutSeverityMappingInput>;

export const RateSeverityInput = Type.Object(
  {
    basis: SeverityBasis,
    continuity: SeverityLevelSchema,
    safety: SeverityLevelSchema,
    trust: SeverityLevelSchema,
    rationale: Type.String({ minLength: 1, maxLength: 8000 }),
    /** The rubric version whose suggestion the rater started from, if any. */
    rubricVersion: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
export type RateSeverityInput = Static<typeof RateSeverityInput>;

export const SeverityRating = Type.Object({
  id: Uuid,
  reportId: Uuid,
  basis: SeverityBasis,
  rater: Type.Object({
    /** The rating organization; for the reporter of an anonymized report, the relay (or null). */
    organizationId: Type.Union([Uuid, Type.Null()]),
    /** Null where the rater is withheld (the reporter of an anonymized report). */
    userId: Type.Union([Uuid, Type.Null()]),
    role: SeverityRaterRole,
  }),
  continuity: SeverityLevelSchema,
  safety: SeverityLevelSchema,
  trust: SeverityLevelSchema,
  overall: SeverityLevelSchema,
  cissLevel: CissLevelSchema,
  cissSignificant: Type.Boolean(),
  mappingVersion: Type.Integer(),
  rationale: Type.String(),
  rubricVersion: Type.Union([Type.Integer(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
});
export type SeverityRating = Static<typeof SeverityRating>;

export const ReportSeverity = Type.Object({
  reportId: Uuid,
  /** The rating lists filter on: the latest final rating, else the latest provisional one. */
  current: Type.Union([
    Type.Object({
      ratingId: Uuid,
      overall: SeverityLevelSchema,
      basis: SeverityBasis,
      cissLevel: CissLevelSchema,
    }),
    Type.Null(),
  ]),
  /** Newest first. */
  ratings: Type.Array(SeverityRating),
  /** The rubric's suggestion from the report's facts as they stand now. */
  suggestion: SeveritySuggestion,
});
export type ReportSeverity = Static<typeof ReportSeverity>;

export const SeverityReportParams = Type.Object({ id: Uuid });
export type SeverityReportParams = Static<typeof SeverityReportParams>;
