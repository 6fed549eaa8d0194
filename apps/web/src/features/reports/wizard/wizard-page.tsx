import { Anchor, Center, Container, Loader, Stack, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../components/error-alert.js';
import { useMe } from '../../../lib/session.js';
import type { ReportDetail } from '../../../lib/types.js';
import { organizationNameQuery, reportQuery } from '../queries.js';
import type { WizardStep } from '../report-form.js';
import { ReportWizard } from './report-wizard.js';

export interface WizardPageCallbacks {
  onCreated: (report: ReportDetail, step: WizardStep) => void;
  onStepChange: (reportId: string, step: WizardStep) => void;
  onDone: (report: ReportDetail) => void;
}

function Loading() {
  const { t } = useTranslation();
  return (
    <Center py="xl">
      <Loader aria-label={t('app.loading')} />
    </Center>
  );
}

/** `/reports/new`: a new report, with the reporter's own sector chosen already. */
export function NewReportPage({ onCreated, onDone }: WizardPageCallbacks) {
  const { t } = useTranslation();
  const me = useMe().data;
  const organization = useQuery({ ...organizationNameQuery(me?.organization.id ?? ''), enabled: !!me });
  // Without the directory entry the reporter simply picks the sector.
  if (organization.isPending && me) return <Loading />;
  return (
    <Container size="md" px={0}>
      <Stack gap="md">
        <Title order={1} size="h2">
          {t('reports.wizard.newTitle')}
        </Title>
        <ReportWizard
          defaultSectorCode={organization.data?.sectorCode ?? null}
          onCreated={onCreated}
          onDone={onDone}
        />
      </Stack>
    </Container>
  );
}

/** `/reports/{id}/edit`: continue a draft, or add facts to a submitted report. */
export function EditReportPage({
  reportId,
  step,
  onCreated,
  onStepChange,
  onDone,
}: WizardPageCallbacks & { reportId: string; step?: WizardStep | undefined }) {
  const { t } = useTranslation();
  const report = useQuery(reportQuery(reportId));
  if (report.isPending) return <Loading />;
  if (report.isError) return <ErrorAlert error={report.error} />;
  const amending = report.data.status !== 'draft';
  return (
    <Container size="md" px={0}>
      <Stack gap="md">
        <Anchor
          size="sm"
          renderRoot={(props) => <Link to="/reports/$reportId" params={{ reportId }} {...props} />}
        >
          {t('reports.backToReport', { number: report.data.number })}
        </Anchor>
        <Title order={1} size="h2">
          {amending ? t('reports.wizard.amendTitle') : t('reports.wizard.draftTitle')}
        </Title>
        <ReportWizard
          key={report.data.id}
          report={report.data}
          initialStep={step}
          onCreated={onCreated}
          onStepChange={(s) => onStepChange(reportId, s)}
          onDone={onDone}
        />
      </Stack>
    </Container>
  );
}
