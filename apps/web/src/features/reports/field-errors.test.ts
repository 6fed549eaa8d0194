import { describe, expect, it } from 'vitest';
import { createI18n } from '../../i18n/index.js';
import { fieldKey, mapFieldErrors } from './field-errors.js';
import { stepOfField } from './report-form.js';

describe('field errors from the server', () => {
  const ja = createI18n('ja');
  const en = createI18n('en');

  it('reads the pointer styles of the reports service, schema validation and the severity service', () => {
    expect(fieldKey('/title')).toBe('title');
    expect(fieldKey('body/forms/ddos/pps')).toBe('forms.ddos.pps');
    expect(fieldKey('/body/rationale')).toBe('rationale');
    expect(fieldKey('body')).toBe('');
  });

  it('translates codes it knows and keeps the server message for the others, first per field', () => {
    const errors = [
      { field: '/title', code: 'REQUIRED', message: 'A value is required' },
      { field: '/title', code: 'MAXLENGTH', message: 'too long' },
      { field: '/detectedAt', code: 'DETECTED_BEFORE_OCCURRED', message: 'x' },
      { field: 'body/forms/ddos/vector', code: 'SOMETHING_NEW', message: '攻撃手法が長すぎます' },
    ];
    expect(mapFieldErrors(ja.t, errors)).toEqual({
      title: '入力してください。',
      detectedAt: '検知日時は発生日時より後にしてください。',
      'forms.ddos.vector': '攻撃手法が長すぎます',
    });
    expect(mapFieldErrors(en.t, errors)['title']).toBe('A value is required.');
  });

  it('sends each field to the wizard step that shows it', () => {
    expect(stepOfField('title')).toBe('facts');
    expect(stepOfField('sectorCode')).toBe('facts');
    expect(stepOfField('forms.ddos.pps')).toBe('impact');
    expect(stepOfField('rationale')).toBe('severity');
    expect(stepOfField('namedRecipients')).toBe('routing');
    expect(stepOfField('kind')).toBe('kind');
    expect(stepOfField('headers.if-match')).toBe('review');
  });
});
