import { Button, Group, Select, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReportFilters } from './list-filters.js';
import { deleteView, loadViews, saveView, type SavedView } from './saved-views.js';

/** Named filter sets kept in this browser: pick one to apply it, or save the current filters. */
export function SavedViewsBar({
  filters,
  onApply,
}: {
  filters: ReportFilters;
  onApply: (filters: ReportFilters) => void;
}) {
  const { t } = useTranslation();
  const [views, setViews] = useState<SavedView[]>(() => loadViews());
  const [selected, setSelected] = useState<string | null>(null);
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  return (
    <Group align="flex-end" gap="sm" wrap="wrap">
      <Select
        label={t('reports.views.label')}
        placeholder={views.length === 0 ? t('reports.views.none') : t('reports.views.choose')}
        data={views.map((v) => v.name)}
        value={selected}
        onChange={(value) => {
          setSelected(value);
          const view = views.find((v) => v.name === value);
          if (view) onApply(view.filters);
        }}
        disabled={views.length === 0}
        w={220}
      />
      {selected !== null && (
        <Button
          variant="subtle"
          color="red"
          onClick={() => {
            setViews(deleteView(views, selected));
            setSelected(null);
          }}
        >
          {t('reports.views.delete')}
        </Button>
      )}
      {naming ? (
        <Group align="flex-end" gap="xs" wrap="nowrap">
          <TextInput
            label={t('reports.views.name')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            maxLength={100}
            data-autofocus
          />
          <Button
            disabled={name.trim() === ''}
            onClick={() => {
              setViews(saveView(views, name, filters));
              setSelected(name.trim());
              setNaming(false);
              setName('');
            }}
          >
            {t('reports.views.save')}
          </Button>
          <Button variant="default" onClick={() => setNaming(false)}>
            {t('reports.views.cancel')}
          </Button>
        </Group>
      ) : (
        <Button variant="default" onClick={() => setNaming(true)}>
          {t('reports.views.saveCurrent')}
        </Button>
      )}
    </Group>
  );
}
