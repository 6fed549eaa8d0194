import { Anchor, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { problemMessage } from '../../../lib/problem-message.js';
import { asLanguage, useMe } from '../../../lib/session.js';
import type { ReportSummary } from '../../../lib/types.js';
import { roleAtLeast } from '../permissions.js';
import {
  currentSectorsQuery,
  exportUrl,
  inboxQuery,
  reportApi,
  reportKeys,
  reportListQuery,
} from '../queries.js';
import type { ReportFilters } from './list-filters.js';
import { ReportFilterBar } from './report-filters.js';
import { ReportTable } from './report-table.js';
import { SavedViewsBar } from './saved-views-bar.js';

function useSectorName() {
  const { i18n } = useTranslation();
  const lang = asLanguage(i18n.language);
  const sectors = useQuery(currentSectorsQuery);
  return (code: string | null) => {
    if (code === null) return '—';
    return sectors.data?.find((s) => s.code === code)?.name[lang] ?? code;
  };
}

export interface ReportListProps {
  filters: ReportFilters;
  onFiltersChange: (filters: ReportFilters) => void;
}

/** `/reports`: every report the viewer may see, filtered, searchable, exportable. */
export function ReportListPage({ filters, onFiltersChange }: ReportListProps) {
  const { t } = useTranslation();
  const query = useInfiniteQuery(reportListQuery(filters));
  const sectorName = useSectorName();
  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Title order={1} size="h2">
          {t('reports.list.title')}
        </Title>
        <Group gap="sm">
          <Anchor href={exportUrl(filters)} download size="sm">
            {t('reports.list.exportCsv')}
          </Anchor>
          <Button renderRoot={(props) => <Link to="/reports/new" {...props} />}>{t('nav.newReport')}</Button>
        </Group>
      </Group>
      <ReportFilterBar filters={filters} onChange={onFiltersChange} />
      <SavedViewsBar filters={filters} onApply={onFiltersChange} />
      <ReportTable query={query} sectorName={sectorName} testId="report-results" />
    </Stack>
  );
}

/** `/inbox`: reports addressed to the viewer's organization, to acknowledge or pass on. */
export function InboxPage({ filters, onFiltersChange }: ReportListProps) {
  const { t } = useTranslation();
  const query = useInfiniteQuery(inboxQuery(filters));
  const sectorName = useSectorName();
  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        {t('reports.inbox.title')}
      </Title>
      <ReportFilterBar filters={filters} onChange={onFiltersChange} />
      <ReportTable
        query={query}
        sectorName={sectorName}
        testId="inbox-results"
        actions={(report) => <InboxActions report={report} />}
      />
    </Stack>
  );
}

/** Acknowledge from the inbox row; forwarding needs the report's hops, so it is on the report page. */
function InboxActions({ report }: { report: ReportSummary }) {
  const { t } = useTranslation();
  const me = useMe().data;
  const client = useQueryClient();
  const acknowledge = useMutation({
    mutationFn: () => reportApi.acknowledge(report.id),
    onSuccess: async (detail) => {
      client.setQueryData(reportKeys.detail(detail.id), detail);
      await client.invalidateQueries({ queryKey: reportKeys.all });
    },
  });
  const mayAcknowledge =
    me !== undefined && me !== null && roleAtLeast(me.role, 'analyst') && report.status !== 'closed';
  return (
    <Group gap="xs" wrap="nowrap">
      {mayAcknowledge && !acknowledge.isSuccess && (
        <Button
          size="compact-sm"
          variant="light"
          loading={acknowledge.isPending}
          onClick={() => acknowledge.mutate()}
          aria-label={t('reports.actions.acknowledgeReport', { number: report.number })}
        >
          {t('reports.actions.acknowledge')}
        </Button>
      )}
      {acknowledge.isSuccess && (
        <Text size="xs" c="green" role="status">
          {t('reports.actions.acknowledged')}
        </Text>
      )}
      {acknowledge.isError && (
        <Text size="xs" c="red" role="alert">
          {problemMessage(t, acknowledge.error)}
        </Text>
      )}
      <Anchor
        size="sm"
        className="cipx-nowrap"
        renderRoot={(props) => <Link to="/reports/$reportId" params={{ reportId: report.id }} {...props} />}
      >
        {t('reports.actions.openToForward')}
      </Anchor>
    </Group>
  );
}
