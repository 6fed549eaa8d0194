import { TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * A date and time typed in Japan Standard Time (the browser's own zone does not matter):
 * the native control, so phones show their picker and keyboards work as everywhere else.
 */
export function JstTimeInput({
  label,
  value,
  onChange,
  error,
  required = false,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  required?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <TextInput
      type="datetime-local"
      label={`${label}${t('reports.wizard.jstSuffix')}`}
      description={t('reports.wizard.jstHint')}
      value={value}
      onChange={(event) => onChange(event.currentTarget.value)}
      error={error}
      withAsterisk={required}
      step={60}
    />
  );
}
