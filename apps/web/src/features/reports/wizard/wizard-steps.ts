/** The wizard's steps, in order (its own module: the router reads it without loading the wizard). */
export const WIZARD_STEPS = ['kind', 'facts', 'impact', 'severity', 'routing', 'review'] as const;
export type WizardStep = (typeof WIZARD_STEPS)[number];

export const asWizardStep = (value: unknown): WizardStep | undefined => WIZARD_STEPS.find((s) => s === value);
