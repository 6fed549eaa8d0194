import type { DeadlineCalendar, DeadlineStage } from '@cipx/contracts';

// The regimes CIPX ships as reference data (DOMAIN.md §5). Japan's statutory deadline under
// the Active Cyber Defense law (Act No. 42 of 2025) is set by ministerial order: an
// administrator enters it (and any other domestic regime) through the API, as a new regime
// or a new version of one. Stage codes are what a timeline entry carries when it fulfils the
// stage; the shipped regimes share `early_warning`, `notification` and `final` so one flagged
// entry serves whichever of them a report is under.

export interface RegimeDefinition {
  code: string;
  name: { ja: string; en: string };
  source: string;
  note: { ja: string; en: string };
  calendar: DeadlineCalendar;
  stages: DeadlineStage[];
}

const DAY = 24 * 60;

export const DEFAULT_REGIMES: readonly RegimeDefinition[] = [
  {
    code: 'nis2-style',
    name: { ja: 'NIS2 型の段階報告', en: 'NIS2-style staged reporting' },
    source:
      'Directive (EU) 2022/2555 (NIS2), Article 23(4)(a), (b) and (d): early warning within 24 hours of ' +
      'becoming aware of a significant incident; incident notification within 72 hours of becoming aware; ' +
      'final report not later than one month after the submission of the incident notification.',
    note: {
      ja: 'NIS2 指令の段階報告を手本とした期限の組です。認知時刻が未入力の場合は検知時刻から数えます。最終報告の期限は、通知の段階が満たされた時点から1か月後です。',
      en: 'Deadlines modelled on the NIS2 staging. Without an awareness time the clocks run from detection. The final report is due one month after the notification stage was met.',
    },
    calendar: 'jst',
    stages: [
      {
        code: 'early_warning',
        name: { ja: '早期警報', en: 'Early warning' },
        anchor: 'awareness',
        offsetMinutes: 1 * DAY,
      },
      {
        code: 'notification',
        name: { ja: 'インシデント通知', en: 'Incident notification' },
        anchor: 'awareness',
        offsetMinutes: 3 * DAY,
        setsNotification: true,
      },
      {
        code: 'final',
        name: { ja: '最終報告', en: 'Final report' },
        anchor: 'notification',
        offsetMonths: 1,
      },
    ],
  },
  {
    code: 'us-circia',
    name: { ja: '米国 CIRCIA', en: 'US CIRCIA' },
    source:
      'Cyber Incident Reporting for Critical Infrastructure Act of 2022, 6 U.S.C. § 681b(a)(1): a covered ' +
      'cyber incident not later than 72 hours after the covered entity reasonably believes it has occurred; ' +
      '§ 681b(a)(2): a ransom payment not later than 24 hours after the payment has been made.',
    note: {
      ja: '「合理的に発生を信じた時点」を認知時刻として扱います。身代金の支払時刻が入力されたときに、支払報告の期限が動き始めます。',
      en: 'The moment of reasonable belief is the awareness time. The ransom payment clock starts once a payment time is entered.',
    },
    calendar: 'jst',
    stages: [
      {
        code: 'notification',
        name: { ja: '対象インシデント報告', en: 'Covered cyber incident report' },
        anchor: 'awareness',
        offsetMinutes: 3 * DAY,
      },
      {
        code: 'ransom_payment',
        name: { ja: '身代金支払報告', en: 'Ransom payment report' },
        anchor: 'payment',
        offsetMinutes: 1 * DAY,
      },
    ],
  },
  {
    code: 'sg-cii',
    name: { ja: 'シンガポール CII', en: 'Singapore CII' },
    source:
      'Cybersecurity Act 2018 (Singapore), section 14, and the Cybersecurity (Critical Information ' +
      'Infrastructure) Regulations 2018, regulation 5: notify the Commissioner within 2 hours after ' +
      'becoming aware of a prescribed cybersecurity incident; supplementary details within 14 days after the notification.',
    note: {
      ja: '認知から2時間以内の通知と、通知から14日以内の書面報告です。',
      en: 'Notification within 2 hours of awareness, and a written report within 14 days of the notification.',
    },
    calendar: 'jst',
    stages: [
      {
        code: 'notification',
        name: { ja: '初動通知', en: 'Initial notification' },
        anchor: 'awareness',
        offsetMinutes: 2 * 60,
        setsNotification: true,
      },
      {
        code: 'final',
        name: { ja: '書面報告', en: 'Written report' },
        anchor: 'notification',
        offsetMinutes: 14 * DAY,
      },
    ],
  },
];
