import { Anchor, Button, Center, Group, Loader, Stack, Table, Text } from '@mantine/core';
import type { UseInfiniteQueryResult, InfiniteData } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../components/error-alert.js';
import { asLanguage } from '../../../lib/session.js';
import type { ReportPage, ReportSummary } from '../../../lib/types.js';
import type { ReactNode } from 'react';
import { ExerciseBadge, SeverityBadge, StatusBadge, TlpBadge } from '../badges.js';
import { formatJst } from '../jst.js';

/** Reports as rows, with "more" for the next cursor page; shared by the list and the inbox. */
export function ReportTable({
  query,
  sectorName,
  testId,
  actions,
}: {
  query: UseInfiniteQueryResult<InfiniteData<ReportPage>>;
  sectorName: (code: string | null) => string;
  testId: string;
  /** A last column of actions per row (the inbox's acknowledgement). */
  actions?: (report: ReportSummary) => ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const lang = asLanguage(i18n.language);
  if (query.isPending) {
    return (
      <Center py="lg">
        <Loader aria-label={t('app.loading')} />
      </Center>
    );
  }
  if (query.isError) return <ErrorAlert error={query.error} />;
  const items = query.data.pages.flatMap((p) => p.items);
  if (items.length === 0) return <Text c="dimmed">{t('reports.list.empty')}</Text>;
  return (
    <Stack gap="sm">
      <Table.ScrollContainer minWidth={760}>
        <Table striped highlightOnHover data-testid={testId}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('reports.fields.number')}</Table.Th>
              <Table.Th>{t('reports.fields.title')}</Table.Th>
              <Table.Th>{t('reports.fields.status')}</Table.Th>
              <Table.Th>{t('reports.fields.severity')}</Table.Th>
              <Table.Th>{t('reports.fields.sector')}</Table.Th>
              <Table.Th>{t('reports.fields.originator')}</Table.Th>
              <Table.Th>{t('reports.fields.reportedAt')}</Table.Th>
              {actions && <Table.Th>{t('reports.list.actions')}</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td className="cipx-nowrap">{r.number}</Table.Td>
                <Table.Td>
                  <Group gap={6} wrap="wrap">
                    <Anchor
                      size="sm"
                      fw={500}
                      renderRoot={(props) => (
                        <Link to="/reports/$reportId" params={{ reportId: r.id }} {...props} />
                      )}
                    >
                      {r.title || t('reports.untitled')}
                    </Anchor>
                    <TlpBadge tlp={r.tlp} />
                    {r.exercise && <ExerciseBadge />}
                  </Group>
                  <Text size="xs" c="dimmed">
                    {t(`reports.kinds.${r.kind}`)} · {t(`reports.routes.${r.route}`)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <StatusBadge status={r.status} />
                </Table.Td>
                <Table.Td>
                  <SeverityBadge level={r.severityOverall} />
                </Table.Td>
                <Table.Td>{sectorName(r.sectorCode)}</Table.Td>
                <Table.Td>
                  {r.originator ? r.originator.name[lang] : t('reports.withheld')}
                  {r.anonymized && (
                    <Text size="xs" c="dimmed">
                      {t('reports.viaRelay')}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td className="cipx-nowrap">{formatJst(r.reportedAt ?? r.createdAt, lang)}</Table.Td>
                {actions && <Table.Td>{actions(r)}</Table.Td>}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {query.hasNextPage && (
        <Button
          variant="default"
          onClick={() => void query.fetchNextPage()}
          loading={query.isFetchingNextPage}
          style={{ alignSelf: 'center' }}
        >
          {t('reports.list.more')}
        </Button>
      )}
    </Stack>
  );
}
