import { Alert, Anchor, Button, Code, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/error-alert.js';
import { api } from '../../lib/api.js';
import { meQuery } from '../../lib/session.js';
import type { TotpSetup } from '../../lib/types.js';

/** Groups of four, as authenticator apps show secrets, so it can be typed without losing one's place. */
export const groupSecret = (secret: string): string => secret.replace(/(.{4})(?=.)/g, '$1 ');

/**
 * Privileged roles need an authenticator; until one is confirmed the server answers
 * nothing but /me and /me/totp, so this replaces every page.
 */
export function TotpEnrolment() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [code, setCode] = useState('');
  const [formatError, setFormatError] = useState(false);
  const setup = useMutation({ mutationFn: () => api.post<TotpSetup>('/api/v1/me/totp/setup') });
  const confirm = useMutation({
    mutationFn: (value: string) => api.post<undefined>('/api/v1/me/totp/confirm', { code: value }),
    onSuccess: () => client.invalidateQueries({ queryKey: meQuery.queryKey }),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!/^\d{6}$/.test(code)) {
      setFormatError(true);
      return;
    }
    setFormatError(false);
    confirm.mutate(code, { onError: () => setCode('') });
  };

  return (
    <Paper withBorder p="lg" radius="md" maw={560}>
      <Stack gap="md">
        <Title order={1} size="h3">
          {t('totp.title')}
        </Title>
        <Text size="sm">{t('totp.intro')}</Text>
        {setup.isError && <ErrorAlert error={setup.error} />}
        {!setup.data ? (
          <Button
            onClick={() => setup.mutate()}
            loading={setup.isPending}
            style={{ alignSelf: 'flex-start' }}
          >
            {t('totp.start')}
          </Button>
        ) : (
          <form onSubmit={submit} noValidate>
            <Stack gap="md">
              <Alert color="blue" title={t('totp.secret')}>
                <Code fz="md" data-testid="totp-secret">
                  {groupSecret(setup.data.secret)}
                </Code>
                <Text size="sm" mt="xs">
                  <Anchor href={setup.data.otpauthUrl}>{t('totp.openInApp')}</Anchor>
                </Text>
              </Alert>
              {confirm.isError && <ErrorAlert error={confirm.error} />}
              <TextInput
                label={t('signIn.totp')}
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                required
                value={code}
                error={formatError ? t('signIn.totpFormat') : undefined}
                onChange={(e) => setCode(e.currentTarget.value.replace(/\D/g, '').slice(0, 6))}
              />
              <Button type="submit" loading={confirm.isPending} style={{ alignSelf: 'flex-start' }}>
                {t('totp.confirm')}
              </Button>
            </Stack>
          </form>
        )}
      </Stack>
    </Paper>
  );
}
