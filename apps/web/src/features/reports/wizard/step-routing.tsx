import { Alert, Checkbox, Radio, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { TLP_LEVELS, type ReportRoute } from '../../../lib/types.js';
import type { StepProps } from './wizard-types.js';

/**
 * The routes the wizard offers. The consent route needs a receiving office chosen from the
 * directory and is filed from the office's own form, so it is not among them.
 */
export const WIZARD_ROUTES = ['normal', 'hotline', 'anonymized'] as const satisfies readonly ReportRoute[];

export function StepRouting({ form, update, errorFor }: StepProps) {
  const { t } = useTranslation();
  const relayed = form.route === 'anonymized';
  return (
    <Stack gap="lg">
      <Radio.Group
        label={t('reports.fields.route')}
        value={form.route}
        onChange={(value) => {
          const route = WIZARD_ROUTES.find((r) => r === value);
          if (route) update('route', route);
        }}
        error={errorFor('route') ?? errorFor('relayOrgId')}
        withAsterisk
      >
        <Stack gap="sm" mt="xs">
          {WIZARD_ROUTES.map((route) => (
            <Radio
              key={route}
              value={route}
              label={t(`reports.routes.${route}`)}
              description={t(`reports.routeHints.${route}`)}
            />
          ))}
        </Stack>
      </Radio.Group>
      {relayed && (
        <Alert variant="light" color="yellow" title={t('reports.wizard.anonymizedTitle')}>
          {t('reports.wizard.anonymizedWarning')}
        </Alert>
      )}
      <Radio.Group
        label={t('reports.fields.tlp')}
        description={t('reports.wizard.tlpIntro')}
        value={form.tlp}
        onChange={(value) => {
          const tlp = TLP_LEVELS.find((l) => l === value);
          if (tlp) update('tlp', tlp);
        }}
        error={errorFor('tlp') ?? errorFor('namedRecipients')}
        withAsterisk
      >
        <Stack gap="sm" mt="xs">
          {TLP_LEVELS.map((tlp) => {
            // RED reaches named people only, whom this form does not pick; a relay may not carry STRICT or RED.
            const unavailable = tlp === 'red' || (relayed && tlp === 'amber+strict');
            return (
              <Radio
                key={tlp}
                value={tlp}
                disabled={unavailable}
                label={`TLP:${tlp.toUpperCase()}`}
                description={
                  <>
                    <Text span size="xs" display="block">
                      {t(`reports.tlp.${tlp}`)}
                    </Text>
                    {unavailable && (
                      <Text span size="xs" c="dimmed" display="block">
                        {tlp === 'red'
                          ? t('reports.wizard.redUnavailable')
                          : t('reports.wizard.strictNoRelay')}
                      </Text>
                    )}
                  </>
                }
              />
            );
          })}
        </Stack>
      </Radio.Group>
      <Checkbox
        label={t('reports.wizard.exercise')}
        description={t('reports.wizard.exerciseHint')}
        checked={form.exercise}
        onChange={(e) => update('exercise', e.currentTarget.checked)}
      />
    </Stack>
  );
}
