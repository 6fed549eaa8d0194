import { Card, Group, List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { asLanguage } from '../../lib/session.js';
import { SEVERITY_VIEWPOINTS, type SeveritySuggestion } from '../../lib/types.js';
import { SeverityBadge } from './badges.js';

/**
 * CIPX's rubric suggestion, always under its own label: it helps the rater, it is not
 * NISC's criteria and not a rating.
 */
export function SuggestionView({
  suggestion,
  action,
}: {
  suggestion: SeveritySuggestion;
  action?: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const lang = asLanguage(i18n.language);
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="cipx-suggestion-title">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <div>
            <Title order={3} size="h5" id="cipx-suggestion-title">
              {t('reports.severity.suggestionTitle')}
            </Title>
            <Text size="xs" c="dimmed">
              {suggestion.label[lang]}
            </Text>
          </div>
          {action}
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          {SEVERITY_VIEWPOINTS.map((viewpoint) => {
            const v = suggestion[viewpoint];
            return (
              <Stack key={viewpoint} gap={4} data-testid={`suggestion-${viewpoint}`}>
                <Group gap="xs">
                  <Text size="sm" fw={500}>
                    {t(`reports.viewpoints.${viewpoint}`)}
                  </Text>
                  <SeverityBadge level={v.level} />
                </Group>
                {v.reasons.length === 0 ? (
                  <Text size="xs" c="dimmed">
                    {t('reports.severity.noReasons')}
                  </Text>
                ) : (
                  <List size="xs" spacing={2}>
                    {v.reasons.map((reason) => (
                      <List.Item key={reason.rule}>{reason.text[lang]}</List.Item>
                    ))}
                  </List>
                )}
              </Stack>
            );
          })}
        </SimpleGrid>
        <Group gap="xs">
          <Text size="sm">{t('reports.severity.overall')}</Text>
          <SeverityBadge level={suggestion.overall} />
          <Text size="xs" c="dimmed">
            {t('reports.severity.ciss', { level: suggestion.cissLevel })}
          </Text>
        </Group>
      </Stack>
    </Card>
  );
}
