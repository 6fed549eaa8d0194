import { Alert, Anchor, List, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { asLanguage } from '../../../lib/session.js';
import { currentSectorsQuery } from '../queries.js';
import { Fact, FactList, PrefectureList } from '../report-facts.js';
import { formatJst, fromJstInput } from '../jst.js';
import { ratingComplete, stepOfField, type ProvisionalRating, type WizardStep } from '../report-form.js';
import type { StepProps } from './wizard-types.js';

export interface ReviewProps extends StepProps {
  rating: ProvisionalRating;
  /** Errors the server returned, keyed by wizard field, to list with a way to each field. */
  problems: { key: string; message: string }[];
  onGoTo: (step: WizardStep) => void;
  amending: boolean;
}

export function StepReview({ form, rating, problems, onGoTo, amending }: ReviewProps) {
  const { t, i18n } = useTranslation();
  const lang = asLanguage(i18n.language);
  const sectors = useQuery(currentSectorsQuery);
  const sector = sectors.data?.find((s) => s.code === form.sectorCode);
  const time = (value: string) => formatJst(fromJstInput(value), lang);
  const none = t('reports.none');
  return (
    <Stack gap="md">
      {problems.length > 0 && (
        <Alert color="red" variant="light" title={t('reports.wizard.fixBeforeSubmit')} role="alert">
          <List size="sm" spacing={4} data-testid="submit-problems">
            {problems.map((p) => (
              <List.Item key={p.key}>
                <Anchor component="button" type="button" size="sm" onClick={() => onGoTo(stepOfField(p.key))}>
                  {t(`reports.fieldNames.${p.key}`, { defaultValue: p.key })}
                </Anchor>
                {`: ${p.message}`}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
      <Text size="sm">{amending ? t('reports.wizard.reviewAmend') : t('reports.wizard.reviewIntro')}</Text>
      <Title order={3} size="h5">
        {t('reports.wizard.steps.facts')}
      </Title>
      <FactList>
        <Fact label={t('reports.fields.kind')}>{form.kind ? t(`reports.kinds.${form.kind}`) : none}</Fact>
        <Fact label={t('reports.fields.title')}>{form.title || none}</Fact>
        <Fact label={t('reports.fields.sector')}>
          {sector ? sector.name[lang] : (form.sectorCode ?? none)}
        </Fact>
        <Fact label={t('reports.fields.service')}>{form.service || none}</Fact>
        <Fact label={t('reports.fields.cause')}>{form.cause ? t(`reports.causes.${form.cause}`) : none}</Fact>
        <Fact label={t('reports.fields.systems')}>
          {form.systems.length > 0 ? form.systems.map((s) => t(`reports.systems.${s}`)).join(' / ') : none}
        </Fact>
        <Fact label={t('reports.fields.occurredAt')}>{time(form.occurredAt)}</Fact>
        <Fact label={t('reports.fields.detectedAt')}>{time(form.detectedAt)}</Fact>
      </FactList>
      <Fact label={t('reports.fields.description')}>{form.description || none}</Fact>
      <Title order={3} size="h5">
        {t('reports.wizard.steps.impact')}
      </Title>
      <FactList>
        <Fact label={t('reports.fields.serviceImpact')}>
          {form.serviceImpact ? t(`reports.serviceImpacts.${form.serviceImpact}`) : none}
        </Fact>
        <Fact label={t('reports.fields.affectedPrefectures')}>
          <PrefectureList codes={form.affectedPrefectures} />
        </Fact>
        <Fact label={t('reports.fields.affectedUsersEstimate')}>
          {form.affectedUsersEstimate === '' ? none : form.affectedUsersEstimate.toLocaleString(lang)}
        </Fact>
        <Fact label={t('reports.fields.expectedRestorationAt')}>{time(form.expectedRestorationAt)}</Fact>
        <Fact label={t('reports.fields.safetyImpact')}>{form.safetyImpact || none}</Fact>
        <Fact label={t('reports.wizard.attackForms')}>
          {[
            form.ddosEnabled && t('reports.forms.ddos'),
            form.ransomwareEnabled && t('reports.forms.ransomware'),
          ]
            .filter(Boolean)
            .join(' / ') || none}
        </Fact>
      </FactList>
      {!amending && (
        <>
          <Title order={3} size="h5">
            {t('reports.wizard.steps.severity')}
          </Title>
          <Text size="sm">
            {ratingComplete(rating)
              ? t('reports.wizard.ratingSummary', {
                  continuity: rating.continuity,
                  safety: rating.safety,
                  trust: rating.trust,
                  overall: Math.max(rating.continuity, rating.safety, rating.trust),
                })
              : t('reports.wizard.noRating')}
          </Text>
          <Title order={3} size="h5">
            {t('reports.wizard.steps.routing')}
          </Title>
          <FactList>
            <Fact label={t('reports.fields.route')}>{t(`reports.routes.${form.route}`)}</Fact>
            <Fact label={t('reports.fields.tlp')}>{`TLP:${form.tlp.toUpperCase()}`}</Fact>
            {form.exercise && <Fact label={t('reports.exercise')}>{t('reports.wizard.exercise')}</Fact>}
          </FactList>
        </>
      )}
    </Stack>
  );
}
