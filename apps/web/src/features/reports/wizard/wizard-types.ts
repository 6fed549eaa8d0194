import type { ProvisionalRating, ReportForm, SeverityInputs } from '../report-form.js';

/** What every step receives: the form, a setter, and the message to show next to a field. */
export interface StepProps {
  form: ReportForm;
  update: <K extends keyof ReportForm>(key: K, value: ReportForm[K]) => void;
  errorFor: (key: string) => string | undefined;
}

export interface SeverityStepProps extends StepProps {
  inputs: SeverityInputs;
  setInputs: (inputs: SeverityInputs) => void;
  rating: ProvisionalRating;
  setRating: (rating: ProvisionalRating) => void;
  /** Called with the rubric version the suggestion came from, so the rating records it. */
  onRubricVersion: (version: number) => void;
}

/** The field keys (as errors name them) whose errors an update of a form key makes stale. */
const STALE_KEYS: Partial<Record<keyof ReportForm, string[]>> = {
  ddos: ['forms.ddos', 'forms'],
  ransomware: ['forms.ransomware', 'forms'],
  ddosEnabled: ['forms'],
  ransomwareEnabled: ['forms'],
  cause: ['cause', 'forms'],
  route: ['route', 'relayOrgId', 'tlp'],
  tlp: ['tlp', 'namedRecipients'],
};

export function errorKeysOf(key: keyof ReportForm): string[] {
  return STALE_KEYS[key] ?? [key];
}
