import { Badge, Center, Loader, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../components/error-alert.js';
import { asLanguage } from '../../../lib/session.js';
import type { DeadlineStatus } from '../../../lib/types.js';
import { formatJst } from '../jst.js';
import { deadlinesQuery } from '../queries.js';

const STATUS_COLORS: Record<DeadlineStatus, string> = {
  awaiting_anchor: 'gray',
  open: 'blue',
  due_soon: 'yellow',
  overdue: 'red',
  met: 'green',
  met_late: 'orange',
};

/** Each regime stage with its due time in JST and whether it was met. */
export function DeadlinesPanel({ reportId }: { reportId: string }) {
  const { t, i18n } = useTranslation();
  const lang = asLanguage(i18n.language);
  const deadlines = useQuery(deadlinesQuery(reportId));
  if (deadlines.isPending) {
    return (
      <Center py="md">
        <Loader size="sm" aria-label={t('app.loading')} />
      </Center>
    );
  }
  if (deadlines.isError) return <ErrorAlert error={deadlines.error} />;
  const items = deadlines.data.items;
  if (items.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('reports.deadlines.none')}
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={600}>
      <Table data-testid="deadlines-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('reports.deadlines.stage')}</Table.Th>
            <Table.Th>{t('reports.deadlines.anchor')}</Table.Th>
            <Table.Th>{t('reports.deadlines.due')}</Table.Th>
            <Table.Th>{t('reports.deadlines.status')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((d) => (
            <Table.Tr key={d.id}>
              <Table.Td>
                {d.stageName[lang]}
                <Text size="xs" c="dimmed">
                  {d.regime.name[lang]}
                </Text>
              </Table.Td>
              <Table.Td>
                {t(`reports.deadlines.anchors.${d.anchor}`)}
                <Text size="xs" c="dimmed">
                  {formatJst(d.anchorAt, lang)}
                </Text>
              </Table.Td>
              <Table.Td className="cipx-nowrap">{formatJst(d.dueAt, lang)}</Table.Td>
              <Table.Td>
                <Badge color={STATUS_COLORS[d.status]} variant="light" radius="sm">
                  {t(`reports.deadlines.statuses.${d.status}`)}
                </Badge>
                {d.metAt && (
                  <Text size="xs" c="dimmed">
                    {t('reports.deadlines.metAt', { time: formatJst(d.metAt, lang) })}
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
