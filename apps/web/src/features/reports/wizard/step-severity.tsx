import {
  Alert,
  Button,
  Checkbox,
  Fieldset,
  Group,
  Loader,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../components/error-alert.js';
import {
  DATA_LOSS_LEVELS,
  MEDIA_ATTENTION_LEVELS,
  SEVERITY_LEVELS,
  SEVERITY_VIEWPOINTS,
  type SeverityLevel,
} from '../../../lib/types.js';
import { SuggestionView } from '../severity-suggestion.js';
import { suggestionQuery } from '../queries.js';
import { severityFacts } from '../report-form.js';
import type { SeverityStepProps } from './wizard-types.js';

const asNumber = (value: string | number): number | '' =>
  typeof value === 'number' ? value : value.trim() === '' ? '' : Number(value);

export function StepSeverity(props: SeverityStepProps) {
  const { form, inputs, setInputs, rating, setRating, errorFor, onRubricVersion } = props;
  const { t } = useTranslation();
  // Whole minutes: asking again every second for a running outage would only add noise.
  const minute = Math.floor(Date.now() / 60_000);
  const facts = useMemo(() => severityFacts(form, inputs, new Date(minute * 60_000)), [form, inputs, minute]);
  const [debounced] = useDebouncedValue(facts, 300);
  const suggestion = useQuery({ ...suggestionQuery(debounced), placeholderData: keepPreviousData });
  const version = suggestion.data?.rubricVersion;
  useEffect(() => {
    if (version !== undefined) onRubricVersion(version);
  }, [version, onRubricVersion]);

  const levelOptions = SEVERITY_LEVELS.map((level) => ({
    value: String(level),
    label: `${level} ${t(`reports.severityLevels.${level}`)}`,
  }));
  const toLevel = (value: string | null): SeverityLevel | null =>
    SEVERITY_LEVELS.find((l) => String(l) === value) ?? null;

  return (
    <Stack gap="md">
      <Text size="sm">{t('reports.wizard.severityIntro')}</Text>
      <Fieldset legend={t('reports.wizard.rubricInputs')}>
        <Text size="xs" c="dimmed" mb="sm">
          {t('reports.wizard.rubricInputsHint')}
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <NumberInput
            label={t('reports.rubric.toleranceMinutes')}
            value={inputs.toleranceMinutes}
            onChange={(v) => setInputs({ ...inputs, toleranceMinutes: asNumber(v) })}
            min={1}
            allowDecimal={false}
            allowNegative={false}
          />
          <NumberInput
            label={t('reports.rubric.injuries')}
            value={inputs.injuries}
            onChange={(v) => setInputs({ ...inputs, injuries: asNumber(v) })}
            min={0}
            allowDecimal={false}
            allowNegative={false}
          />
          <NumberInput
            label={t('reports.rubric.fatalities')}
            value={inputs.fatalities}
            onChange={(v) => setInputs({ ...inputs, fatalities: asNumber(v) })}
            min={0}
            allowDecimal={false}
            allowNegative={false}
          />
          <NumberInput
            label={t('reports.rubric.dataRecordsAffected')}
            value={inputs.dataRecordsAffected}
            onChange={(v) => setInputs({ ...inputs, dataRecordsAffected: asNumber(v) })}
            min={0}
            allowDecimal={false}
            allowNegative={false}
            thousandSeparator=","
          />
          <Select
            label={t('reports.rubric.dataLoss')}
            data={DATA_LOSS_LEVELS.map((d) => ({ value: d, label: t(`reports.rubric.dataLossLevels.${d}`) }))}
            value={inputs.dataLoss}
            onChange={(v) =>
              setInputs({ ...inputs, dataLoss: DATA_LOSS_LEVELS.find((d) => d === v) ?? null })
            }
            clearable
          />
          <Select
            label={t('reports.rubric.mediaAttention')}
            data={MEDIA_ATTENTION_LEVELS.map((m) => ({
              value: m,
              label: t(`reports.rubric.mediaLevels.${m}`),
            }))}
            value={inputs.mediaAttention}
            onChange={(v) =>
              setInputs({ ...inputs, mediaAttention: MEDIA_ATTENTION_LEVELS.find((m) => m === v) ?? null })
            }
            clearable
          />
        </SimpleGrid>
        <Group mt="sm">
          <Checkbox
            label={t('reports.rubric.safetyHazard')}
            checked={inputs.safetyHazard}
            onChange={(e) => setInputs({ ...inputs, safetyHazard: e.currentTarget.checked })}
          />
          <Checkbox
            label={t('reports.rubric.evacuation')}
            checked={inputs.evacuation}
            onChange={(e) => setInputs({ ...inputs, evacuation: e.currentTarget.checked })}
          />
        </Group>
      </Fieldset>

      {suggestion.isError && <ErrorAlert error={suggestion.error} />}
      {suggestion.isPending && <Loader size="sm" aria-label={t('app.loading')} />}
      {suggestion.data && (
        <SuggestionView
          suggestion={suggestion.data}
          action={
            <Button
              variant="light"
              size="xs"
              onClick={() => {
                const s = suggestion.data;
                setRating({
                  ...rating,
                  continuity: toLevel(String(s.continuity.level)),
                  safety: toLevel(String(s.safety.level)),
                  trust: toLevel(String(s.trust.level)),
                });
              }}
            >
              {t('reports.severity.useSuggestion')}
            </Button>
          }
        />
      )}

      <Fieldset legend={t('reports.severity.provisionalTitle')}>
        <Text size="xs" c="dimmed" mb="sm">
          {t('reports.severity.provisionalHint')}
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          {SEVERITY_VIEWPOINTS.map((viewpoint) => (
            <Select
              key={viewpoint}
              label={t(`reports.viewpoints.${viewpoint}`)}
              data={levelOptions}
              value={rating[viewpoint] === null ? null : String(rating[viewpoint])}
              onChange={(value) => setRating({ ...rating, [viewpoint]: toLevel(value) })}
              error={errorFor(`rating.${viewpoint}`) ?? errorFor(viewpoint)}
              clearable
            />
          ))}
        </SimpleGrid>
        <Textarea
          mt="sm"
          label={t('reports.severity.rationale')}
          value={rating.rationale}
          onChange={(e) => setRating({ ...rating, rationale: e.currentTarget.value })}
          error={errorFor('rationale')}
          autosize
          minRows={2}
          maxLength={8000}
        />
      </Fieldset>
      {rating.continuity === null && rating.safety === null && rating.trust === null && (
        <Alert variant="light" color="gray">
          {t('reports.wizard.ratingOptional')}
        </Alert>
      )}
    </Stack>
  );
}
