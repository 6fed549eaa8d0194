import { Alert, Button, Group, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../components/error-alert.js';
import { isApiError } from '../../../lib/api.js';
import { asLanguage } from '../../../lib/session.js';
import type { ReportDetail, ReportWarning } from '../../../lib/types.js';
import { fieldErrorMessage, mapFieldErrors } from '../field-errors.js';
import { reportApi, reportKeys } from '../queries.js';
import {
  createBody,
  emptyForm,
  emptyRating,
  emptySeverityInputs,
  formFromReport,
  ratingComplete,
  updateBody,
  validateStep,
  WIZARD_STEPS,
  type ProvisionalRating,
  type ReportForm,
  type SeverityInputs,
  type StepErrors,
  type WizardStep,
} from '../report-form.js';
import { StepFacts } from './step-facts.js';
import { StepImpact } from './step-impact.js';
import { StepKind } from './step-kind.js';
import { StepReview } from './step-review.js';
import { StepRouting } from './step-routing.js';
import { StepSeverity } from './step-severity.js';
import { errorKeysOf } from './wizard-types.js';
import { clearWizardExtras, loadWizardExtras, storeWizardExtras } from './wizard-extras.js';

/** After submit only facts may change: the severity and routing steps belong to the draft. */
const AMEND_STEPS: readonly WizardStep[] = ['kind', 'facts', 'impact', 'review'];

export interface ReportWizardProps {
  /** The draft being continued, or the submitted report facts are added to; none for a new report. */
  report?: ReportDetail | undefined;
  initialStep?: WizardStep | undefined;
  /** The reporter's own sector, preselected for a new report. */
  defaultSectorCode?: string | null | undefined;
  /** The draft now exists on the server (so a reload finds it). */
  onCreated: (report: ReportDetail, step: WizardStep) => void;
  onStepChange?: ((step: WizardStep) => void) | undefined;
  /** Submitted (or, for a submitted report, the new facts saved). */
  onDone: (report: ReportDetail) => void;
}

/**
 * The report wizard: kind → what happened → impact → severity → routing and TLP → review.
 * Every step saves the draft (POST once with an Idempotency-Key, then PATCH with the
 * version), so a lost connection or a failed submit never loses what was typed.
 */
export function ReportWizard(props: ReportWizardProps) {
  const { report, onCreated, onDone, onStepChange } = props;
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const amending = report !== undefined && report.status !== 'draft';
  const steps = amending ? AMEND_STEPS : WIZARD_STEPS;

  const [form, setForm] = useState<ReportForm>(() =>
    report ? formFromReport(report) : emptyForm(asLanguage(i18n.language), props.defaultSectorCode ?? null),
  );
  const extras = useMemo(() => (report ? loadWizardExtras(report.id) : undefined), [report]);
  const [inputs, setInputs] = useState<SeverityInputs>(() => extras?.inputs ?? emptySeverityInputs());
  const [rating, setRating] = useState<ProvisionalRating>(() => extras?.rating ?? emptyRating());
  const [rubricVersion, setRubricVersion] = useState<number | undefined>(undefined);
  const [stepIndex, setStepIndex] = useState(() => {
    const index = props.initialStep ? steps.indexOf(props.initialStep) : -1;
    return index >= 0 ? index : report ? Math.min(1, steps.length - 1) : 0;
  });
  const [clientErrors, setClientErrors] = useState<StepErrors>({});
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState<'save' | 'next' | 'submit' | null>(null);
  const [savedAt, setSavedAt] = useState<Date | null>(null);
  // The server's advice on the draft (a small relay community), from the last save.
  const [warnings, setWarnings] = useState<ReportWarning[]>(() => report?.warnings ?? []);
  const reportId = useRef<string | undefined>(report?.id);
  const version = useRef<number | undefined>(report?.version);
  // One key per wizard: a create retried after a lost answer returns the same draft.
  const idempotencyKey = useRef<string>(crypto.randomUUID());
  const headingRef = useRef<HTMLHeadingElement>(null);
  // The rating last sent, so a second submit attempt does not record the same rating twice.
  const postedRating = useRef<string | null>(null);

  const step = steps[stepIndex] ?? 'kind';

  useEffect(() => {
    if (reportId.current) storeWizardExtras(reportId.current, { inputs, rating });
  }, [inputs, rating]);

  const update = useCallback(<K extends keyof ReportForm>(key: K, value: ReportForm[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    const stale = errorKeysOf(key);
    const keep = (errors: Record<string, string>) =>
      Object.fromEntries(
        Object.entries(errors).filter(([k]) => !stale.some((s) => k === s || k.startsWith(`${s}.`))),
      );
    setClientErrors(keep);
    setServerErrors(keep);
  }, []);

  const errorFor = (key: string): string | undefined => {
    const server = serverErrors[key];
    if (server !== undefined) return server;
    const code = clientErrors[key];
    return code === undefined ? undefined : fieldErrorMessage(t, { code, message: code });
  };

  const goTo = (next: number) => {
    const bounded = Math.max(0, Math.min(steps.length - 1, next));
    setStepIndex(bounded);
    setFailure(null);
    const target = steps[bounded];
    if (target) onStepChange?.(target);
    // Screen readers and keyboards start again at the new step's heading.
    requestAnimationFrame(() => headingRef.current?.focus());
  };

  /** Shows a failed call: field errors next to their fields, anything else above the form. */
  const showFailure = (error: unknown) => {
    if (isApiError(error) && error.errors.length > 0) {
      setServerErrors(mapFieldErrors(t, error.errors));
      setFailure(error);
      return;
    }
    setFailure(error);
  };

  /** Saves the draft (or the added facts); returns the report as the server now has it. */
  const save = async (): Promise<ReportDetail | null> => {
    if (form.kind === null) return null;
    const id = reportId.current;
    const saved =
      id === undefined
        ? await reportApi.create(createBody({ ...form, kind: form.kind }), idempotencyKey.current)
        : await reportApi.update(id, updateBody(form, version.current ?? 1, !amending));
    reportId.current = saved.id;
    version.current = saved.version;
    queryClient.setQueryData(reportKeys.detail(saved.id), saved);
    setSavedAt(new Date());
    setWarnings(saved.warnings ?? []);
    if (id === undefined) storeWizardExtras(saved.id, { inputs, rating });
    return saved;
  };

  const run = async (kind: 'save' | 'next' | 'submit', action: () => Promise<void>) => {
    setBusy(kind);
    setFailure(null);
    try {
      await action();
    } catch (error) {
      showFailure(error);
    } finally {
      setBusy(null);
    }
  };

  const next = () =>
    run('next', async () => {
      const errors = validateStep(step, form, rating, new Date());
      setClientErrors(errors);
      if (Object.keys(errors).length > 0) return;
      const created = reportId.current === undefined;
      const saved = await save();
      setServerErrors({});
      const target = steps[stepIndex + 1] ?? step;
      if (created && saved) {
        onCreated(saved, target);
        return;
      }
      goTo(stepIndex + 1);
    });

  const saveDraft = () =>
    run('save', async () => {
      await save();
      setServerErrors({});
    });

  const submit = () =>
    run('submit', async () => {
      // Check every step first: the reporter fixes what the form already knows about.
      for (const s of steps) {
        const errors = validateStep(s, form, rating, new Date());
        if (Object.keys(errors).length > 0) {
          setClientErrors(errors);
          goTo(steps.indexOf(s));
          return;
        }
      }
      const saved = await save();
      if (!saved) return;
      if (amending) {
        await queryClient.invalidateQueries({ queryKey: reportKeys.all });
        onDone(saved);
        return;
      }
      if (ratingComplete(rating) && postedRating.current !== JSON.stringify(rating)) {
        await reportApi.rate(saved.id, {
          basis: 'provisional',
          continuity: rating.continuity,
          safety: rating.safety,
          trust: rating.trust,
          rationale: rating.rationale.trim(),
          ...(rubricVersion !== undefined ? { rubricVersion } : {}),
        });
        postedRating.current = JSON.stringify(rating);
      }
      const submitted = await reportApi.submit(saved.id);
      clearWizardExtras(saved.id);
      queryClient.setQueryData(reportKeys.detail(submitted.id), submitted);
      await queryClient.invalidateQueries({ queryKey: reportKeys.all });
      onDone(submitted);
    });

  const problems = Object.entries(serverErrors).map(([key, message]) => ({ key, message }));
  const stepProps = { form, update, errorFor };
  const last = stepIndex === steps.length - 1;

  return (
    <Stack gap="md" maw={760}>
      <Stack gap={4}>
        <Text size="sm" c="dimmed">
          {t('reports.wizard.progress', { current: stepIndex + 1, total: steps.length })}
        </Text>
        <Progress
          value={((stepIndex + 1) / steps.length) * 100}
          size="sm"
          aria-label={t('reports.wizard.progress', { current: stepIndex + 1, total: steps.length })}
        />
        <Title order={2} size="h3" ref={headingRef} tabIndex={-1}>
          {t(`reports.wizard.steps.${step}`)}
        </Title>
      </Stack>
      <nav aria-label={t('reports.wizard.stepsLabel')}>
        <Group gap={4} wrap="wrap">
          {steps.map((s, index) => (
            <Button
              key={s}
              size="compact-xs"
              variant={index === stepIndex ? 'filled' : 'subtle'}
              aria-current={index === stepIndex ? 'step' : undefined}
              // Moving back is always safe; forward only through "next", which checks each step.
              disabled={index > stepIndex || busy !== null}
              onClick={() => goTo(index)}
            >
              {`${index + 1}. ${t(`reports.wizard.steps.${s}`)}`}
            </Button>
          ))}
        </Group>
      </nav>
      {failure !== null && !(isApiError(failure) && failure.errors.length > 0 && step !== 'review') && (
        <ErrorAlert error={failure} />
      )}
      {failure !== null && isApiError(failure) && failure.errors.length > 0 && step !== 'review' && (
        <Alert color="red" variant="light" role="alert">
          {t('reports.wizard.fieldsNeedAttention')}
        </Alert>
      )}
      {(step === 'routing' || step === 'review') &&
        warnings.map((w) => (
          <Alert key={w.code} color="yellow" variant="light" title={t(`reports.warnings.${w.code}`)}>
            {w.message[asLanguage(i18n.language)]}
          </Alert>
        ))}
      <Paper
        withBorder
        p={{ base: 'sm', sm: 'md' }}
        component="section"
        aria-label={t(`reports.wizard.steps.${step}`)}
      >
        {step === 'kind' && <StepKind {...stepProps} />}
        {step === 'facts' && <StepFacts {...stepProps} />}
        {step === 'impact' && <StepImpact {...stepProps} />}
        {step === 'severity' && (
          <StepSeverity
            {...stepProps}
            inputs={inputs}
            setInputs={setInputs}
            rating={rating}
            setRating={setRating}
            onRubricVersion={setRubricVersion}
          />
        )}
        {step === 'routing' && <StepRouting {...stepProps} />}
        {step === 'review' && (
          <StepReview
            {...stepProps}
            rating={rating}
            problems={problems}
            onGoTo={(s) => goTo(steps.indexOf(s) >= 0 ? steps.indexOf(s) : stepIndex)}
            amending={amending}
          />
        )}
      </Paper>
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Button
          variant="default"
          onClick={() => goTo(stepIndex - 1)}
          disabled={stepIndex === 0 || busy !== null}
        >
          {t('reports.wizard.back')}
        </Button>
        <Group gap="sm" wrap="wrap">
          {form.kind !== null && (
            <Button
              variant="light"
              onClick={() => void saveDraft()}
              loading={busy === 'save'}
              disabled={busy !== null}
            >
              {amending ? t('reports.wizard.saveFacts') : t('reports.wizard.saveDraft')}
            </Button>
          )}
          {last ? (
            <Button onClick={() => void submit()} loading={busy === 'submit'} disabled={busy !== null}>
              {amending ? t('reports.wizard.saveFactsAndClose') : t('reports.wizard.submit')}
            </Button>
          ) : (
            <Button onClick={() => void next()} loading={busy === 'next'} disabled={busy !== null}>
              {t('reports.wizard.next')}
            </Button>
          )}
        </Group>
      </Group>
      <Text size="xs" c="dimmed" aria-live="polite">
        {savedAt ? t('reports.wizard.savedAt', { time: savedAt.toLocaleTimeString(i18n.language) }) : ''}
      </Text>
    </Stack>
  );
}
