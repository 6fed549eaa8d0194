import { Group, List, Loader, SegmentedControl, Stack, Text, Title, useMatches } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/error-alert.js';
import { asLanguage } from '../../lib/session.js';
import type { Edition, EditionStructure } from '../../lib/types.js';
import { OrganizationSearch } from './organization-search.js';
import { editionsQuery, structureQuery } from './queries.js';
import { OrganizationLink, StructureTable } from './structure-table.js';

function defaultEdition(editions: Edition[]): Edition | undefined {
  return editions.find((e) => e.isCurrent) ?? editions[0];
}

function Structure({ structure }: { structure: EditionStructure }) {
  const { t, i18n } = useTranslation();
  const lang = asLanguage(i18n.language);
  return (
    <Stack gap="md">
      <Group gap="xs">
        <Text fw={500}>{t('directory.coordinator')}:</Text>
        <OrganizationLink organization={structure.coordinator} />
        <Text c="dimmed" size="sm" data-testid="sector-count">
          {t('directory.sectorCount', { count: structure.sectors.length })}
        </Text>
      </Group>
      <StructureTable sectors={structure.sectors} />
      {structure.councils.length > 0 && (
        <section aria-labelledby="councils-title">
          <Title order={3} size="h4" id="councils-title" mb="xs">
            {t('directory.councils')}
          </Title>
          <List spacing="xs">
            {structure.councils.map((council) => (
              <List.Item key={council.organization.id}>
                <OrganizationLink organization={council.organization} />
                {council.members.length > 0 && (
                  <Text size="sm" c="dimmed" component="span">
                    {' — '}
                    {council.members.map((m) => m.name[lang]).join(t('counts.separator'))}
                  </Text>
                )}
              </List.Item>
            ))}
          </List>
        </section>
      )}
      {structure.relatedOrganizations.length > 0 && (
        <section aria-labelledby="related-title">
          <Title order={3} size="h4" id="related-title" mb="xs">
            {t('directory.relatedOrganizations')}
          </Title>
          <List spacing="xs">
            {structure.relatedOrganizations.map((related) => (
              <List.Item key={related.organization.id}>
                <OrganizationLink organization={related.organization} />
                <Text size="sm" c="dimmed" component="span">
                  {' — '}
                  {related.roleName[lang]}
                </Text>
              </List.Item>
            ))}
          </List>
        </section>
      )}
    </Stack>
  );
}

export function DirectoryPage({
  edition,
  onEditionChange,
}: {
  edition: string | undefined;
  onEditionChange: (id: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = asLanguage(i18n.language);
  const editions = useQuery(editionsQuery);
  const items = editions.data?.items ?? [];
  const selected = items.find((e) => e.id === edition) ?? defaultEdition(items);
  const structure = useQuery({ ...structureQuery(selected?.id ?? ''), enabled: selected !== undefined });
  // Edition names are long in Japanese: stack the choices on a phone.
  const orientation = useMatches<'vertical' | 'horizontal'>({ base: 'vertical', sm: 'horizontal' });
  const dateFormat = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'ja-JP', { dateStyle: 'long' });

  return (
    <Stack gap="lg">
      <Title order={1} size="h2">
        {t('directory.title')}
      </Title>
      <section aria-labelledby="structure-title">
        <Stack gap="md">
          <Group justify="space-between" align="flex-end">
            <Title order={2} size="h3" id="structure-title">
              {t('directory.structureTitle')}
            </Title>
            {items.length > 0 && selected && (
              <Stack gap={4}>
                <Text size="sm" fw={500} id="edition-label">
                  {t('directory.edition')}
                </Text>
                <SegmentedControl
                  aria-labelledby="edition-label"
                  value={selected.id}
                  onChange={onEditionChange}
                  orientation={orientation}
                  data={items.map((e) => ({ value: e.id, label: e.name[lang] }))}
                />
                <Text size="xs" c="dimmed">
                  {t('directory.asOf', { date: dateFormat.format(new Date(`${selected.asOf}T00:00:00`)) })}
                </Text>
              </Stack>
            )}
          </Group>
          {editions.isError && <ErrorAlert error={editions.error} />}
          {structure.isError && <ErrorAlert error={structure.error} />}
          {(editions.isPending || (selected && structure.isPending)) && (
            <Loader size="sm" aria-label={t('app.loading')} />
          )}
          {structure.data && <Structure structure={structure.data} />}
        </Stack>
      </section>
      <section aria-labelledby="search-title">
        <Title order={2} size="h3" id="search-title" mb="sm">
          {t('directory.searchTitle')}
        </Title>
        <OrganizationSearch sectors={structure.data?.sectors ?? []} />
      </section>
    </Stack>
  );
}
