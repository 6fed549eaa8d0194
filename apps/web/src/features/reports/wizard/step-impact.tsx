import {
  Checkbox,
  Fieldset,
  MultiSelect,
  NumberInput,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { asLanguage } from '../../../lib/session.js';
import { PREFECTURES, SERVICE_IMPACTS } from '../../../lib/types.js';
import { JstTimeInput } from './time-input.js';
import type { StepProps } from './wizard-types.js';

const asNumber = (value: string | number): number | '' =>
  typeof value === 'number' ? value : value.trim() === '' ? '' : Number(value);

export function StepImpact({ form, update, errorFor }: StepProps) {
  const { t, i18n } = useTranslation();
  const lang = asLanguage(i18n.language);
  const ddos = form.ddos;
  const ransomware = form.ransomware;
  return (
    <Stack gap="md">
      <Select
        label={t('reports.fields.serviceImpact')}
        data={SERVICE_IMPACTS.map((s) => ({ value: s, label: t(`reports.serviceImpacts.${s}`) }))}
        value={form.serviceImpact}
        onChange={(value) => update('serviceImpact', SERVICE_IMPACTS.find((s) => s === value) ?? null)}
        error={errorFor('serviceImpact')}
        withAsterisk={form.kind === 'outage'}
        clearable
      />
      <MultiSelect
        label={t('reports.fields.affectedPrefectures')}
        description={t('reports.wizard.prefecturesHint')}
        data={PREFECTURES.map((p) => ({ value: p.code, label: `${p.code} ${p[lang]}` }))}
        value={form.affectedPrefectures}
        onChange={(values) =>
          update(
            'affectedPrefectures',
            PREFECTURES.map((p) => p.code).filter((code) => values.includes(code)),
          )
        }
        error={errorFor('affectedPrefectures')}
        searchable
        clearable
        hidePickedOptions
        nothingFoundMessage={t('reports.noMatch')}
      />
      <NumberInput
        label={t('reports.fields.affectedUsersEstimate')}
        value={form.affectedUsersEstimate}
        onChange={(value) => update('affectedUsersEstimate', asNumber(value))}
        error={errorFor('affectedUsersEstimate')}
        min={0}
        max={2_000_000_000}
        allowDecimal={false}
        allowNegative={false}
        thousandSeparator=","
      />
      <JstTimeInput
        label={t('reports.fields.expectedRestorationAt')}
        value={form.expectedRestorationAt}
        onChange={(value) => update('expectedRestorationAt', value)}
        error={errorFor('expectedRestorationAt')}
      />
      <Textarea
        label={t('reports.fields.safetyImpact')}
        description={t('reports.wizard.safetyHint')}
        value={form.safetyImpact}
        onChange={(e) => update('safetyImpact', e.currentTarget.value)}
        error={errorFor('safetyImpact')}
        autosize
        minRows={2}
      />
      <Stack gap="xs">
        <Text fw={500} size="sm">
          {t('reports.wizard.attackForms')}
        </Text>
        <Text size="xs" c="dimmed">
          {t('reports.wizard.attackFormsHint')}
        </Text>
        {errorFor('forms') && (
          <Text size="sm" c="red" role="alert">
            {errorFor('forms')}
          </Text>
        )}
        <Checkbox
          label={t('reports.wizard.addDdos')}
          checked={form.ddosEnabled}
          onChange={(e) => update('ddosEnabled', e.currentTarget.checked)}
        />
        {form.ddosEnabled && (
          <Fieldset legend={t('reports.forms.ddos')}>
            <Stack gap="sm">
              <NumberInput
                label={t('reports.forms.trafficGbps')}
                value={ddos.trafficGbps}
                onChange={(v) => update('ddos', { ...ddos, trafficGbps: asNumber(v) })}
                error={errorFor('forms.ddos.trafficGbps')}
                min={0}
                decimalScale={3}
                allowNegative={false}
              />
              <NumberInput
                label={t('reports.forms.pps')}
                value={ddos.pps}
                onChange={(v) => update('ddos', { ...ddos, pps: asNumber(v) })}
                error={errorFor('forms.ddos.pps')}
                min={0}
                allowDecimal={false}
                allowNegative={false}
                thousandSeparator=","
              />
              <NumberInput
                label={t('reports.forms.durationMinutes')}
                value={ddos.durationMinutes}
                onChange={(v) => update('ddos', { ...ddos, durationMinutes: asNumber(v) })}
                error={errorFor('forms.ddos.durationMinutes')}
                min={0}
                allowDecimal={false}
                allowNegative={false}
              />
              <TextInput
                label={t('reports.forms.vector')}
                value={ddos.vector}
                onChange={(e) => update('ddos', { ...ddos, vector: e.currentTarget.value })}
                error={errorFor('forms.ddos.vector')}
                maxLength={500}
              />
            </Stack>
          </Fieldset>
        )}
        <Checkbox
          label={t('reports.wizard.addRansomware')}
          checked={form.ransomwareEnabled}
          onChange={(e) => update('ransomwareEnabled', e.currentTarget.checked)}
        />
        {form.ransomwareEnabled && (
          <Fieldset legend={t('reports.forms.ransomware')}>
            <Stack gap="sm">
              <Textarea
                label={t('reports.forms.note')}
                value={ransomware.note}
                onChange={(e) => update('ransomware', { ...ransomware, note: e.currentTarget.value })}
                error={errorFor('forms.ransomware.note')}
                autosize
                minRows={2}
              />
              <TextInput
                label={t('reports.forms.fileExtension')}
                value={ransomware.fileExtension}
                onChange={(e) =>
                  update('ransomware', { ...ransomware, fileExtension: e.currentTarget.value })
                }
                error={errorFor('forms.ransomware.fileExtension')}
                maxLength={64}
              />
              <TextInput
                label={t('reports.forms.family')}
                value={ransomware.family}
                onChange={(e) => update('ransomware', { ...ransomware, family: e.currentTarget.value })}
                error={errorFor('forms.ransomware.family')}
                maxLength={200}
              />
              <TextInput
                label={t('reports.forms.intrusionVector')}
                value={ransomware.intrusionVector}
                onChange={(e) =>
                  update('ransomware', { ...ransomware, intrusionVector: e.currentTarget.value })
                }
                error={errorFor('forms.ransomware.intrusionVector')}
                maxLength={1000}
              />
              <Textarea
                label={t('reports.forms.indicators')}
                description={t('reports.forms.indicatorsHint')}
                value={ransomware.indicators}
                onChange={(e) => update('ransomware', { ...ransomware, indicators: e.currentTarget.value })}
                error={errorFor('forms.ransomware.indicators')}
                autosize
                minRows={2}
              />
            </Stack>
          </Fieldset>
        )}
      </Stack>
    </Stack>
  );
}
