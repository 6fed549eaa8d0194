import { Button, Group, SegmentedControl, Select, Stack, Text, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../components/error-alert.js';
import type { ReportStage } from '../../../lib/types.js';
import { reportApi } from '../queries.js';

/**
 * The deadline stages a stage report can fulfil. The contracts keep the list beside the
 * TypeBox schemas (not in the vocabulary the web may import at runtime); the Record makes
 * the compiler insist on every stage, so a new one cannot be forgotten here.
 */
const STAGE_ORDER: Record<ReportStage, number> = {
  early_warning: 0,
  notification: 1,
  final: 2,
  ransom_payment: 3,
};
const STAGES = (Object.keys(STAGE_ORDER) as ReportStage[]).sort((a, b) => STAGE_ORDER[a] - STAGE_ORDER[b]);

type NoteKind = 'comment' | 'stage';

/** A comment (originator or recipients) or, for the originator, a stage report that meets a deadline. */
export function ReportNotes({
  reportId,
  mayComment,
  mayStageReport,
}: {
  reportId: string;
  mayComment: boolean;
  mayStageReport: boolean;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [kind, setKind] = useState<NoteKind>(mayComment ? 'comment' : 'stage');
  const [stage, setStage] = useState<ReportStage | null>(null);
  const [text, setText] = useState('');
  const [met, setMet] = useState<number | null>(null);
  const submit = useMutation({
    mutationFn: async () => {
      if (kind === 'stage' && stage)
        return (await reportApi.stageReport(reportId, stage, text.trim())).deadlinesMet;
      await reportApi.comment(reportId, text.trim());
      return null;
    },
    onSuccess: async (deadlinesMet) => {
      setText('');
      setMet(deadlinesMet);
      await client.invalidateQueries({ queryKey: ['reports', 'detail', reportId] });
    },
  });
  if (!mayComment && !mayStageReport) return null;
  const current: NoteKind = kind === 'stage' && !mayStageReport ? 'comment' : kind;
  const ready = text.trim() !== '' && (current === 'comment' || stage !== null);
  return (
    <Stack gap="xs" data-testid="report-notes">
      {mayComment && mayStageReport && (
        <SegmentedControl
          value={current}
          onChange={(v) => setKind(v === 'stage' ? 'stage' : 'comment')}
          data={[
            { value: 'comment', label: t('reports.notes.comment') },
            { value: 'stage', label: t('reports.notes.stageReport') },
          ]}
          w="fit-content"
        />
      )}
      {current === 'stage' && (
        <Select
          label={t('reports.notes.stage')}
          data={STAGES.map((s) => ({ value: s, label: t(`reports.timeline.stages.${s}`) }))}
          value={stage}
          onChange={(v) => setStage(STAGES.find((s) => s === v) ?? null)}
          w={260}
        />
      )}
      <Textarea
        label={current === 'stage' ? t('reports.notes.stageText') : t('reports.notes.commentText')}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        autosize
        minRows={2}
        maxLength={current === 'stage' ? 50_000 : 10_000}
      />
      <Group>
        <Button
          size="xs"
          onClick={() => submit.mutate()}
          loading={submit.isPending}
          disabled={!ready || submit.isPending}
        >
          {current === 'stage' ? t('reports.notes.fileStageReport') : t('reports.notes.postComment')}
        </Button>
      </Group>
      {met !== null && (
        <Text size="sm" c="dimmed" role="status">
          {t('reports.notes.deadlinesMet', { count: met })}
        </Text>
      )}
      {submit.isError && <ErrorAlert error={submit.error} />}
    </Stack>
  );
}
