import { Button, Group, Select, SimpleGrid, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { asLanguage } from '../../../lib/session.js';
import { REPORT_KINDS, REPORT_STATUSES, SEVERITY_LEVELS } from '../../../lib/types.js';
import { currentSectorsQuery } from '../queries.js';
import { parseFilters, type ReportFilters } from './list-filters.js';

/** The list's filters; each change goes to the URL at once, the search text on submit. */
export function ReportFilterBar({
  filters,
  onChange,
}: {
  filters: ReportFilters;
  onChange: (filters: ReportFilters) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = asLanguage(i18n.language);
  const sectors = useQuery(currentSectorsQuery);
  const [q, setQ] = useState(filters.q ?? '');
  const [shownQ, setShownQ] = useState(filters.q);
  // A saved view or the browser's back button changes the filters from outside.
  if (shownQ !== filters.q) {
    setShownQ(filters.q);
    setQ(filters.q ?? '');
  }
  const set = (key: keyof ReportFilters, value: string | null) =>
    onChange(parseFilters({ ...filters, [key]: value ?? undefined }));

  const search = (event: FormEvent) => {
    event.preventDefault();
    set('q', q);
  };

  return (
    <form onSubmit={search} role="search" aria-label={t('reports.list.filters')}>
      <Group align="flex-end" gap="sm" mb="sm" wrap="nowrap">
        <TextInput
          label={t('reports.list.search')}
          placeholder={t('reports.list.searchPlaceholder')}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          style={{ flex: 1 }}
          maxLength={200}
        />
        <Button type="submit">{t('reports.list.searchButton')}</Button>
      </Group>
      <SimpleGrid cols={{ base: 2, sm: 3, md: 6 }} spacing="sm">
        <Select
          label={t('reports.fields.sector')}
          data={(sectors.data ?? []).map((s) => ({ value: s.code, label: s.name[lang] }))}
          value={filters.sector ?? null}
          onChange={(v) => set('sector', v)}
          placeholder={t('reports.list.any')}
          clearable
          searchable
        />
        <Select
          label={t('reports.fields.kind')}
          data={REPORT_KINDS.map((k) => ({ value: k, label: t(`reports.kinds.${k}`) }))}
          value={filters.kind ?? null}
          onChange={(v) => set('kind', v)}
          placeholder={t('reports.list.any')}
          clearable
        />
        <Select
          label={t('reports.fields.status')}
          data={REPORT_STATUSES.map((s) => ({ value: s, label: t(`reports.statuses.${s}`) }))}
          value={filters.status ?? null}
          onChange={(v) => set('status', v)}
          placeholder={t('reports.list.any')}
          clearable
        />
        <Select
          label={t('reports.list.severityMin')}
          data={SEVERITY_LEVELS.map((l) => ({
            value: String(l),
            label: `${l} ${t(`reports.severityLevels.${l}`)}${l < 4 ? t('reports.list.orAbove') : ''}`,
          }))}
          value={filters.severity === undefined ? null : String(filters.severity)}
          onChange={(v) => set('severity', v)}
          placeholder={t('reports.list.any')}
          clearable
        />
        <TextInput
          type="date"
          label={t('reports.list.from')}
          value={filters.from ?? ''}
          onChange={(e) => set('from', e.currentTarget.value || null)}
        />
        <TextInput
          type="date"
          label={t('reports.list.to')}
          value={filters.to ?? ''}
          onChange={(e) => set('to', e.currentTarget.value || null)}
        />
      </SimpleGrid>
    </form>
  );
}
