import {
  Alert,
  Anchor,
  Button,
  FileInput,
  Group,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/error-alert.js';
import { isApiError, request } from '../../lib/api.js';
import { asLanguage } from '../../lib/session.js';
import { DIRECTORY_CSV_KINDS, type DirectoryCsvKind, type DirectoryImportResult } from '../../lib/types.js';
import { previewCsv, type CsvPreview } from './csv-preview.js';

interface RowError {
  row: number | null;
  field: string;
  code: string;
  message: string;
}

const PREVIEW_ROWS = 5;

function rowErrorsOf(
  result: DirectoryImportResult | undefined,
  error: unknown,
  lang: 'ja' | 'en',
): RowError[] {
  if (result) {
    return result.errors.map((e) => ({
      row: e.row,
      field: e.column,
      code: e.code,
      message: e.message[lang],
    }));
  }
  if (isApiError(error)) {
    return error.errors.map((e) => {
      // The server names the CSV position "row 3: email"; the message is already in the person's language.
      const match = /^row (\d+)(?::\s*(.*))?$/.exec(e.field);
      return match
        ? { row: Number(match[1]), field: match[2] ?? '', code: e.code, message: e.message }
        : { row: null, field: e.field, code: e.code, message: e.message };
    });
  }
  return [];
}

function Preview({ preview }: { preview: CsvPreview }) {
  const { t } = useTranslation();
  if (preview.error) return <Alert color="red">{t('import.parseError', { message: preview.error })}</Alert>;
  if (preview.rows.length === 0) return <Text c="dimmed">{t('import.previewEmpty')}</Text>;
  return (
    <Stack gap="xs">
      <Text size="sm" fw={500} id="preview-title">
        {t('import.preview', { count: preview.rows.length })}
      </Text>
      <Table.ScrollContainer minWidth={480}>
        <Table
          withTableBorder
          withColumnBorders
          fz="xs"
          aria-labelledby="preview-title"
          data-testid="csv-preview"
        >
          <Table.Thead>
            <Table.Tr>
              {preview.header.map((h, i) => (
                <Table.Th key={i} scope="col">
                  {h}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {preview.rows.map((row, r) => (
              <Table.Tr key={r}>
                {row.map((cell, c) => (
                  <Table.Td key={c}>{cell}</Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

function Result({ result }: { result: DirectoryImportResult }) {
  const { t } = useTranslation();
  const figures = [
    ['rows', result.rows],
    ['created', result.created],
    ['updated', result.updated],
    ['unchanged', result.unchanged],
  ] as const;
  return (
    <Stack gap="xs" data-testid="import-result">
      <Title order={2} size="h4">
        {result.dryRun ? t('import.resultTitleDry') : t('import.resultTitle')}
      </Title>
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm" component="dl">
        {figures.map(([key, value]) => (
          <div key={key}>
            <Text component="dt" size="xs" c="dimmed">
              {t(`import.${key}`)}
            </Text>
            <Text component="dd" fw={700} size="xl" m={0} data-testid={`import-${key}`}>
              {value}
            </Text>
          </div>
        ))}
      </SimpleGrid>
    </Stack>
  );
}

function RowErrors({ errors }: { errors: RowError[] }) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs">
      <Title order={3} size="h5" id="row-errors-title">
        {t('import.errors')}
      </Title>
      <Table.ScrollContainer minWidth={480}>
        <Table withTableBorder fz="sm" aria-labelledby="row-errors-title" data-testid="import-errors">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('import.row')}</Table.Th>
              <Table.Th scope="col">{t('import.field')}</Table.Th>
              <Table.Th scope="col">{t('import.code')}</Table.Th>
              <Table.Th scope="col">{t('import.message')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {errors.map((e, i) => (
              <Table.Tr key={i}>
                <Table.Td>{e.row ?? ''}</Table.Td>
                <Table.Td>{e.field}</Table.Td>
                <Table.Td>{e.code}</Table.Td>
                <Table.Td>{e.message}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

/** CSV import: preview in the browser, a dry run that changes nothing, then the import. */
export function ImportPage() {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const [kind, setKind] = useState<DirectoryCsvKind>('organizations');
  const [file, setFile] = useState<File | null>(null);
  const [text, setText] = useState<string | null>(null);
  const [preview, setPreview] = useState<CsvPreview | null>(null);

  const upload = useMutation({
    mutationFn: (input: { dryRun: boolean; kind: DirectoryCsvKind; csv: string }) =>
      request<DirectoryImportResult>('/api/v1/directory/import', {
        method: 'POST',
        query: { kind: input.kind, dryRun: input.dryRun },
        text: { body: input.csv, contentType: 'text/csv; charset=utf-8' },
      }),
    onSuccess: async (result) => {
      if (!result.dryRun) await client.invalidateQueries({ queryKey: ['organizations'] });
    },
  });

  const choose = (chosen: File | null) => {
    setFile(chosen);
    setText(null);
    setPreview(null);
    upload.reset();
    if (!chosen) return;
    void chosen.text().then((content) => {
      setText(content);
      setPreview(previewCsv(content, PREVIEW_ROWS));
    });
  };

  const run = (dryRun: boolean) => {
    if (text !== null) upload.mutate({ dryRun, kind, csv: text });
  };

  const rowErrors = rowErrorsOf(upload.data, upload.error, asLanguage(i18n.language));
  const ready = text !== null && preview !== null && preview.error === null;
  const dryRunPassed = upload.data?.dryRun === true && upload.data.errors.length === 0;

  return (
    <Stack gap="lg" maw={960}>
      <Title order={1} size="h2">
        {t('import.title')}
      </Title>
      <Text size="sm">{t('import.intro')}</Text>
      <Stack gap={4}>
        <Text size="sm" fw={500} id="import-kind-label">
          {t('import.kind')}
        </Text>
        <SegmentedControl
          aria-labelledby="import-kind-label"
          value={kind}
          onChange={(value) => {
            setKind(DIRECTORY_CSV_KINDS.find((k) => k === value) ?? 'organizations');
            upload.reset();
          }}
          data={DIRECTORY_CSV_KINDS.map((k) => ({ value: k, label: t(`import.kinds.${k}`) }))}
          style={{ alignSelf: 'flex-start' }}
        />
        <Anchor href={`/api/v1/directory/export?kind=${kind}`} download size="sm">
          {t('import.export')}
        </Anchor>
      </Stack>
      <FileInput
        label={t('import.file')}
        placeholder={t('import.filePlaceholder')}
        accept=".csv,text/csv"
        value={file}
        onChange={choose}
        clearable
        maw={480}
      />
      {preview && <Preview preview={preview} />}
      <Group gap="sm">
        <Button
          variant="light"
          disabled={!ready}
          loading={upload.isPending && upload.variables.dryRun}
          onClick={() => run(true)}
        >
          {t('import.dryRun')}
        </Button>
        <Button
          disabled={!ready || !dryRunPassed}
          loading={upload.isPending && !upload.variables.dryRun}
          onClick={() => run(false)}
        >
          {t('import.run')}
        </Button>
      </Group>
      {upload.isError && <ErrorAlert error={upload.error} withFieldErrors={false} />}
      {upload.data && <Result result={upload.data} />}
      {rowErrors.length > 0 && <RowErrors errors={rowErrors} />}
      {upload.data && rowErrors.length === 0 && <Text c="dimmed">{t('import.noErrors')}</Text>}
    </Stack>
  );
}
