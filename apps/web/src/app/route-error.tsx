import { Button, Container, Stack } from '@mantine/core';
import { useQueryErrorResetBoundary } from '@tanstack/react-query';
import { useRouter, type ErrorComponentProps } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../components/error-alert.js';

/** What a page shows when loading it failed (e.g. the server is unreachable), with a retry. */
export function RouteError({ error }: ErrorComponentProps) {
  const { t } = useTranslation();
  const router = useRouter();
  const queryReset = useQueryErrorResetBoundary();
  return (
    <Container size="sm" py="xl">
      <Stack>
        <ErrorAlert error={error} />
        <Button
          variant="light"
          style={{ alignSelf: 'flex-start' }}
          onClick={() => {
            queryReset.reset();
            void router.invalidate();
          }}
        >
          {t('app.retry')}
        </Button>
      </Stack>
    </Container>
  );
}
