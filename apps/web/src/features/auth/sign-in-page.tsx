import { Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../components/language-switch.js';
import type { Me } from '../../lib/types.js';
import { SignInForm } from './sign-in-form.js';

export function SignInPage({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const { t } = useTranslation();
  return (
    <Center mih="100vh" p="md">
      <Stack w="100%" maw={420} gap="md">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <div>
            <Text fw={700} size="xl">
              {t('app.name')}
            </Text>
            <Text size="sm" c="dimmed">
              {t('app.fullName')}
            </Text>
          </div>
          <LanguageSwitch />
        </Group>
        <Paper withBorder p="lg" radius="md" component="main">
          <Title order={1} size="h3" mb="xs">
            {t('signIn.title')}
          </Title>
          <Text size="sm" c="dimmed" mb="md">
            {t('signIn.intro')}
          </Text>
          <SignInForm onSignedIn={onSignedIn} />
        </Paper>
      </Stack>
    </Center>
  );
}
