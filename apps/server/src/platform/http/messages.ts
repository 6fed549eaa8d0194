import type { ErrorCode, Locale } from '@cipx/contracts';

/** HTTP status and translated title/detail per stable error code. */
export const ERRORS: Record<ErrorCode, { status: number; ja: [string, string]; en: [string, string] }> = {
  VALIDATION_FAILED: {
    status: 400,
    ja: ['入力内容に誤りがあります', '項目を確認して、もう一度送信してください。'],
    en: ['The input is not valid', 'Check the listed fields and try again.'],
  },
  BAD_REQUEST: {
    status: 400,
    ja: ['リクエストを処理できません', 'リクエストの形式が正しくありません。'],
    en: ['The request cannot be processed', 'The request is malformed.'],
  },
  UNAUTHENTICATED: {
    status: 401,
    ja: ['サインインが必要です', 'サインインしてから、もう一度お試しください。'],
    en: ['Sign-in required', 'Sign in and try again.'],
  },
  MFA_REQUIRED: {
    status: 401,
    ja: ['確認コードが必要です', '認証アプリに表示された6桁のコードを入力してください。'],
    en: ['Verification code required', 'Enter the 6-digit code from your authenticator app.'],
  },
  MFA_INVALID: {
    status: 401,
    ja: ['確認コードが正しくありません', 'コードを確認して、もう一度入力してください。'],
    en: ['The verification code is not valid', 'Check the code and enter it again.'],
  },
  INVALID_CREDENTIALS: {
    status: 401,
    ja: ['メールアドレスまたはパスワードが正しくありません', '入力内容を確認してください。'],
    en: ['E-mail address or password is incorrect', 'Check what you entered.'],
  },
  ACCOUNT_LOCKED: {
    status: 423,
    ja: [
      'アカウントは一時的にロックされています',
      'サインインの失敗が続いたため、{minutes}分後に再度お試しください。',
    ],
    en: ['The account is temporarily locked', 'Too many failed sign-ins; try again in {minutes} minutes.'],
  },
  FORBIDDEN: {
    status: 403,
    ja: ['この操作の権限がありません', '必要な権限がない操作です。'],
    en: ['You may not do this', 'Your role does not allow this action.'],
  },
  ORIGIN_MISMATCH: {
    status: 403,
    ja: ['送信元が一致しません', 'このサイト以外からの書き込みは受け付けません。'],
    en: ['Origin mismatch', 'Writes from other sites are refused.'],
  },
  NOT_FOUND: {
    status: 404,
    ja: ['見つかりません', '指定されたものは存在しないか、閲覧できません。'],
    en: ['Not found', 'It does not exist or you may not see it.'],
  },
  CONFLICT: {
    status: 409,
    ja: ['競合が発生しました', '{reason}'],
    en: ['Conflict', '{reason}'],
  },
  TOKEN_INVALID: {
    status: 400,
    ja: ['リンクが無効です', 'リンクの有効期限が切れているか、すでに使用されています。'],
    en: ['The link is not valid', 'The link has expired or has already been used.'],
  },
  PASSWORD_REJECTED: {
    status: 400,
    ja: ['このパスワードは使用できません', '{reason}'],
    en: ['This password cannot be used', '{reason}'],
  },
  RATE_LIMITED: {
    status: 429,
    ja: ['リクエストが多すぎます', 'しばらく待ってから、もう一度お試しください。'],
    en: ['Too many requests', 'Wait a moment and try again.'],
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    ja: ['データが大きすぎます', '上限は{limit}です。'],
    en: ['The payload is too large', 'The limit is {limit}.'],
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    ja: ['このデータ形式には対応していません', '{reason}'],
    en: ['Unsupported media type', '{reason}'],
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    ja: ['Idempotency-Key が別の内容で再利用されました', '新しいキーを使用してください。'],
    en: ['Idempotency-Key reused with a different body', 'Use a new key.'],
  },
  CSV_INVALID: {
    status: 422,
    ja: ['CSV に誤りがあります', '{count}件の行に誤りがあります。何も取り込まれていません。'],
    en: ['The CSV has errors', '{count} rows have errors. Nothing was imported.'],
  },
  CSV_NOT_UTF8: {
    status: 422,
    ja: [
      'CSV の文字コードが UTF-8 ではありません',
      '{line}行目が UTF-8 ではありません（Shift_JIS の可能性があります）。Excel では「CSV UTF-8（コンマ区切り）」で保存し直してから取り込んでください。',
    ],
    en: [
      'The CSV is not UTF-8',
      'Line {line} is not UTF-8 (it may be Shift_JIS). In Excel, save it as "CSV UTF-8 (Comma delimited)" and import it again.',
    ],
  },
  CSV_TOO_LARGE: {
    status: 413,
    ja: [
      'CSV が大きすぎます',
      '1回に取り込めるのは {maxSize}、{maxRows}行までです。ファイルを分割してください。',
    ],
    en: ['The CSV is too large', 'One import may hold at most {maxSize} and {maxRows} rows. Split the file.'],
  },
  EDITION_NOT_FOUND: {
    status: 404,
    ja: ['版が見つかりません', '指定された参照データの版はありません。'],
    en: ['Edition not found', 'No reference edition has that id.'],
  },
  ORGANIZATION_NOT_FOUND: {
    status: 404,
    ja: ['組織が見つかりません', '指定された組織は存在しないか、閲覧できません。'],
    en: ['Organization not found', 'It does not exist or you may not see it.'],
  },
  USER_NOT_FOUND: {
    status: 404,
    ja: ['利用者が見つかりません', '指定された利用者は存在しません。'],
    en: ['User not found', 'No such user.'],
  },
  REPORT_NOT_FOUND: {
    status: 404,
    ja: ['報告が見つかりません', '指定された報告は存在しないか、閲覧できません。'],
    en: ['Report not found', 'It does not exist or you may not see it.'],
  },
  REPORT_VERSION_CONFLICT: {
    status: 409,
    ja: [
      '報告は他の人によって更新されています',
      '最新の内容（版 {current}）を読み込み直してから、もう一度変更してください。',
    ],
    en: [
      'The report was changed by someone else',
      'Reload the latest version ({current}) and make your change again.',
    ],
  },
  REPORT_TRANSITION_NOT_ALLOWED: {
    status: 409,
    ja: ['この報告には今この操作はできません', '状態「{status}」の報告に「{action}」はできません。'],
    en: ['This cannot be done to the report now', 'A report in status "{status}" cannot take "{action}".'],
  },
  REPORT_INCOMPLETE: {
    status: 422,
    ja: ['報告を提出できません', '{count}件の項目を確認してください。下書きは保存されています。'],
    en: ['The report cannot be submitted', 'Check the {count} listed fields. The draft is kept.'],
  },
  FOLLOW_UP_NOT_FOUND: {
    status: 404,
    ja: ['質問が見つかりません', 'この報告に、指定された追加質問はありません。'],
    en: ['Follow-up question not found', 'This report has no such follow-up question.'],
  },
  DEADLINE_REGIME_NOT_FOUND: {
    status: 404,
    ja: ['期限の制度が見つかりません', '指定された期限の制度は存在しません。'],
    en: ['Deadline regime not found', 'No deadline regime has this id.'],
  },
  DEADLINE_REGIME_ALREADY_APPLIED: {
    status: 409,
    ja: ['この制度はすでに適用されています', 'この報告には同じ制度（いずれかの版）の期限が設定済みです。'],
    en: [
      'The regime is already applied',
      'This report already runs the deadlines of this regime (in some version).',
    ],
  },
  DEADLINE_STAGE_NOT_FOUND: {
    status: 404,
    ja: ['期限の段階が見つかりません', 'この報告に、未達成のこの段階の期限はありません。'],
    en: ['Deadline stage not found', 'This report has no open deadline for this stage.'],
  },
  CRISIS_NOT_FOUND: {
    status: 404,
    ja: ['大規模障害が見つかりません', '指定された大規模障害は存在しないか、閲覧できません。'],
    en: ['Crisis not found', 'It does not exist or you may not see it.'],
  },
  CRISIS_ENDED: {
    status: 409,
    ja: ['大規模障害は終了しています', '終了した大規模障害には報告の紐付けや投稿ができません。'],
    en: ['The crisis has ended', 'An ended crisis takes no more linked reports, updates or changes.'],
  },
  CRISIS_REPORT_ALREADY_LINKED: {
    status: 409,
    ja: ['この報告はすでに紐付けられています', 'この報告は、この大規模障害に紐付け済みです。'],
    en: ['The report is already linked', 'This report is already linked to this crisis.'],
  },
  INTERNAL: {
    status: 500,
    ja: ['内部エラーが発生しました', '問題が続く場合は、リクエストIDを添えて管理者に連絡してください。'],
    en: ['Internal error', 'If this persists, contact the administrator with the request id.'],
  },
  UNAVAILABLE: {
    status: 503,
    ja: ['一時的に利用できません', 'しばらくしてから、もう一度お試しください。'],
    en: ['Temporarily unavailable', 'Try again shortly.'],
  },
};

export function pickLocale(acceptLanguage: string | undefined, preferred?: Locale): Locale {
  if (preferred) return preferred;
  if (!acceptLanguage) return 'ja';
  for (const part of acceptLanguage.split(',')) {
    const tag = part.trim().slice(0, 2).toLowerCase();
    if (tag === 'ja' || tag === 'en') return tag;
  }
  return 'ja';
}

export function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in params ? String(params[key]) : whole,
  );
}
