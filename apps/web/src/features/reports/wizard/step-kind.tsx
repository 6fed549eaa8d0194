import { Radio, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { REPORT_KINDS } from '../../../lib/types.js';
import type { StepProps } from './wizard-types.js';

export function StepKind({ form, update, errorFor }: StepProps) {
  const { t } = useTranslation();
  return (
    <Radio.Group
      label={t('reports.fields.kind')}
      description={t('reports.wizard.kindIntro')}
      value={form.kind ?? ''}
      onChange={(value) => {
        const kind = REPORT_KINDS.find((k) => k === value);
        if (kind) update('kind', kind);
      }}
      error={errorFor('kind')}
      withAsterisk
    >
      <Stack gap="sm" mt="xs">
        {REPORT_KINDS.map((kind) => (
          <Radio
            key={kind}
            value={kind}
            label={t(`reports.kinds.${kind}`)}
            description={t(`reports.kindHints.${kind}`)}
          />
        ))}
      </Stack>
    </Radio.Group>
  );
}
