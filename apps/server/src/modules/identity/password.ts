import type { Locale } from '@cipx/contracts';
import { COMMON_PASSWORDS } from './common-passwords.js';

// Password rules of NIST SP 800-63B §3.1.1.2: a length floor, a ceiling high enough for
// passphrases, any printable character, no composition rules, and a check against
// values that are common, repetitive, sequential or taken from the account itself.

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

export type PasswordProblem =
  'too_short' | 'too_long' | 'unprintable' | 'common' | 'repetitive' | 'sequential' | 'contains_account';

export const PASSWORD_PROBLEM_TEXT: Record<PasswordProblem, Record<Locale, string>> = {
  too_short: {
    ja: `パスワードは${PASSWORD_MIN_LENGTH}文字以上にしてください。`,
    en: `Use at least ${PASSWORD_MIN_LENGTH} characters.`,
  },
  too_long: {
    ja: `パスワードは${PASSWORD_MAX_LENGTH}文字以内にしてください。`,
    en: `Use at most ${PASSWORD_MAX_LENGTH} characters.`,
  },
  unprintable: {
    ja: 'パスワードに制御文字は使用できません。',
    en: 'Control characters cannot be used.',
  },
  common: {
    ja: 'よく使われるパスワードのため使用できません。推測されにくい語句を選んでください。',
    en: 'This is a commonly used password; choose a phrase that is hard to guess.',
  },
  repetitive: {
    ja: '同じ文字や語の繰り返しは使用できません。',
    en: 'Repeated characters or words cannot be used.',
  },
  sequential: {
    ja: '連続した文字や数字（123456…、abcdef…）は使用できません。',
    en: 'Sequences such as 123456… or abcdef… cannot be used.',
  },
  contains_account: {
    ja: 'メールアドレスや氏名を含むパスワードは使用できません。',
    en: 'The password must not contain your e-mail address or name.',
  },
};

let common: ReadonlySet<string> | undefined;

/** The bundled list of common passwords, lower-cased; loaded on first use. */
export function commonPasswords(): ReadonlySet<string> {
  common ??= new Set(
    COMMON_PASSWORDS.split('\n')
      .map((line) => line.trim().toLowerCase())
      .filter((line) => line !== ''),
  );
  return common;
}

const LEET: Record<string, string> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
  $: 's',
};

function isCommon(lower: string): boolean {
  const list = commonPasswords();
  // People pad a common word with digits and punctuation to reach a length rule
  // ("password1234!"); the padded word is as guessable as the word.
  const stripped = lower.replace(/[\d\p{P}\p{S}\s]+$/u, '');
  const unleet = [...lower].map((c) => LEET[c] ?? c).join('');
  const candidates = [lower, stripped, unleet, unleet.replace(/[\d\p{P}\p{S}\s]+$/u, '')];
  return candidates.some((c) => c.length > 0 && list.has(c));
}

function isRepetitive(chars: readonly string[]): boolean {
  if (new Set(chars).size <= 3) return true;
  // A short unit repeated ("abcabcabcabc", "passwordpassword") adds no guessing work.
  for (let unit = 1; unit <= chars.length / 2; unit += 1) {
    if (chars.length % unit !== 0) continue;
    let repeats = true;
    for (let i = unit; i < chars.length && repeats; i += 1) repeats = chars[i] === chars[i - unit];
    if (repeats) return true;
  }
  return false;
}

function step(a: string, b: string): number {
  const x = a.codePointAt(0) ?? 0;
  const y = b.codePointAt(0) ?? 0;
  // Digits wrap: "7890123" is the same walk along the number row.
  if (/\d/.test(a) && /\d/.test(b)) return ((y - x + 15) % 10) - 5;
  return y - x;
}

function isSequential(lower: readonly string[]): boolean {
  let sequentialPairs = 0;
  for (let i = 1; i < lower.length; i += 1) {
    const s = step(lower[i - 1] ?? '', lower[i] ?? '');
    if (s === 1 || s === -1) sequentialPairs += 1;
  }
  return sequentialPairs >= (lower.length - 1) * 0.75;
}

function containsAccount(lower: string, account: AccountWords): boolean {
  const words: string[] = [];
  const local = account.email?.split('@')[0]?.toLowerCase();
  if (local) words.push(local, ...local.split(/[._+-]+/));
  if (account.displayName) {
    const name = account.displayName.toLowerCase();
    words.push(name.replace(/\s+/g, ''), ...name.split(/\s+/));
  }
  // Very short fragments ("li", "ko") would reject unrelated passphrases.
  return words.some((w) => w.length >= 3 && lower.includes(w));
}

export interface AccountWords {
  email?: string | undefined;
  displayName?: string | undefined;
}

/** The first rule the password breaks, or null when it may be used. Pure. */
export function checkPassword(password: string, account: AccountWords = {}): PasswordProblem | null {
  const chars = [...password];
  if (chars.length < PASSWORD_MIN_LENGTH) return 'too_short';
  if (chars.length > PASSWORD_MAX_LENGTH) return 'too_long';
  if (/\p{Cc}/u.test(password)) return 'unprintable';
  const lower = password.normalize('NFKC').toLowerCase();
  const lowerChars = [...lower];
  if (isRepetitive(lowerChars)) return 'repetitive';
  if (isSequential(lowerChars)) return 'sequential';
  if (isCommon(lower)) return 'common';
  if (containsAccount(lower, account)) return 'contains_account';
  return null;
}
