import {
  emptyRating,
  emptySeverityInputs,
  type ProvisionalRating,
  type SeverityInputs,
} from '../report-form.js';

/**
 * What the wizard holds beyond the draft itself (the rubric's extra answers and the rating
 * not yet recorded), kept in this browser per draft so a reload does not lose it either.
 */
export interface WizardExtras {
  inputs: SeverityInputs;
  rating: ProvisionalRating;
}

const key = (reportId: string) => `cipx.reports.wizard.${reportId}`;

export function loadWizardExtras(reportId: string): WizardExtras | undefined {
  try {
    const raw = globalThis.localStorage?.getItem(key(reportId));
    if (!raw) return undefined;
    const parsed = JSON.parse(raw) as Partial<WizardExtras>;
    // Stored by an older page, a field may be missing: the defaults fill it.
    return {
      inputs: { ...emptySeverityInputs(), ...parsed.inputs },
      rating: { ...emptyRating(), ...parsed.rating },
    };
  } catch {
    return undefined;
  }
}

export function storeWizardExtras(reportId: string, extras: WizardExtras): void {
  try {
    globalThis.localStorage?.setItem(key(reportId), JSON.stringify(extras));
  } catch {
    // Without storage the answers last for this page only.
  }
}

export function clearWizardExtras(reportId: string): void {
  try {
    globalThis.localStorage?.removeItem(key(reportId));
  } catch {
    // Nothing was stored.
  }
}
