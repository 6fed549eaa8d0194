import {
  Button,
  Center,
  Group,
  Loader,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../components/error-alert.js';
import { isApiError } from '../../../lib/api.js';
import { asLanguage, useMe } from '../../../lib/session.js';
import {
  SEVERITY_LEVELS,
  SEVERITY_VIEWPOINTS,
  type SeverityLevel,
  type SeverityViewpoint,
} from '../../../lib/types.js';
import { SeverityBadge } from '../badges.js';
import { mapFieldErrors } from '../field-errors.js';
import { formatJst } from '../jst.js';
import { roleAtLeast } from '../permissions.js';
import { reportApi, reportKeys, severityQuery } from '../queries.js';
import { SuggestionView } from '../severity-suggestion.js';
import { OrganizationName } from './organization-name.js';

type Levels = Record<SeverityViewpoint, SeverityLevel | null>;

function RateForm({ reportId, suggested }: { reportId: string; suggested: Levels & { version: number } }) {
  const { t } = useTranslation();
  const me = useMe().data;
  const client = useQueryClient();
  const [levels, setLevels] = useState<Levels>({ continuity: null, safety: null, trust: null });
  const [rationale, setRationale] = useState('');
  const [basis, setBasis] = useState<'provisional' | 'final'>('provisional');
  const mayFinal = me?.organization.kind === 'coordinator' && roleAtLeast(me.role, 'analyst');
  const rate = useMutation({
    mutationFn: () => {
      const { continuity, safety, trust } = levels;
      if (continuity === null || safety === null || trust === null) throw new Error('levels missing');
      return reportApi.rate(reportId, {
        basis,
        continuity,
        safety,
        trust,
        rationale: rationale.trim(),
        rubricVersion: suggested.version,
      });
    },
    onSuccess: async () => {
      setLevels({ continuity: null, safety: null, trust: null });
      setRationale('');
      await client.invalidateQueries({ queryKey: reportKeys.detail(reportId) });
      await client.invalidateQueries({ queryKey: ['reports', 'list'] });
    },
  });
  const errors = isApiError(rate.error) ? mapFieldErrors(t, rate.error.errors) : {};
  const complete = Object.values(levels).every((l) => l !== null) && rationale.trim() !== '';
  const options = SEVERITY_LEVELS.map((l) => ({
    value: String(l),
    label: `${l} ${t(`reports.severityLevels.${l}`)}`,
  }));
  return (
    <Stack
      gap="sm"
      component="form"
      onSubmit={(e) => {
        e.preventDefault();
        rate.mutate();
      }}
    >
      <Text fw={500} size="sm">
        {t('reports.severity.rateTitle')}
      </Text>
      {mayFinal && (
        <Select
          label={t('reports.severity.basis')}
          data={(['provisional', 'final'] as const).map((b) => ({
            value: b,
            label: t(`reports.severity.bases.${b}`),
          }))}
          value={basis}
          onChange={(v) => setBasis(v === 'final' ? 'final' : 'provisional')}
          allowDeselect={false}
          w={220}
        />
      )}
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
        {SEVERITY_VIEWPOINTS.map((viewpoint) => (
          <Select
            key={viewpoint}
            label={t(`reports.viewpoints.${viewpoint}`)}
            data={options}
            value={levels[viewpoint] === null ? null : String(levels[viewpoint])}
            onChange={(v) =>
              setLevels({ ...levels, [viewpoint]: SEVERITY_LEVELS.find((l) => String(l) === v) ?? null })
            }
            error={errors[viewpoint]}
          />
        ))}
      </SimpleGrid>
      <Textarea
        label={t('reports.severity.rationale')}
        value={rationale}
        onChange={(e) => setRationale(e.currentTarget.value)}
        error={errors['rationale']}
        autosize
        minRows={2}
        maxLength={8000}
      />
      {rate.isError && !isApiError(rate.error) && <ErrorAlert error={rate.error} />}
      {rate.isError && isApiError(rate.error) && rate.error.errors.length === 0 && (
        <ErrorAlert error={rate.error} />
      )}
      <Group gap="sm">
        <Button
          variant="subtle"
          onClick={() =>
            setLevels({ continuity: suggested.continuity, safety: suggested.safety, trust: suggested.trust })
          }
        >
          {t('reports.severity.useSuggestion')}
        </Button>
        <Button type="submit" disabled={!complete} loading={rate.isPending}>
          {t('reports.severity.record')}
        </Button>
      </Group>
    </Stack>
  );
}

/** Ratings with who, when, basis and rationale, newest first, beside CIPX's suggestion. */
export function SeverityPanel({ reportId, mayRate }: { reportId: string; mayRate: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = asLanguage(i18n.language);
  const severity = useQuery(severityQuery(reportId));
  if (severity.isPending) {
    return (
      <Center py="md">
        <Loader size="sm" aria-label={t('app.loading')} />
      </Center>
    );
  }
  if (severity.isError) return <ErrorAlert error={severity.error} />;
  const { current, ratings, suggestion } = severity.data;
  const level = (n: number): SeverityLevel | null => SEVERITY_LEVELS.find((l) => l === n) ?? null;
  return (
    <Stack gap="md" data-testid="severity-panel">
      <Group gap="xs">
        <Text size="sm">{t('reports.severity.current')}</Text>
        <SeverityBadge level={current?.overall ?? null} />
        {current && (
          <Text size="xs" c="dimmed">
            {t(`reports.severity.bases.${current.basis}`)} ·{' '}
            {t('reports.severity.ciss', { level: current.cissLevel })}
          </Text>
        )}
      </Group>
      {ratings.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('reports.severity.noRatings')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('reports.severity.when')}</Table.Th>
                <Table.Th>{t('reports.severity.who')}</Table.Th>
                <Table.Th>{t('reports.severity.basis')}</Table.Th>
                <Table.Th>{t('reports.severity.levels')}</Table.Th>
                <Table.Th>{t('reports.severity.rationale')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {ratings.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td className="cipx-nowrap">{formatJst(r.createdAt, lang)}</Table.Td>
                  <Table.Td>
                    <OrganizationName id={r.rater.organizationId} />
                    <Text size="xs" c="dimmed">
                      {t(`reports.severity.raterRoles.${r.rater.role}`)}
                    </Text>
                  </Table.Td>
                  <Table.Td>{t(`reports.severity.bases.${r.basis}`)}</Table.Td>
                  <Table.Td>
                    <SeverityBadge level={r.overall} />
                    <Text size="xs" c="dimmed">
                      {SEVERITY_VIEWPOINTS.map((v) => `${t(`reports.viewpoints.${v}`)} ${r[v]}`).join(' / ')}
                    </Text>
                  </Table.Td>
                  <Table.Td className="cipx-prewrap">{r.rationale}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <SuggestionView suggestion={suggestion} />
      {mayRate && (
        <RateForm
          reportId={reportId}
          suggested={{
            continuity: level(suggestion.continuity.level),
            safety: level(suggestion.safety.level),
            trust: level(suggestion.trust.level),
            version: suggestion.rubricVersion,
          }}
        />
      )}
    </Stack>
  );
}
