import { Anchor, Card, Center, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../components/error-alert.js';
import { asLanguage, useMe } from '../../../lib/session.js';
import type { ReportDetail } from '../../../lib/types.js';
import { ExerciseBadge, SeverityBadge, StatusBadge, TlpBadge } from '../badges.js';
import { formatJst } from '../jst.js';
import { reportActions } from '../permissions.js';
import { currentSectorsQuery, reportQuery } from '../queries.js';
import { Fact, FactList, PrefectureList } from '../report-facts.js';
import { AttachmentsPanel } from './attachments-panel.js';
import { ConsentPanel } from './consent-panel.js';
import { DeadlinesPanel } from './deadlines-panel.js';
import { FollowUpsPanel } from './follow-ups-panel.js';
import { OrganizationName } from './organization-name.js';
import { ReportActions } from './report-actions.js';
import { ReportNotes } from './report-notes.js';
import { ReportTimeline } from './report-timeline.js';
import { SeverityPanel } from './severity-panel.js';

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Card withBorder padding="md" component="section" aria-labelledby={`${id}-title`} data-testid={id}>
      <Title order={2} size="h4" id={`${id}-title`} mb="sm">
        {title}
      </Title>
      {children}
    </Card>
  );
}

function Facts({ report }: { report: ReportDetail }) {
  const { t, i18n } = useTranslation();
  const lang = asLanguage(i18n.language);
  const sectors = useQuery(currentSectorsQuery);
  const none = t('reports.none');
  const sector = sectors.data?.find((s) => s.code === report.sectorCode);
  const { ddos, ransomware } = report.forms;
  return (
    <Stack gap="sm">
      <Fact label={t('reports.fields.description')}>{report.description || none}</Fact>
      <FactList>
        <Fact label={t('reports.fields.kind')}>{t(`reports.kinds.${report.kind}`)}</Fact>
        <Fact label={t('reports.fields.sector')}>
          {sector ? sector.name[lang] : (report.sectorCode ?? none)}
        </Fact>
        <Fact label={t('reports.fields.service')}>{report.service ?? none}</Fact>
        <Fact label={t('reports.fields.cause')}>
          {report.cause ? t(`reports.causes.${report.cause}`) : none}
        </Fact>
        <Fact label={t('reports.fields.systems')}>
          {report.systems.length > 0
            ? report.systems.map((s) => t(`reports.systems.${s}`)).join(' / ')
            : none}
        </Fact>
        <Fact label={t('reports.fields.serviceImpact')}>
          {report.serviceImpact ? t(`reports.serviceImpacts.${report.serviceImpact}`) : none}
        </Fact>
        <Fact label={t('reports.fields.occurredAt')}>{formatJst(report.occurredAt, lang)}</Fact>
        <Fact label={t('reports.fields.detectedAt')}>{formatJst(report.detectedAt, lang)}</Fact>
        <Fact label={t('reports.fields.reportedAt')}>{formatJst(report.reportedAt, lang)}</Fact>
        <Fact label={t('reports.fields.expectedRestorationAt')}>
          {formatJst(report.expectedRestorationAt, lang)}
        </Fact>
        <Fact label={t('reports.fields.affectedPrefectures')}>
          <PrefectureList codes={report.affectedPrefectures} />
        </Fact>
        <Fact label={t('reports.fields.affectedUsersEstimate')}>
          {report.affectedUsersEstimate === null ? none : report.affectedUsersEstimate.toLocaleString(lang)}
        </Fact>
        <Fact label={t('reports.fields.safetyImpact')}>{report.safetyImpact ?? none}</Fact>
      </FactList>
      {ddos && (
        <FactList>
          <Fact label={t('reports.forms.trafficGbps')}>{ddos.trafficGbps ?? none}</Fact>
          <Fact label={t('reports.forms.pps')}>{ddos.pps?.toLocaleString(lang) ?? none}</Fact>
          <Fact label={t('reports.forms.durationMinutes')}>{ddos.durationMinutes ?? none}</Fact>
          <Fact label={t('reports.forms.vector')}>{ddos.vector ?? none}</Fact>
        </FactList>
      )}
      {ransomware && (
        <FactList>
          <Fact label={t('reports.forms.family')}>{ransomware.family ?? none}</Fact>
          <Fact label={t('reports.forms.fileExtension')}>{ransomware.fileExtension ?? none}</Fact>
          <Fact label={t('reports.forms.intrusionVector')}>{ransomware.intrusionVector ?? none}</Fact>
          <Fact label={t('reports.forms.indicators')}>{ransomware.indicators?.join('\n') ?? none}</Fact>
          <Fact label={t('reports.forms.note')}>{ransomware.note ?? none}</Fact>
        </FactList>
      )}
    </Stack>
  );
}

function Hops({ report }: { report: ReportDetail }) {
  const { t, i18n } = useTranslation();
  const lang = asLanguage(i18n.language);
  if (report.hops.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {report.status === 'draft' ? t('reports.hops.notYet') : t('reports.hops.none')}
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={620}>
      <Table data-testid="hops-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>#</Table.Th>
            <Table.Th>{t('reports.hops.from')}</Table.Th>
            <Table.Th>{t('reports.hops.to')}</Table.Th>
            <Table.Th>{t('reports.hops.status')}</Table.Th>
            <Table.Th>{t('reports.hops.forwardedAt')}</Table.Th>
            <Table.Th>{t('reports.hops.acknowledgedAt')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {report.hops.map((h) => (
            <Table.Tr key={h.seq}>
              <Table.Td>{h.seq}</Table.Td>
              <Table.Td>
                <OrganizationName id={h.fromOrgId} />
              </Table.Td>
              <Table.Td>
                <OrganizationName id={h.toOrgId} />
                {h.copy && (
                  <Text size="xs" c="dimmed">
                    {t('reports.hops.copy')}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                {t(`reports.hops.statuses.${h.status}`)}
                <Text size="xs" c="dimmed">
                  {t(`reports.hops.modes.${h.mode}`)}
                  {h.status === 'pending' && h.dueAt
                    ? ` · ${t('reports.hops.dueBy', { time: formatJst(h.dueAt, lang) })}`
                    : ''}
                </Text>
              </Table.Td>
              <Table.Td className="cipx-nowrap">{formatJst(h.forwardedAt, lang)}</Table.Td>
              <Table.Td className="cipx-nowrap">{formatJst(h.acknowledgedAt, lang)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** `/reports/{id}`: facts, status, route and hops, timeline, severity, deadlines and what the viewer may do. */
export function ReportPage({ reportId }: { reportId: string }) {
  const { t, i18n } = useTranslation();
  const lang = asLanguage(i18n.language);
  const me = useMe().data;
  const query = useQuery(reportQuery(reportId));
  if (query.isPending) {
    return (
      <Center py="xl">
        <Loader aria-label={t('app.loading')} />
      </Center>
    );
  }
  if (query.isError) return <ErrorAlert error={query.error} />;
  const report = query.data;
  const allowed = me ? reportActions(report, me) : null;
  return (
    <Stack gap="md" maw={1100}>
      <Anchor size="sm" renderRoot={(props) => <Link to="/reports" search={{}} {...props} />}>
        {t('reports.backToList')}
      </Anchor>
      <Stack gap={4}>
        <Text size="sm" c="dimmed">
          {report.number}
        </Text>
        <Title order={1} size="h2">
          {report.title || t('reports.untitled')}
        </Title>
        <Group gap="xs" wrap="wrap">
          <StatusBadge status={report.status} />
          <TlpBadge tlp={report.tlp} />
          <SeverityBadge level={report.severityOverall} />
          {report.exercise && <ExerciseBadge />}
        </Group>
        <Text size="sm">
          {t('reports.fields.originator')}:{' '}
          {report.originator ? report.originator.name[lang] : t('reports.withheld')}
          {report.anonymized ? ` (${t('reports.viaRelay')})` : ''}
          {' · '}
          {t('reports.fields.route')}: {t(`reports.routes.${report.route}`)}
        </Text>
      </Stack>
      {allowed && <ReportActions report={report} allowed={allowed} />}
      {allowed?.consent && (
        <Section id="report-consent" title={t('reports.sections.consent')}>
          <ConsentPanel reportId={report.id} />
        </Section>
      )}
      <Section id="report-facts" title={t('reports.sections.facts')}>
        <Facts report={report} />
      </Section>
      <Section id="report-route" title={t('reports.sections.route')}>
        <Text size="sm" mb="xs">
          {t(`reports.routes.${report.route}`)} —{' '}
          {t(`reports.routeHints.${report.route}`, { defaultValue: '' })}
        </Text>
        <Hops report={report} />
      </Section>
      <Section id="report-severity" title={t('reports.sections.severity')}>
        <SeverityPanel reportId={report.id} mayRate={allowed?.rate ?? false} />
      </Section>
      <Section id="report-deadlines" title={t('reports.sections.deadlines')}>
        <DeadlinesPanel reportId={report.id} />
      </Section>
      {report.status !== 'draft' && (
        <Section id="report-follow-ups" title={t('reports.sections.followUps')}>
          <FollowUpsPanel
            reportId={report.id}
            mayAsk={allowed?.askFollowUp ?? false}
            mayAnswer={allowed?.answerFollowUp ?? false}
          />
        </Section>
      )}
      <Section id="report-attachments" title={t('reports.sections.attachments')}>
        <AttachmentsPanel reportId={report.id} mayAttach={allowed?.attach ?? false} />
      </Section>
      <Section id="report-timeline" title={t('reports.sections.timeline')}>
        <Stack gap="md">
          {allowed && (allowed.comment || allowed.stageReport) && (
            <ReportNotes
              reportId={report.id}
              mayComment={allowed.comment}
              mayStageReport={allowed.stageReport}
            />
          )}
          <ReportTimeline reportId={report.id} />
        </Stack>
      </Section>
    </Stack>
  );
}
