import { Anchor, Container, Stack, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';

export function NotFound() {
  const { t } = useTranslation();
  return (
    <Container size="sm" py="xl">
      <Stack>
        <Title order={1} size="h2">
          {t('notFound.title')}
        </Title>
        <Anchor renderRoot={(props) => <Link to="/directory" {...props} />}>{t('notFound.home')}</Anchor>
      </Stack>
    </Container>
  );
}
