import { Anchor, Badge, Button, Group, NativeSelect, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/error-alert.js';
import { asLanguage } from '../../lib/session.js';
import { ORGANIZATION_KINDS, type SectorEntry } from '../../lib/types.js';
import { organizationsQuery } from './queries.js';

/** Search over all organizations in the directory, a page at a time ("show more" follows the cursor). */
export function OrganizationSearch({ sectors }: { sectors: SectorEntry[] }) {
  const { t, i18n } = useTranslation();
  const lang = asLanguage(i18n.language);
  const [q, setQ] = useState('');
  const [kind, setKind] = useState('');
  const [debouncedQ] = useDebouncedValue(q, 300);
  const results = useInfiniteQuery(organizationsQuery({ q: debouncedQ, kind }));
  const sectorName = new Map(sectors.map((s) => [s.code, s.name[lang]]));
  const items = results.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Stack gap="sm">
      <Group align="flex-end" gap="sm" grow preventGrowOverflow={false}>
        <TextInput
          label={t('directory.search')}
          placeholder={t('directory.searchPlaceholder')}
          type="search"
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          miw={220}
        />
        <NativeSelect
          label={t('directory.kind')}
          value={kind}
          onChange={(e) => setKind(e.currentTarget.value)}
          data={[
            { value: '', label: t('directory.allKinds') },
            ...ORGANIZATION_KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) })),
          ]}
          miw={180}
        />
      </Group>
      {results.isError && <ErrorAlert error={results.error} />}
      {results.isSuccess && items.length === 0 && <Text c="dimmed">{t('directory.noResults')}</Text>}
      {items.length > 0 && (
        <Table.ScrollContainer minWidth={480}>
          <Table verticalSpacing="xs" data-testid="organization-results" aria-label={t('directory.results')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('directory.name')}</Table.Th>
                <Table.Th scope="col">{t('directory.kind')}</Table.Th>
                <Table.Th scope="col">{t('directory.sector')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((o) => (
                <Table.Tr key={o.id}>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Anchor
                        renderRoot={(props) => (
                          <Link
                            to="/organizations/$organizationId"
                            params={{ organizationId: o.id }}
                            {...props}
                          />
                        )}
                      >
                        {o.name[lang]}
                      </Anchor>
                      {o.synthetic && (
                        <Badge size="xs" variant="outline" color="gray" title={t('directory.syntheticHint')}>
                          {t('directory.synthetic')}
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>{t(`kinds.${o.kind}`)}</Table.Td>
                  <Table.Td>{o.sectorCode ? (sectorName.get(o.sectorCode) ?? o.sectorCode) : ''}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {results.hasNextPage && (
        <Button
          variant="light"
          onClick={() => void results.fetchNextPage()}
          loading={results.isFetchingNextPage}
          style={{ alignSelf: 'flex-start' }}
        >
          {t('directory.more')}
        </Button>
      )}
    </Stack>
  );
}
