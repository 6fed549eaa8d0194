import { Alert, List } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../lib/api.js';
import { problemMessage } from '../lib/problem-message.js';

/** Shows a failed call as the person's language would put it, with any field errors. */
export function ErrorAlert({ error, withFieldErrors = true }: { error: unknown; withFieldErrors?: boolean }) {
  const { t } = useTranslation();
  const fieldErrors = withFieldErrors && isApiError(error) ? error.errors : [];
  return (
    <Alert color="red" title={t('errors.title')} role="alert" data-testid="error-alert">
      {problemMessage(t, error)}
      {fieldErrors.length > 0 && (
        <List size="sm" mt="xs">
          {fieldErrors.map((e, i) => (
            <List.Item key={`${e.field}-${i}`}>
              {e.field}: {e.message}
            </List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
