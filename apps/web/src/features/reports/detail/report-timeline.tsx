import { Badge, Center, Loader, Text, Timeline as MantineTimeline } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../components/error-alert.js';
import { asLanguage } from '../../../lib/session.js';
import type { TimelineEntry } from '../../../lib/types.js';
import { formatJst } from '../jst.js';
import { timelineQuery } from '../queries.js';
import { ActorName } from './actor-name.js';
import { OrganizationName } from './organization-name.js';

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** A note the server wrote in both languages (deadline reminders and escalations). */
function bilingual(value: unknown, lang: 'ja' | 'en'): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  return str((value as Record<string, unknown>)[lang]);
}

function Detail({ entry }: { entry: TimelineEntry }) {
  const { t, i18n } = useTranslation();
  const lang = asLanguage(i18n.language);
  const d = entry.detail;
  const parts: string[] = [];
  switch (entry.kind) {
    case 'facts_updated': {
      const changes = d['changes'];
      if (typeof changes === 'object' && changes !== null) {
        const names = Object.keys(changes).map((k) => t(`reports.fieldNames.${k}`, { defaultValue: k }));
        if (names.length > 0) parts.push(t('reports.timeline.changed', { fields: names.join('、') }));
      }
      break;
    }
    case 'status_changed': {
      const from = str(d['from']);
      const to = str(d['to']);
      if (from && to) {
        parts.push(
          `${t(`reports.statuses.${from}`, { defaultValue: from })} → ${t(`reports.statuses.${to}`, { defaultValue: to })}`,
        );
      }
      break;
    }
    case 'created':
    case 'submitted': {
      const route = str(d['route']);
      if (route) parts.push(t(`reports.routes.${route}`, { defaultValue: route }));
      break;
    }
    case 'severity_rated': {
      const overall = d['overall'];
      const basis = str(d['basis']);
      if (typeof overall === 'number') {
        parts.push(
          `${basis ? t(`reports.severity.bases.${basis}`, { defaultValue: basis }) : ''} ${overall} ${t(`reports.severityLevels.${overall}`, { defaultValue: '' })}`.trim(),
        );
      }
      break;
    }
    case 'forwarded':
      if (d['declined'] === true) parts.push(t('reports.timeline.declined'));
      if (d['relayed'] === true) parts.push(t('reports.timeline.relayed'));
      break;
    case 'attachment_added': {
      const filename = str(d['filename']);
      if (filename) parts.push(filename);
      if (d['metadataStripped'] === true) parts.push(t('reports.attachments.metadataStripped'));
      break;
    }
    case 'consent_recorded':
      if (typeof d['granted'] === 'boolean') {
        parts.push(
          d['granted'] ? t('reports.timeline.consentGranted') : t('reports.timeline.consentDeclined'),
        );
      }
      break;
    case 'deadline_reminder':
    case 'deadline_escalated': {
      const due = str(d['dueAt']);
      if (due) parts.push(t('reports.timeline.dueAt', { time: formatJst(due, lang) }));
      break;
    }
    case 'acknowledged':
    case 'acknowledgement_escalated':
    case 'comment':
    case 'stage_report':
    case 'follow_up_question':
    case 'follow_up_answer':
      break;
  }
  const note = str(d['note']) ?? bilingual(d['note'], lang) ?? str(d['rationale']) ?? str(d['text']);
  return (
    <>
      {parts.length > 0 && <Text size="sm">{parts.join(' · ')}</Text>}
      {entry.kind === 'forwarded' && str(d['toOrgId']) && (
        <Text size="sm">
          {t('reports.timeline.to')} <OrganizationName id={str(d['toOrgId']) ?? null} />
        </Text>
      )}
      {note && (
        <Text size="sm" c="dimmed" className="cipx-prewrap">
          {note}
        </Text>
      )}
    </>
  );
}

/** Everything that happened to the report, oldest first; nothing is ever overwritten. */
export function ReportTimeline({ reportId }: { reportId: string }) {
  const { t, i18n } = useTranslation();
  const lang = asLanguage(i18n.language);
  const timeline = useQuery(timelineQuery(reportId));
  if (timeline.isPending) {
    return (
      <Center py="md">
        <Loader size="sm" aria-label={t('app.loading')} />
      </Center>
    );
  }
  if (timeline.isError) return <ErrorAlert error={timeline.error} />;
  return (
    <MantineTimeline bulletSize={14} lineWidth={2} data-testid="timeline-entries">
      {timeline.data.items.map((entry) => (
        <MantineTimeline.Item
          key={entry.id}
          title={
            <>
              {t(`reports.timeline.kinds.${entry.kind}`)}
              {entry.stage && (
                <Badge ml="xs" size="xs" variant="outline">
                  {t(`reports.timeline.stages.${entry.stage}`, { defaultValue: entry.stage })}
                </Badge>
              )}
            </>
          }
        >
          <Text size="xs" c="dimmed">
            {formatJst(entry.at, lang)} · <ActorName actor={entry.actor} />
          </Text>
          <Detail entry={entry} />
        </MantineTimeline.Item>
      ))}
    </MantineTimeline>
  );
}
