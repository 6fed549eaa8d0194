import { Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/error-alert.js';
import { isApiError } from '../../lib/api.js';
import { useSignIn } from '../../lib/session.js';
import type { Me } from '../../lib/types.js';

const TOTP = /^\d{6}$/;

/** E-mail and password; a second step asks for the TOTP code when the server says MFA_REQUIRED. */
export function SignInForm({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const { t } = useTranslation();
  const signIn = useSignIn();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [step, setStep] = useState<'password' | 'totp'>('password');
  const [totpFormatError, setTotpFormatError] = useState(false);
  const totpRef = useRef<HTMLInputElement>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (step === 'totp' && !TOTP.test(totp)) {
      setTotpFormatError(true);
      return;
    }
    setTotpFormatError(false);
    signIn.mutate(
      { email: email.trim(), password, ...(step === 'totp' ? { totp } : {}) },
      {
        onSuccess: (me) => onSignedIn(me),
        onError: (error) => {
          if (isApiError(error) && error.code === 'MFA_REQUIRED') {
            setStep('totp');
            setTotp('');
            // The field appears after this render; focus it for keyboard users.
            setTimeout(() => totpRef.current?.focus(), 0);
          }
          if (isApiError(error) && error.code === 'MFA_INVALID') setTotp('');
        },
      },
    );
  };

  const back = () => {
    setStep('password');
    setTotp('');
    signIn.reset();
  };

  // MFA_REQUIRED is not an error to the person: it is the prompt for the second step.
  const shownError =
    signIn.error && !(isApiError(signIn.error) && signIn.error.code === 'MFA_REQUIRED') ? signIn.error : null;

  return (
    <form onSubmit={submit} noValidate aria-label={t('signIn.title')}>
      <Stack gap="md">
        {shownError !== null && <ErrorAlert error={shownError} />}
        {step === 'password' ? (
          <>
            <TextInput
              label={t('signIn.email')}
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              data-autofocus
            />
            <PasswordInput
              label={t('signIn.password')}
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
            />
            <Button type="submit" loading={signIn.isPending} fullWidth>
              {t('signIn.submit')}
            </Button>
          </>
        ) : (
          <>
            <Text size="sm">{t('signIn.totpIntro')}</Text>
            <TextInput
              ref={totpRef}
              label={t('signIn.totp')}
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9]{6}"
              maxLength={6}
              required
              value={totp}
              error={totpFormatError ? t('signIn.totpFormat') : undefined}
              onChange={(e) => setTotp(e.currentTarget.value.replace(/\D/g, '').slice(0, 6))}
            />
            <Button type="submit" loading={signIn.isPending} fullWidth>
              {t('signIn.verify')}
            </Button>
            <Button variant="subtle" onClick={back}>
              {t('signIn.back')}
            </Button>
          </>
        )}
      </Stack>
    </form>
  );
}
