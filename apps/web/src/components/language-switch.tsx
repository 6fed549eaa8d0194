import { SegmentedControl } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '../i18n/index.js';
import { asLanguage, useChangeLanguage } from '../lib/session.js';

/** 日本語 / English; each option is named in its own language so anyone can find theirs. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const changeLanguage = useChangeLanguage();
  const [saving, setSaving] = useState(false);
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('language.label')}
      value={asLanguage(i18n.language)}
      disabled={saving}
      onChange={(value) => {
        setSaving(true);
        changeLanguage(asLanguage(value))
          .catch(() => {
            // The choice still applies in this browser; the server copy is best effort.
          })
          .finally(() => setSaving(false));
      }}
      data={LANGUAGES.map((language) => ({
        value: language,
        label: <span lang={language}>{t(`language.${language}`)}</span>,
      }))}
    />
  );
}
