import { Checkbox, Group, Radio, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { asLanguage } from '../../../lib/session.js';
import { REPORT_CAUSES, REPORT_SYSTEMS } from '../../../lib/types.js';
import { currentSectorsQuery } from '../queries.js';
import { JstTimeInput } from './time-input.js';
import type { StepProps } from './wizard-types.js';

export function StepFacts({ form, update, errorFor }: StepProps) {
  const { t, i18n } = useTranslation();
  const lang = asLanguage(i18n.language);
  const sectors = useQuery(currentSectorsQuery);
  return (
    <Stack gap="md">
      <TextInput
        label={t('reports.fields.title')}
        description={t('reports.wizard.titleHint')}
        value={form.title}
        onChange={(e) => update('title', e.currentTarget.value)}
        error={errorFor('title')}
        maxLength={300}
        withAsterisk
      />
      <Textarea
        label={t('reports.fields.description')}
        description={t('reports.wizard.descriptionHint')}
        value={form.description}
        onChange={(e) => update('description', e.currentTarget.value)}
        error={errorFor('description')}
        autosize
        minRows={4}
        maxRows={14}
        withAsterisk
      />
      <Radio.Group
        label={t('reports.fields.language')}
        value={form.language}
        onChange={(value) => update('language', value === 'en' ? 'en' : 'ja')}
        error={errorFor('language')}
      >
        <Group mt="xs">
          <Radio value="ja" label={t('language.ja')} />
          <Radio value="en" label={t('language.en')} />
        </Group>
      </Radio.Group>
      <Select
        label={t('reports.fields.sector')}
        data={(sectors.data ?? []).map((s) => ({ value: s.code, label: s.name[lang] }))}
        value={form.sectorCode}
        onChange={(value) => update('sectorCode', value)}
        error={errorFor('sectorCode') ?? (sectors.isError ? t('reports.wizard.sectorsFailed') : undefined)}
        searchable
        nothingFoundMessage={t('reports.noMatch')}
        withAsterisk
      />
      <TextInput
        label={t('reports.fields.service')}
        description={t('reports.wizard.serviceHint')}
        value={form.service}
        onChange={(e) => update('service', e.currentTarget.value)}
        error={errorFor('service')}
        maxLength={300}
      />
      <Select
        label={t('reports.fields.cause')}
        data={REPORT_CAUSES.map((c) => ({ value: c, label: t(`reports.causes.${c}`) }))}
        value={form.cause}
        onChange={(value) => update('cause', REPORT_CAUSES.find((c) => c === value) ?? null)}
        error={errorFor('cause')}
        withAsterisk
      />
      <Checkbox.Group
        label={t('reports.fields.systems')}
        value={form.systems}
        onChange={(values) =>
          update(
            'systems',
            REPORT_SYSTEMS.filter((s) => values.includes(s)),
          )
        }
        error={errorFor('systems')}
        withAsterisk
      >
        <Group mt="xs">
          {REPORT_SYSTEMS.map((s) => (
            <Checkbox key={s} value={s} label={t(`reports.systems.${s}`)} />
          ))}
        </Group>
      </Checkbox.Group>
      <JstTimeInput
        label={t('reports.fields.occurredAt')}
        value={form.occurredAt}
        onChange={(value) => update('occurredAt', value)}
        error={errorFor('occurredAt')}
      />
      <JstTimeInput
        label={t('reports.fields.detectedAt')}
        value={form.detectedAt}
        onChange={(value) => update('detectedAt', value)}
        error={errorFor('detectedAt')}
        required
      />
    </Stack>
  );
}
