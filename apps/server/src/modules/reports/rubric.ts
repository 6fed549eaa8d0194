import {
  SEVERITY_LEVEL_NAMES,
  type CountThreshold,
  type DataLossLevel,
  type FieldError,
  type MediaAttentionLevel,
  type RubricThresholds,
  type ServiceImpact,
  type SeverityFacts,
  type SeverityLevel,
  type SeverityViewpoint,
  type SuggestionReason,
  type ViewpointSuggestion,
} from '@cipx/contracts';
import { overallOf } from './severity.js';

// CIPX's helper rubric (DOMAIN.md §4): suggests a level per viewpoint from observable facts
// and says which threshold fired. NISC's own per-level criteria are not public in
// machine-readable form, so every threshold here is CIPX's suggestion — reference data the
// coordinator's administrators may replace — and is labelled so wherever it is shown.

export const SUGGESTION_LABEL = {
  ja: 'CIPX による目安（NISC の評価基準ではありません）',
  en: 'CIPX’s suggestion, not NISC’s criteria',
} as const;

export const DEFAULT_RUBRIC_NOTE = {
  ja: 'CIPX が既定として用意した目安の閾値です。NISC の深刻度評価基準そのものではなく、正式な評価は事後に調整機関が行います。',
  en: 'Default thresholds shipped by CIPX as a suggestion, not NISC’s criteria; the official rating is the coordinator’s, after the fact.',
} as const;

/**
 * The default thresholds. Extent rules of continuity (users, duration, prefectures) count only
 * when the service was affected at all, and the record count only when data was lost (or the
 * loss is not stated): a report of "no impact" with a user base figure stays at level 0.
 */
export const DEFAULT_RUBRIC_THRESHOLDS: RubricThresholds = {
  continuity: {
    serviceImpact: { none: 0, degraded: 1, partial_outage: 2, full_outage: 3 },
    affectedUsers: [
      { atLeast: 1, level: 1 },
      { atLeast: 10_000, level: 2 },
      { atLeast: 100_000, level: 3 },
      { atLeast: 1_000_000, level: 4 },
    ],
    durationRatio: [
      { atLeast: 0.5, level: 2 },
      { atLeast: 1, level: 3 },
      { atLeast: 3, level: 4 },
    ],
    prefecturesAffected: [
      { atLeast: 2, level: 2 },
      { atLeast: 4, level: 3 },
      { atLeast: 10, level: 4 },
    ],
  },
  safety: {
    safetyHazard: 2,
    evacuation: 3,
    injuries: [
      { atLeast: 1, level: 3 },
      { atLeast: 10, level: 4 },
    ],
    fatalities: [{ atLeast: 1, level: 4 }],
  },
  trust: {
    dataLoss: { none: 0, suspected: 1, confirmed: 2 },
    dataRecordsAffected: [
      { atLeast: 1_000, level: 2 },
      { atLeast: 100_000, level: 3 },
      { atLeast: 1_000_000, level: 4 },
    ],
    mediaAttention: { none: 0, local: 2, national: 3, international: 4 },
    outageAffectedUsers: [
      { atLeast: 100_000, level: 2 },
      { atLeast: 1_000_000, level: 3 },
    ],
  },
};

const SERVICE_IMPACT_NAMES: Record<ServiceImpact, { ja: string; en: string }> = {
  none: { ja: '影響なし', en: 'none' },
  degraded: { ja: '機能低下', en: 'degraded' },
  partial_outage: { ja: '一部停止', en: 'partial outage' },
  full_outage: { ja: '全面停止', en: 'full outage' },
};

const DATA_LOSS_NAMES: Record<DataLossLevel, { ja: string; en: string }> = {
  none: { ja: 'なし', en: 'none' },
  suspected: { ja: '疑いあり', en: 'suspected' },
  confirmed: { ja: '確認済み', en: 'confirmed' },
};

const MEDIA_NAMES: Record<MediaAttentionLevel, { ja: string; en: string }> = {
  none: { ja: '報道なし', en: 'none' },
  local: { ja: '地域の報道', en: 'local media' },
  national: { ja: '全国的な報道', en: 'national media' },
  international: { ja: '海外を含む報道', en: 'international media' },
};

function levelText(level: SeverityLevel): { ja: string; en: string } {
  const name = SEVERITY_LEVEL_NAMES[level];
  return { ja: `レベル${level}（${name.ja}）`, en: `level ${level} (${name.en})` };
}

const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 2 });

/** The step with the largest `atLeast` that `value` reaches, if any. */
export function stepReached(value: number, steps: readonly CountThreshold[]): CountThreshold | undefined {
  let best: CountThreshold | undefined;
  for (const step of steps) {
    if (value >= step.atLeast && (!best || step.atLeast >= best.atLeast)) best = step;
  }
  return best;
}

type Reason = SuggestionReason & { level: SeverityLevel };

function byValue(
  rule: string,
  label: { ja: string; en: string },
  valueName: { ja: string; en: string },
  level: SeverityLevel,
): Reason {
  const lv = levelText(level);
  return {
    rule,
    level,
    text: {
      ja: `${label.ja}が「${valueName.ja}」: ${lv.ja}`,
      en: `${label.en} is "${valueName.en}": ${lv.en}`,
    },
  };
}

function byCount(
  rule: string,
  label: { ja: string; en: string },
  value: number,
  steps: readonly CountThreshold[],
): Reason | undefined {
  const step = stepReached(value, steps);
  if (!step) return undefined;
  const level = step.level as SeverityLevel;
  const lv = levelText(level);
  return {
    rule,
    level,
    text: {
      ja: `${label.ja} ${fmt(value)} が閾値 ${fmt(step.atLeast)} 以上: ${lv.ja}`,
      en: `${label.en} ${fmt(value)} reached the threshold of ${fmt(step.atLeast)}: ${lv.en}`,
    },
  };
}

function byFlag(rule: string, text: { ja: string; en: string }, level: SeverityLevel): Reason {
  const lv = levelText(level);
  return { rule, level, text: { ja: `${text.ja}: ${lv.ja}`, en: `${text.en}: ${lv.en}` } };
}

function conclude(
  viewpoint: SeverityViewpoint,
  reasons: Reason[],
): ViewpointSuggestion & { level: SeverityLevel } {
  if (reasons.length === 0) {
    return {
      level: 0,
      reasons: [
        {
          rule: `${viewpoint}.none`,
          level: 0,
          text: {
            ja: 'この観点の閾値に達した事実はありません: レベル0（なし）',
            en: 'No fact given reached a threshold of this viewpoint: level 0 (None)',
          },
        },
      ],
    };
  }
  // Highest first; equal levels keep the rule order, so the text reads the same every time.
  const sorted = reasons.map((r, i) => ({ r, i })).sort((a, b) => b.r.level - a.r.level || a.i - b.i);
  const level = Math.max(...reasons.map((r) => r.level)) as SeverityLevel;
  return { level, reasons: sorted.map(({ r }) => r) };
}

function continuity(facts: SeverityFacts, t: RubricThresholds['continuity']): Reason[] {
  const reasons: Reason[] = [];
  if (facts.serviceImpact !== undefined) {
    reasons.push(
      byValue(
        'continuity.serviceImpact',
        { ja: 'サービスへの影響', en: 'Service impact' },
        SERVICE_IMPACT_NAMES[facts.serviceImpact],
        t.serviceImpact[facts.serviceImpact] as SeverityLevel,
      ),
    );
  }
  // The extent of an outage that did not happen is not evidence of anything.
  if (facts.serviceImpact === 'none') return reasons;
  if (facts.affectedUsers !== undefined) {
    const r = byCount(
      'continuity.affectedUsers',
      { ja: '影響を受けた利用者数', en: 'Affected users' },
      facts.affectedUsers,
      t.affectedUsers,
    );
    if (r) reasons.push(r);
  }
  if (
    facts.outageMinutes !== undefined &&
    facts.toleranceMinutes !== undefined &&
    facts.toleranceMinutes > 0
  ) {
    const ratio = facts.outageMinutes / facts.toleranceMinutes;
    const step = stepReached(ratio, t.durationRatio);
    if (step) {
      const level = step.level as SeverityLevel;
      const lv = levelText(level);
      reasons.push({
        rule: 'continuity.durationRatio',
        level,
        text: {
          ja: `停止時間 ${fmt(facts.outageMinutes)}分 はサービスの許容時間 ${fmt(facts.toleranceMinutes)}分 の ${fmt(ratio)} 倍（閾値 ${fmt(step.atLeast)} 倍以上）: ${lv.ja}`,
          en: `An outage of ${fmt(facts.outageMinutes)} min is ${fmt(ratio)}× the service's tolerance of ${fmt(facts.toleranceMinutes)} min (threshold ${fmt(step.atLeast)}×): ${lv.en}`,
        },
      });
    }
  }
  if (facts.prefecturesAffected !== undefined) {
    const r = byCount(
      'continuity.prefecturesAffected',
      { ja: '影響のある都道府県の数', en: 'Prefectures affected' },
      facts.prefecturesAffected,
      t.prefecturesAffected,
    );
    if (r) reasons.push(r);
  }
  return reasons;
}

function safety(facts: SeverityFacts, t: RubricThresholds['safety']): Reason[] {
  const reasons: Reason[] = [];
  if (facts.safetyHazard === true) {
    reasons.push(
      byFlag(
        'safety.safetyHazard',
        {
          ja: '人・財産・周辺環境への危険が生じた',
          en: 'A hazard to people, property or surroundings arose',
        },
        t.safetyHazard as SeverityLevel,
      ),
    );
  }
  if (facts.evacuation === true) {
    reasons.push(
      byFlag(
        'safety.evacuation',
        { ja: '避難が行われた', en: 'An evacuation took place' },
        t.evacuation as SeverityLevel,
      ),
    );
  }
  if (facts.injuries !== undefined) {
    const r = byCount(
      'safety.injuries',
      { ja: '負傷者数', en: 'Injured people' },
      facts.injuries,
      t.injuries,
    );
    if (r) reasons.push(r);
  }
  if (facts.fatalities !== undefined) {
    const r = byCount('safety.fatalities', { ja: '死者数', en: 'Deaths' }, facts.fatalities, t.fatalities);
    if (r) reasons.push(r);
  }
  return reasons;
}

function trust(facts: SeverityFacts, t: RubricThresholds['trust']): Reason[] {
  const reasons: Reason[] = [];
  if (facts.dataLoss !== undefined) {
    reasons.push(
      byValue(
        'trust.dataLoss',
        { ja: 'データの消失・漏えい', en: 'Data loss' },
        DATA_LOSS_NAMES[facts.dataLoss],
        t.dataLoss[facts.dataLoss] as SeverityLevel,
      ),
    );
  }
  if (facts.dataRecordsAffected !== undefined && facts.dataLoss !== 'none') {
    const r = byCount(
      'trust.dataRecordsAffected',
      { ja: '影響を受けたデータ件数', en: 'Data records affected' },
      facts.dataRecordsAffected,
      t.dataRecordsAffected,
    );
    if (r) reasons.push(r);
  }
  if (facts.mediaAttention !== undefined) {
    reasons.push(
      byValue(
        'trust.mediaAttention',
        { ja: '報道の状況', en: 'Media attention' },
        MEDIA_NAMES[facts.mediaAttention],
        t.mediaAttention[facts.mediaAttention] as SeverityLevel,
      ),
    );
  }
  const outage = facts.serviceImpact === 'partial_outage' || facts.serviceImpact === 'full_outage';
  if (outage && facts.affectedUsers !== undefined) {
    const r = byCount(
      'trust.outageAffectedUsers',
      { ja: 'サービス停止の影響を受けた利用者数', en: 'Users affected by the outage' },
      facts.affectedUsers,
      t.outageAffectedUsers,
    );
    if (r) reasons.push(r);
  }
  return reasons;
}

export interface Suggestion {
  continuity: ViewpointSuggestion & { level: SeverityLevel };
  safety: ViewpointSuggestion & { level: SeverityLevel };
  trust: ViewpointSuggestion & { level: SeverityLevel };
  overall: SeverityLevel;
}

/**
 * Suggests a level per viewpoint from the facts: each viewpoint takes the highest level any
 * of its rules fired, overall the highest viewpoint. Every reason names the rule, the value
 * and the threshold it reached, in Japanese and English. Facts not given fire nothing.
 */
export function suggestSeverity(facts: SeverityFacts, thresholds: RubricThresholds): Suggestion {
  const c = conclude('continuity', continuity(facts, thresholds.continuity));
  const s = conclude('safety', safety(facts, thresholds.safety));
  const tr = conclude('trust', trust(facts, thresholds.trust));
  return {
    continuity: c,
    safety: s,
    trust: tr,
    overall: overallOf({ continuity: c.level, safety: s.level, trust: tr.level }),
  };
}

/**
 * Checks what a schema cannot: each step list ascends strictly in `atLeast` and never lowers
 * the level as the count grows (otherwise a bigger incident could be suggested a lower level).
 */
export function checkThresholds(thresholds: RubricThresholds): FieldError[] {
  const errors: FieldError[] = [];
  const lists: [string, readonly CountThreshold[]][] = [
    ['continuity/affectedUsers', thresholds.continuity.affectedUsers],
    ['continuity/durationRatio', thresholds.continuity.durationRatio],
    ['continuity/prefecturesAffected', thresholds.continuity.prefecturesAffected],
    ['safety/injuries', thresholds.safety.injuries],
    ['safety/fatalities', thresholds.safety.fatalities],
    ['trust/dataRecordsAffected', thresholds.trust.dataRecordsAffected],
    ['trust/outageAffectedUsers', thresholds.trust.outageAffectedUsers],
  ];
  for (const [path, steps] of lists) {
    steps.forEach((step, i) => {
      const previous = steps[i - 1];
      if (!previous) return;
      if (step.atLeast <= previous.atLeast) {
        errors.push({
          field: `/body/thresholds/${path}/${i}/atLeast`,
          code: 'NOT_ASCENDING',
          message: 'thresholds must ascend strictly',
        });
      } else if (step.level < previous.level) {
        errors.push({
          field: `/body/thresholds/${path}/${i}/level`,
          code: 'LEVEL_DECREASES',
          message: 'a higher threshold may not suggest a lower level',
        });
      }
    });
  }
  const order = <K extends string>(path: string, values: readonly K[], levels: Record<K, number>) => {
    values.forEach((value, i) => {
      const previous = values[i - 1];
      if (previous !== undefined && levels[value] < levels[previous]) {
        errors.push({
          field: `/body/thresholds/${path}/${value}`,
          code: 'LEVEL_DECREASES',
          message: `"${value}" may not suggest a lower level than "${previous}"`,
        });
      }
    });
  };
  order(
    'continuity/serviceImpact',
    ['none', 'degraded', 'partial_outage', 'full_outage'],
    thresholds.continuity.serviceImpact,
  );
  order('trust/dataLoss', ['none', 'suspected', 'confirmed'], thresholds.trust.dataLoss);
  order(
    'trust/mediaAttention',
    ['none', 'local', 'national', 'international'],
    thresholds.trust.mediaAttention,
  );
  return errors;
}
