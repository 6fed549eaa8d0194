import {
  Anchor,
  Badge,
  Button,
  Card,
  Center,
  Group,
  Loader,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/error-alert.js';
import { asLanguage, useMe } from '../../lib/session.js';
import type { CrisisDetail, CrisisUpdateKind } from '../../lib/types.js';
import { SeverityBadge, StatusBadge, TlpBadge } from '../reports/badges.js';
import { formatJst } from '../reports/jst.js';
import { roleAtLeast } from '../reports/permissions.js';
import { currentSectorsQuery } from '../reports/queries.js';
import { crisisApi, crisisUpdatesQuery, crisisQuery } from './queries.js';

function LinkedReports({ crisis }: { crisis: CrisisDetail }) {
  const { t, i18n } = useTranslation();
  const lang = asLanguage(i18n.language);
  if (crisis.reports.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('crises.noReports')}
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={620}>
      <Table data-testid="crisis-reports">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('reports.fields.number')}</Table.Th>
            <Table.Th>{t('reports.fields.title')}</Table.Th>
            <Table.Th>{t('reports.fields.originator')}</Table.Th>
            <Table.Th>{t('reports.fields.status')}</Table.Th>
            <Table.Th>{t('crises.lastReminded')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {crisis.reports.map((r) => (
            <Table.Tr key={r.reportId}>
              <Table.Td className="cipx-nowrap">
                <Anchor
                  size="sm"
                  renderRoot={(props) => (
                    <Link to="/reports/$reportId" params={{ reportId: r.reportId }} {...props} />
                  )}
                >
                  {r.number}
                </Anchor>
              </Table.Td>
              <Table.Td>{r.title || t('reports.untitled')}</Table.Td>
              <Table.Td>{r.originator ? r.originator.name[lang] : t('reports.withheld')}</Table.Td>
              <Table.Td>
                <Group gap={4}>
                  <StatusBadge status={r.status} />
                  <SeverityBadge level={r.severityOverall} />
                </Group>
              </Table.Td>
              <Table.Td className="cipx-nowrap">{formatJst(r.lastRemindedAt, lang)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function PostForm({ crisisId, mayStateSituation }: { crisisId: string; mayStateSituation: boolean }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [kind, setKind] = useState<CrisisUpdateKind>('update');
  const [text, setText] = useState('');
  const kinds: CrisisUpdateKind[] = mayStateSituation ? ['update', 'situation', 'note'] : ['update', 'note'];
  const post = useMutation({
    mutationFn: () => crisisApi.postUpdate(crisisId, kind, text.trim()),
    onSuccess: async () => {
      setText('');
      await client.invalidateQueries({ queryKey: ['crises'] });
    },
  });
  return (
    <Stack gap="xs" data-testid="crisis-post">
      <Select
        label={t('crises.updates.kind')}
        data={kinds.map((k) => ({ value: k, label: t(`crises.updates.kinds.${k}`) }))}
        value={kind}
        onChange={(v) => setKind(kinds.find((k) => k === v) ?? 'update')}
        allowDeselect={false}
        w={220}
      />
      <Textarea
        label={t('crises.updates.text')}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        autosize
        minRows={2}
        maxLength={20_000}
      />
      <Group>
        <Button
          size="xs"
          onClick={() => post.mutate()}
          loading={post.isPending}
          disabled={text.trim() === '' || post.isPending}
        >
          {t('crises.updates.post')}
        </Button>
      </Group>
      {post.isError && <ErrorAlert error={post.error} />}
    </Stack>
  );
}

function Thread({ crisis }: { crisis: CrisisDetail }) {
  const { t, i18n } = useTranslation();
  const lang = asLanguage(i18n.language);
  const me = useMe().data;
  const updates = useInfiniteQuery(crisisUpdatesQuery(crisis.id));
  const mayPost =
    crisis.status === 'active' && me !== undefined && me !== null && roleAtLeast(me.role, 'reporter');
  const items = updates.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Stack gap="sm">
      {mayPost && me && (
        <PostForm crisisId={crisis.id} mayStateSituation={me.organization.kind === 'coordinator'} />
      )}
      {updates.isPending && (
        <Center py="md">
          <Loader size="sm" aria-label={t('app.loading')} />
        </Center>
      )}
      {updates.isError && <ErrorAlert error={updates.error} />}
      {updates.isSuccess && items.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('crises.updates.none')}
        </Text>
      )}
      {items.map((u) => (
        <Card key={u.id} withBorder padding="sm" data-testid="crisis-update">
          <Group gap="xs">
            <Badge size="sm" variant={u.kind === 'situation' ? 'filled' : 'light'}>
              {t(`crises.updates.kinds.${u.kind}`)}
            </Badge>
            <Text size="xs" c="dimmed">
              {formatJst(u.at, lang)} · {u.author.organizationName?.[lang] ?? t('reports.withheld')}
            </Text>
          </Group>
          <Text size="sm" mt={4} className="cipx-prewrap">
            {u.text}
          </Text>
        </Card>
      ))}
      {updates.hasNextPage && (
        <Group>
          <Button
            variant="default"
            size="xs"
            onClick={() => void updates.fetchNextPage()}
            loading={updates.isFetchingNextPage}
          >
            {t('crises.updates.more')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

/** `/crises/{id}`: what the outage is, the reports linked to it that the viewer may see, and the situation thread. */
export function CrisisPage({ crisisId }: { crisisId: string }) {
  const { t, i18n } = useTranslation();
  const lang = asLanguage(i18n.language);
  const query = useQuery(crisisQuery(crisisId));
  const sectors = useQuery(currentSectorsQuery);
  if (query.isPending) {
    return (
      <Center py="xl">
        <Loader aria-label={t('app.loading')} />
      </Center>
    );
  }
  if (query.isError) return <ErrorAlert error={query.error} />;
  const crisis = query.data;
  const sectorName = (code: string) => sectors.data?.find((s) => s.code === code)?.name[lang] ?? code;
  return (
    <Stack gap="md" maw={1100}>
      <Stack gap={4}>
        <Text size="sm" c="dimmed">
          {t('crises.banner.title')}
        </Text>
        <Title order={1} size="h2">
          {crisis.title[lang]}
        </Title>
        <Group gap="xs">
          <Badge color={crisis.status === 'active' ? 'red' : 'gray'}>
            {t(`crises.statuses.${crisis.status}`)}
          </Badge>
          <TlpBadge tlp={crisis.tlp} />
          {crisis.exercise && <Badge variant="outline">{t('reports.exercise')}</Badge>}
        </Group>
      </Stack>
      <Card withBorder padding="md" component="section" data-testid="crisis-facts">
        <Stack gap="xs">
          {crisis.description && (
            <Text size="sm" className="cipx-prewrap">
              {crisis.description}
            </Text>
          )}
          <Text size="sm">
            {t('crises.sectors')}:{' '}
            {crisis.sectors.length > 0 ? crisis.sectors.map(sectorName).join(' / ') : t('crises.allSectors')}
          </Text>
          <Text size="sm">
            {t('crises.updateInterval')}: {t('crises.minutes', { count: crisis.updateIntervalMinutes })}
          </Text>
          <Text size="sm">
            {t('crises.declaredAt')}: {formatJst(crisis.declaredAt, lang)}
            {crisis.declaredBy.organizationName ? ` · ${crisis.declaredBy.organizationName[lang]}` : ''}
          </Text>
          {crisis.endedAt && (
            <Text size="sm">
              {t('crises.endedAt')}: {formatJst(crisis.endedAt, lang)}
            </Text>
          )}
        </Stack>
      </Card>
      <Card withBorder padding="md" component="section" aria-labelledby="crisis-reports-title">
        <Title order={2} size="h4" id="crisis-reports-title" mb="sm">
          {t('crises.reports')}
        </Title>
        <LinkedReports crisis={crisis} />
      </Card>
      <Card withBorder padding="md" component="section" aria-labelledby="crisis-thread-title">
        <Title order={2} size="h4" id="crisis-thread-title" mb="sm">
          {t('crises.thread')}
        </Title>
        <Thread crisis={crisis} />
      </Card>
    </Stack>
  );
}
