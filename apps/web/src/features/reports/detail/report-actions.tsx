import { Button, Group, Select, Stack, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../components/error-alert.js';
import type { ReportDetail } from '../../../lib/types.js';
import type { ReportActions as Allowed, StatusTarget } from '../permissions.js';
import { reportApi, reportKeys } from '../queries.js';

/** The actions this viewer may take on the report, with an optional note for the timeline. */
export function ReportActions({ report, allowed }: { report: ReportDetail; allowed: Allowed }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [note, setNote] = useState('');
  const [target, setTarget] = useState<StatusTarget | null>(null);
  const act = useMutation({
    mutationFn: (
      action:
        { kind: 'acknowledge' } | { kind: 'forward' | 'decline' } | { kind: 'status'; to: StatusTarget },
    ) => {
      const text = note.trim() || undefined;
      switch (action.kind) {
        case 'acknowledge':
          return reportApi.acknowledge(report.id, text);
        case 'forward':
        case 'decline':
          return reportApi.forward(report.id, action.kind, text);
        case 'status':
          return reportApi.changeStatus(report.id, action.to, text);
      }
    },
    onSuccess: async (detail) => {
      setNote('');
      setTarget(null);
      client.setQueryData(reportKeys.detail(detail.id), detail);
      await client.invalidateQueries({ queryKey: reportKeys.all });
    },
  });
  const needsNote = allowed.acknowledge || allowed.forward || allowed.statuses.length > 0;
  const nothing = !needsNote && !allowed.editDraft && !allowed.addFacts;
  if (nothing) return null;
  const busy = act.isPending;
  return (
    <Stack gap="sm" data-testid="report-actions">
      {(allowed.editDraft || allowed.addFacts) && (
        <Group>
          <Button
            variant="light"
            renderRoot={(props) => (
              <Link to="/reports/$reportId/edit" params={{ reportId: report.id }} search={{}} {...props} />
            )}
          >
            {allowed.editDraft ? t('reports.actions.continueDraft') : t('reports.actions.addFacts')}
          </Button>
        </Group>
      )}
      {needsNote && (
        <Textarea
          label={t('reports.actions.note')}
          description={t('reports.actions.noteHint')}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          autosize
          minRows={1}
          maxLength={5000}
        />
      )}
      <Group gap="sm" wrap="wrap" align="flex-end">
        {allowed.acknowledge && (
          <Button onClick={() => act.mutate({ kind: 'acknowledge' })} loading={busy} disabled={busy}>
            {t('reports.actions.acknowledge')}
          </Button>
        )}
        {allowed.forward && (
          <>
            <Button onClick={() => act.mutate({ kind: 'forward' })} loading={busy} disabled={busy}>
              {t('reports.actions.forward')}
            </Button>
            <Button
              variant="outline"
              color="red"
              onClick={() => act.mutate({ kind: 'decline' })}
              loading={busy}
              disabled={busy}
            >
              {t('reports.actions.decline')}
            </Button>
          </>
        )}
        {allowed.statuses.length > 0 && (
          <Group gap="xs" align="flex-end" wrap="nowrap">
            <Select
              label={t('reports.actions.changeStatus')}
              data={allowed.statuses.map((s) => ({ value: s, label: t(`reports.statuses.${s}`) }))}
              value={target}
              onChange={(v) => setTarget(allowed.statuses.find((s) => s === v) ?? null)}
              w={200}
            />
            <Button
              variant="light"
              disabled={target === null || busy}
              loading={busy}
              onClick={() => target && act.mutate({ kind: 'status', to: target })}
            >
              {t('reports.actions.apply')}
            </Button>
          </Group>
        )}
      </Group>
      {act.isError && <ErrorAlert error={act.error} />}
    </Stack>
  );
}
