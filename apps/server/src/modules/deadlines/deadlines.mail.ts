// Reminder and escalation mails, Japanese first then English (the recipient is an
// organization's contact point, not a person with a chosen language). Times are shown in
// JST, the time every CIPX participant works in, with the UTC instant beside them.

export interface DeadlineMailInput {
  report: { id: string; number: string; title: string; exercise: boolean };
  regimeName: { ja: string; en: string };
  stageName: { ja: string; en: string };
  dueAt: Date;
  link: string;
}

export interface ComposedMail {
  subject: string;
  text: string;
}

/** 2026-04-02 09:00 JST */
export function formatJst(at: Date): string {
  const jst = new Date(at.getTime() + 9 * 3_600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${jst.getUTCFullYear()}-${pad(jst.getUTCMonth() + 1)}-${pad(jst.getUTCDate())} ${pad(jst.getUTCHours())}:${pad(jst.getUTCMinutes())} JST`;
}

function subjectOf(input: DeadlineMailInput, ja: string, en: string): string {
  const exercise = input.report.exercise ? '【訓練】[EXERCISE] ' : '';
  return `${exercise}[CIPX] ${ja} / ${en}: ${input.report.number}`;
}

function body(input: DeadlineMailInput, lead: { ja: string[]; en: string[] }): string {
  const due = `${formatJst(input.dueAt)} (${input.dueAt.toISOString()})`;
  return [
    ...(input.report.exercise ? ['【訓練】これは訓練です。', ''] : []),
    ...lead.ja,
    '',
    `報告: ${input.report.number} ${input.report.title}`,
    `制度: ${input.regimeName.ja}`,
    `段階: ${input.stageName.ja}`,
    `期限: ${due}`,
    '',
    input.link,
    '',
    '----',
    '',
    ...(input.report.exercise ? ['[EXERCISE] This is an exercise.', ''] : []),
    ...lead.en,
    '',
    `Report: ${input.report.number} ${input.report.title}`,
    `Regime: ${input.regimeName.en}`,
    `Stage: ${input.stageName.en}`,
    `Due: ${due}`,
    '',
    input.link,
    '',
  ].join('\n');
}

export function reminderMail(input: DeadlineMailInput): ComposedMail {
  return {
    subject: subjectOf(input, '報告期限が近づいています', 'Reporting deadline approaching'),
    text: body(input, {
      ja: ['次の報告の段階の期限が近づいています。期限までに CIPX で報告してください。'],
      en: ['A reporting deadline is approaching. File the stage in CIPX before it is due.'],
    }),
  };
}

export function escalationMail(input: DeadlineMailInput): ComposedMail {
  return {
    subject: subjectOf(input, '報告期限を過ぎました', 'Reporting deadline passed'),
    text: body(input, {
      ja: [
        '次の報告の段階が期限を過ぎても報告されていません。至急、CIPX で報告してください。',
        'このメールは、貴組織の主担当・副担当・24時間窓口に送られています。',
      ],
      en: [
        'A reporting stage is past its deadline and has not been filed. File it in CIPX now.',
        "This mail goes to your organization's primary, backup and 24/7 contacts.",
      ],
    }),
  };
}
