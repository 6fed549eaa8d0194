import { describe, expect, it } from 'vitest';
import { createI18n } from '../../i18n/index.js';
import { ApiError } from '../../lib/api.js';
import { formatBytes, uploadErrorMessage } from './attachment-errors.js';

const ja = createI18n('ja').t;
const en = createI18n('en').t;
const problem = (status: number, code: string) => new ApiError({ status, code, title: 'server title' });

describe('uploadErrorMessage', () => {
  it('names the limit on 413, in either language', () => {
    const error = problem(413, 'PAYLOAD_TOO_LARGE');
    expect(uploadErrorMessage(ja, error, 10 * 1024 * 1024)).toBe('ファイルが大きすぎます(上限 10 MiB)。');
    expect(uploadErrorMessage(en, error, 10 * 1024 * 1024)).toBe('The file is too large (limit 10 MiB).');
    expect(uploadErrorMessage(en, error, undefined)).toBe('The file is too large.');
  });

  it('says what is accepted on 415', () => {
    const error = problem(415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(uploadErrorMessage(ja, error, 1024)).toMatch(/^この形式のファイルは添付できません。/);
    expect(uploadErrorMessage(en, error, 1024)).toMatch(/^Files of this type cannot be attached\./);
  });

  it('reads any other failure like every other call', () => {
    expect(uploadErrorMessage(en, problem(403, 'FORBIDDEN'), 1024)).toBe(en('errors.FORBIDDEN'));
    expect(uploadErrorMessage(ja, new Error('boom'), 1024)).toBe(ja('errors.UNKNOWN'));
  });
});

describe('formatBytes', () => {
  it('words sizes as the server words its limit', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(2048)).toBe('2 KiB');
    expect(formatBytes(25 * 1024 * 1024)).toBe('25 MiB');
    expect(formatBytes(1.5 * 1024 * 1024)).toBe('1.5 MiB');
  });
});
