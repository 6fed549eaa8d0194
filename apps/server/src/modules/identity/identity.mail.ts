import type { Role } from '@cipx/contracts';

// Mails to people are bilingual, Japanese first: the recipient may not have chosen a
// language yet, and a forwarded mail must be readable by a colleague of either language.

const ROLE_NAMES: Record<Role, { ja: string; en: string }> = {
  admin: { ja: '管理者', en: 'administrator' },
  manager: { ja: '責任者', en: 'manager' },
  analyst: { ja: '分析担当', en: 'analyst' },
  reporter: { ja: '報告担当', en: 'reporter' },
  viewer: { ja: '閲覧者', en: 'viewer' },
};

export interface ComposedMail {
  subject: string;
  text: string;
}

const FOOTER_JA = 'このメールに心当たりがない場合は、破棄してください。';
const FOOTER_EN = 'If you did not expect this mail, you can ignore it.';

export interface OrganizationNames {
  ja: string;
  en: string;
}

export function invitationMail(input: {
  displayName: string;
  organization: OrganizationNames;
  role: Role;
  link: string;
  days: number;
}): ComposedMail {
  const role = ROLE_NAMES[input.role];
  return {
    subject: '[CIPX] 招待 / Invitation',
    text: [
      `${input.displayName} 様`,
      '',
      `CIPX（重要インフラ情報共有基盤）の「${input.organization.ja}」に${role.ja}として招待されました。`,
      `次のリンクを開いてパスワードを設定してください。リンクの有効期限は${input.days}日間です。`,
      '',
      input.link,
      '',
      FOOTER_JA,
      '',
      '----',
      '',
      `Dear ${input.displayName},`,
      '',
      `You have been invited to CIPX (Critical Infrastructure Protection eXchange) for "${input.organization.en}" as ${role.en}.`,
      `Open the link below to set your password. The link expires in ${input.days} days.`,
      '',
      input.link,
      '',
      FOOTER_EN,
      '',
    ].join('\n'),
  };
}

export function passwordResetMail(input: {
  displayName: string;
  link: string;
  minutes: number;
}): ComposedMail {
  return {
    subject: '[CIPX] パスワードの再設定 / Password reset',
    text: [
      `${input.displayName} 様`,
      '',
      'CIPX のパスワード再設定の依頼を受け付けました。',
      `次のリンクを開いて新しいパスワードを設定してください。リンクの有効期限は${input.minutes}分間です。`,
      '再設定すると、ほかの端末のサインインはすべて終了します。',
      '',
      input.link,
      '',
      FOOTER_JA,
      '',
      '----',
      '',
      `Dear ${input.displayName},`,
      '',
      'We received a request to reset your CIPX password.',
      `Open the link below to choose a new one. The link expires in ${input.minutes} minutes.`,
      'Resetting signs you out on every other device.',
      '',
      input.link,
      '',
      FOOTER_EN,
      '',
    ].join('\n'),
  };
}

export function roleGrantedMail(input: {
  displayName: string;
  organization: OrganizationNames;
  role: Role;
  link: string;
}): ComposedMail {
  const role = ROLE_NAMES[input.role];
  return {
    subject: '[CIPX] 組織への追加 / Added to an organization',
    text: [
      `${input.displayName} 様`,
      '',
      `CIPX の「${input.organization.ja}」に${role.ja}として追加されました。`,
      `サインイン後、組織の切り替えから選択できます: ${input.link}`,
      '',
      FOOTER_JA,
      '',
      '----',
      '',
      `Dear ${input.displayName},`,
      '',
      `You have been added to "${input.organization.en}" in CIPX as ${role.en}.`,
      `After signing in, choose it with the organization switcher: ${input.link}`,
      '',
      FOOTER_EN,
      '',
    ].join('\n'),
  };
}
