import { Badge, Button, Card, Center, Group, Loader, Stack, Text, Textarea } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../components/error-alert.js';
import { asLanguage } from '../../../lib/session.js';
import type { FollowUp } from '../../../lib/types.js';
import { formatJst } from '../jst.js';
import { followUpsQuery, reportApi } from '../queries.js';
import { ActorName } from './actor-name.js';

function AnswerForm({ reportId, followUp }: { reportId: string; followUp: FollowUp }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [answer, setAnswer] = useState('');
  const submit = useMutation({
    mutationFn: () => reportApi.answerFollowUp(reportId, followUp.id, answer.trim()),
    onSuccess: async () => {
      setAnswer('');
      await client.invalidateQueries({ queryKey: ['reports', 'detail', reportId] });
    },
  });
  return (
    <Stack gap="xs">
      <Textarea
        label={t('reports.followUps.answerLabel')}
        value={answer}
        onChange={(e) => setAnswer(e.currentTarget.value)}
        autosize
        minRows={2}
        maxLength={20_000}
      />
      <Group>
        <Button
          size="xs"
          onClick={() => submit.mutate()}
          loading={submit.isPending}
          disabled={answer.trim() === '' || submit.isPending}
        >
          {t('reports.followUps.answer')}
        </Button>
      </Group>
      {submit.isError && <ErrorAlert error={submit.error} />}
    </Stack>
  );
}

function AskForm({ reportId }: { reportId: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [question, setQuestion] = useState('');
  const submit = useMutation({
    mutationFn: () => reportApi.askFollowUp(reportId, question.trim()),
    onSuccess: async () => {
      setQuestion('');
      await client.invalidateQueries({ queryKey: ['reports', 'detail', reportId] });
    },
  });
  return (
    <Stack gap="xs">
      <Textarea
        label={t('reports.followUps.questionLabel')}
        description={t('reports.followUps.questionHint')}
        value={question}
        onChange={(e) => setQuestion(e.currentTarget.value)}
        autosize
        minRows={2}
        maxLength={10_000}
      />
      <Group>
        <Button
          size="xs"
          onClick={() => submit.mutate()}
          loading={submit.isPending}
          disabled={question.trim() === '' || submit.isPending}
        >
          {t('reports.followUps.ask')}
        </Button>
      </Group>
      {submit.isError && <ErrorAlert error={submit.error} />}
    </Stack>
  );
}

/**
 * Questions the recipients asked and the reporter's answers. On the anonymized route both go
 * through the relay, and others see the answerer under the pseudonym the server gives.
 */
export function FollowUpsPanel({
  reportId,
  mayAsk,
  mayAnswer,
}: {
  reportId: string;
  mayAsk: boolean;
  mayAnswer: boolean;
}) {
  const { t, i18n } = useTranslation();
  const lang = asLanguage(i18n.language);
  const followUps = useQuery(followUpsQuery(reportId));
  if (followUps.isPending) {
    return (
      <Center py="md">
        <Loader size="sm" aria-label={t('app.loading')} />
      </Center>
    );
  }
  if (followUps.isError) return <ErrorAlert error={followUps.error} />;
  const items = followUps.data.items;
  return (
    <Stack gap="sm">
      {items.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('reports.followUps.none')}
        </Text>
      )}
      {items.map((f) => (
        <Card key={f.id} withBorder padding="sm" data-testid="follow-up">
          <Stack gap={6}>
            <Group gap="xs">
              <Text size="xs" c="dimmed">
                {t('reports.followUps.asked')} {formatJst(f.askedAt, lang)} · <ActorName actor={f.askedBy} />
              </Text>
              {f.viaRelay && (
                <Badge size="xs" variant="outline">
                  {t('reports.followUps.viaRelay')}
                </Badge>
              )}
            </Group>
            <Text size="sm" className="cipx-prewrap">
              {f.question}
            </Text>
            {f.answer ? (
              <Stack gap={2} pl="md" data-testid="follow-up-answer">
                <Text size="xs" c="dimmed">
                  {t('reports.followUps.answered')} {formatJst(f.answer.at, lang)} ·{' '}
                  <ActorName actor={f.answer.by} />
                </Text>
                <Text size="sm" className="cipx-prewrap">
                  {f.answer.text}
                </Text>
              </Stack>
            ) : mayAnswer ? (
              <AnswerForm reportId={reportId} followUp={f} />
            ) : (
              <Text size="xs" c="dimmed">
                {t('reports.followUps.unanswered')}
              </Text>
            )}
          </Stack>
        </Card>
      ))}
      {mayAsk && <AskForm reportId={reportId} />}
    </Stack>
  );
}
