import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import ja from './ja.json';

export const LANGUAGES = ['ja', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const LANGUAGE_STORAGE_KEY = 'cipx.language';

export const resources = { ja: { translation: ja }, en: { translation: en } } as const;

export const isLanguage = (value: unknown): value is Language =>
  typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);

/** The language remembered in this browser, if the person ever chose one. */
export function storedLanguage(): Language | undefined {
  try {
    const value = globalThis.localStorage?.getItem(LANGUAGE_STORAGE_KEY);
    return isLanguage(value) ? value : undefined;
  } catch {
    // Storage can be disabled by the browser's privacy settings.
    return undefined;
  }
}

export function rememberLanguage(language: Language): void {
  try {
    globalThis.localStorage?.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    // Without storage the choice lasts for this page only.
  }
}

/**
 * Japanese first: English only once chosen in this browser or saved with the account
 * (applied after sign-in), so everyone starts from the same screen whatever the browser says.
 */
export function initialLanguage(): Language {
  return storedLanguage() ?? 'ja';
}

export function createI18n(language: Language = initialLanguage()): i18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: 'ja',
    supportedLngs: [...LANGUAGES],
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
  });
  const sync = (lng: string) => {
    if (typeof document === 'undefined') return;
    document.documentElement.lang = lng;
    document.title = `${instance.t('app.name')} — ${instance.t('app.fullName')}`;
  };
  sync(language);
  instance.on('languageChanged', sync);
  return instance;
}
