import { describe, expect, it } from 'vitest';
import { createI18n } from '../i18n/index.js';
import { ApiError } from './api.js';
import { problemMessage } from './problem-message.js';

describe('problemMessage', () => {
  const ja = createI18n('ja');
  const en = createI18n('en');
  const locked = new ApiError({
    status: 423,
    code: 'ACCOUNT_LOCKED',
    title: 'The account is temporarily locked',
  });

  it('translates a known code from the app’s own messages in each language', () => {
    expect(problemMessage(ja.t, locked)).toMatch(/一時的にロック/);
    expect(problemMessage(en.t, locked)).toMatch(/temporarily locked after too many failed sign-ins/);
    const invalid = new ApiError({ status: 401, code: 'INVALID_CREDENTIALS', title: 'x' });
    expect(problemMessage(ja.t, invalid)).toBe('メールアドレスまたはパスワードが正しくありません。');
    expect(problemMessage(en.t, invalid)).toBe('E-mail address or password is incorrect.');
  });

  it('falls back to the server’s translated title for a code it does not know', () => {
    const unknown = new ApiError({
      status: 409,
      code: 'ALERT_ALREADY_WITHDRAWN',
      title: 'この警報は撤回済みです',
    });
    expect(problemMessage(ja.t, unknown)).toBe('この警報は撤回済みです');
  });

  it('says so when the server cannot be reached, and is generic for anything else', () => {
    const network = new ApiError({ status: 0, code: 'NETWORK', title: 'Network error' });
    expect(problemMessage(en.t, network)).toBe('Cannot reach the server. Check the network.');
    expect(problemMessage(ja.t, new Error('boom'))).toBe('予期しないエラーが発生しました。');
  });
});
