import { Alert, Anchor, Badge, Button, Center, Group, Loader, Stack, Table, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../components/error-alert.js';
import { isApiError } from '../../../lib/api.js';
import { asLanguage } from '../../../lib/session.js';
import { formatBytes, uploadErrorMessage } from '../attachment-errors.js';
import { formatJst } from '../jst.js';
import { attachmentsQuery, reportApi } from '../queries.js';
import { ActorName } from './actor-name.js';

function UploadForm({ reportId, maxBytes }: { reportId: string; maxBytes: number | undefined }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const upload = useMutation({
    mutationFn: (chosen: File) => reportApi.upload(reportId, chosen),
    onSuccess: async () => {
      setFile(null);
      if (input.current) input.current.value = '';
      await client.invalidateQueries({ queryKey: ['reports', 'detail', reportId] });
    },
  });
  const error = upload.error;
  return (
    <Stack gap="xs">
      <Group gap="sm" align="flex-end">
        <label className="cipx-file-label">
          <Text size="sm" fw={500} component="span">
            {t('reports.attachments.file')}
          </Text>
          <input
            ref={input}
            type="file"
            data-testid="attachment-file"
            onChange={(e) => {
              upload.reset();
              setFile(e.currentTarget.files?.[0] ?? null);
            }}
          />
        </label>
        <Button
          size="xs"
          onClick={() => file && upload.mutate(file)}
          loading={upload.isPending}
          disabled={file === null || upload.isPending}
        >
          {t('reports.attachments.upload')}
        </Button>
      </Group>
      {maxBytes !== undefined && (
        <Text size="xs" c="dimmed">
          {t('reports.attachments.limit', { limit: formatBytes(maxBytes) })}
        </Text>
      )}
      {upload.isError && (
        <Alert color="red" title={t('errors.title')} role="alert" data-testid="upload-error">
          {uploadErrorMessage(t, error, maxBytes)}
          {isApiError(error) && error.detail && (error.status === 413 || error.status === 415) && (
            <Text size="xs" mt={4}>
              {error.detail}
            </Text>
          )}
        </Alert>
      )}
    </Stack>
  );
}

/** Files attached to the report, each a plain download, none of them scanned for malware. */
export function AttachmentsPanel({ reportId, mayAttach }: { reportId: string; mayAttach: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = asLanguage(i18n.language);
  const attachments = useQuery(attachmentsQuery(reportId));
  if (attachments.isPending) {
    return (
      <Center py="md">
        <Loader size="sm" aria-label={t('app.loading')} />
      </Center>
    );
  }
  if (attachments.isError) return <ErrorAlert error={attachments.error} />;
  const { items, maxBytes } = attachments.data;
  return (
    <Stack gap="sm">
      {items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('reports.attachments.none')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={620}>
          <Table data-testid="attachments-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('reports.attachments.name')}</Table.Th>
                <Table.Th>{t('reports.attachments.type')}</Table.Th>
                <Table.Th>{t('reports.attachments.size')}</Table.Th>
                <Table.Th>{t('reports.attachments.uploaded')}</Table.Th>
                <Table.Th>{t('reports.attachments.checks')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td>
                    <Anchor href={a.href} download={a.filename} size="sm">
                      {a.filename}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{a.type}</Text>
                  </Table.Td>
                  <Table.Td className="cipx-nowrap">{formatBytes(a.size)}</Table.Td>
                  <Table.Td>
                    <Text size="xs">{formatJst(a.createdAt, lang)}</Text>
                    <Text size="xs" c="dimmed">
                      <ActorName actor={a.uploadedBy} />
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      <Badge size="sm" color="orange" variant="light">
                        {a.scanLabel[lang]}
                      </Badge>
                      <Badge size="sm" color={a.metadataStripped ? 'green' : 'gray'} variant="light">
                        {a.metadataStripped
                          ? t('reports.attachments.metadataStripped')
                          : t('reports.attachments.metadataKept')}
                      </Badge>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {mayAttach && <UploadForm reportId={reportId} maxBytes={maxBytes} />}
    </Stack>
  );
}
