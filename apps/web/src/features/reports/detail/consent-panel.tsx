import { Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../components/error-alert.js';
import { reportApi, reportKeys } from '../queries.js';

/**
 * Consent route: the receiving office holds the report until the reporter agrees that it goes
 * on to the coordinator. Declining keeps it with the office; consent may still be given later.
 */
export function ConsentPanel({ reportId }: { reportId: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [note, setNote] = useState('');
  const record = useMutation({
    mutationFn: (granted: boolean) => reportApi.consent(reportId, granted, note.trim() || undefined),
    onSuccess: async (detail) => {
      setNote('');
      client.setQueryData(reportKeys.detail(detail.id), detail);
      await client.invalidateQueries({ queryKey: reportKeys.all });
    },
  });
  return (
    <Stack gap="xs" data-testid="consent-panel">
      <Text size="sm">{t('reports.consent.explain')}</Text>
      <Textarea
        label={t('reports.consent.note')}
        value={note}
        onChange={(e) => setNote(e.currentTarget.value)}
        autosize
        minRows={1}
        maxLength={5000}
      />
      <Group gap="sm">
        <Button onClick={() => record.mutate(true)} loading={record.isPending} disabled={record.isPending}>
          {t('reports.consent.grant')}
        </Button>
        <Button
          variant="outline"
          color="red"
          onClick={() => record.mutate(false)}
          loading={record.isPending}
          disabled={record.isPending}
        >
          {t('reports.consent.decline')}
        </Button>
      </Group>
      {record.isError && <ErrorAlert error={record.error} />}
    </Stack>
  );
}
