import { Alert, Anchor, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { asLanguage } from '../../lib/session.js';
import { activeCrises } from './active.js';
import { activeCrisesQuery } from './queries.js';

/**
 * Large-scale outage mode: while any crisis the viewer may see is active, every page says so
 * and links to it. Polled, so a declaration reaches open sessions within a minute.
 */
export function CrisisBanner() {
  const { t, i18n } = useTranslation();
  const lang = asLanguage(i18n.language);
  const active = useQuery(activeCrisesQuery);
  const items = activeCrises(active.data);
  if (items.length === 0) return null;
  return (
    <Alert
      color="red"
      variant="filled"
      title={t('crises.banner.title')}
      role="alert"
      mb="md"
      className="cipx-crisis-banner"
      data-testid="crisis-banner"
    >
      <Stack gap={4}>
        {items.map((c) => (
          <Text key={c.id} size="sm">
            {c.exercise ? `${t('reports.exercise')} ` : ''}
            <Anchor
              c="white"
              fw={700}
              underline="always"
              renderRoot={(props) => <Link to="/crises/$crisisId" params={{ crisisId: c.id }} {...props} />}
            >
              {c.title[lang]}
            </Anchor>
          </Text>
        ))}
      </Stack>
    </Alert>
  );
}
