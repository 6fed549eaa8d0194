import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ReportStatus, Tlp } from '../../lib/types.js';

/** FIRST's colours for the labels, so a TLP reads the same here as on paper. */
const TLP_COLORS: Record<Tlp, string> = {
  red: 'red',
  'amber+strict': 'orange',
  amber: 'orange',
  green: 'green',
  clear: 'gray',
};

export function TlpBadge({ tlp }: { tlp: Tlp }) {
  return (
    <Badge color={TLP_COLORS[tlp]} variant={tlp === 'clear' ? 'outline' : 'filled'} radius="sm">
      TLP:{tlp.toUpperCase()}
    </Badge>
  );
}

const SEVERITY_COLORS = ['gray', 'teal', 'yellow', 'orange', 'red'] as const;

/** A NISC level 0–4 with its name; dimmed when nobody has rated yet. */
export function SeverityBadge({ level }: { level: number | null }) {
  const { t } = useTranslation();
  if (level === null) {
    return (
      <Badge color="gray" variant="outline" radius="sm">
        {t('reports.severity.unrated')}
      </Badge>
    );
  }
  return (
    <Badge color={SEVERITY_COLORS[level] ?? 'gray'} variant="light" radius="sm">
      {`${level} ${t(`reports.severityLevels.${level}`)}`}
    </Badge>
  );
}

const STATUS_COLORS: Record<ReportStatus, string> = {
  draft: 'gray',
  submitted: 'blue',
  acknowledged: 'cyan',
  under_analysis: 'violet',
  resolved: 'green',
  closed: 'dark',
};

export function StatusBadge({ status }: { status: ReportStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLORS[status]} variant="light" radius="sm">
      {t(`reports.statuses.${status}`)}
    </Badge>
  );
}

export function ExerciseBadge() {
  const { t } = useTranslation();
  return (
    <Badge color="grape" variant="filled" radius="sm">
      {t('reports.exercise')}
    </Badge>
  );
}
