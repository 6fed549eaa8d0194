import type {
  FieldError,
  HopMode,
  HopStatus,
  Locale,
  OrganizationKind,
  ReportFacts,
  ReportRoute,
  ReportStatus,
  Role,
  Tlp,
} from '@cipx/contracts';
import { REPORT_FACT_FIELDS, RELAY_COMMUNITY_MINIMUM, type ReportWarning } from '@cipx/contracts';
import { roleAtLeast } from '../identity/index.js';

// Reports as pure rules: the lifecycle, who may act on a report, the checks beyond the
// schema, and route planning (DOMAIN.md §5: every route is a list of hops). No I/O.

// --- lifecycle -------------------------------------------------------------------

/** Status changes a report may take; `draft → submitted` only through submit. */
export const STATUS_TRANSITIONS: Readonly<Record<ReportStatus, readonly ReportStatus[]>> = {
  draft: ['submitted'],
  submitted: ['acknowledged', 'under_analysis'],
  acknowledged: ['under_analysis'],
  under_analysis: ['resolved'],
  // A resolved report may be reopened while the coordinator has not closed it.
  resolved: ['under_analysis', 'closed'],
  closed: [],
};

export function canTransition(from: ReportStatus, to: ReportStatus): boolean {
  return STATUS_TRANSITIONS[from].includes(to);
}

/** The viewer's relation to one report, as the service finds it. */
export interface ReportActor {
  role: Role;
  organizationKind: OrganizationKind;
  /** Acts for the originating organization (or wrote the report). */
  isOriginator: boolean;
  /** The report was forwarded to the viewer's organization (an organization hop reached it). */
  isRecipient: boolean;
  /** The viewer's organization holds a hop it must review and forward. */
  holdsPendingHop: boolean;
}

export type ReportAction =
  | 'edit_draft'
  | 'update_facts'
  | 'submit'
  | 'acknowledge'
  | 'forward'
  | 'under_analysis'
  | 'resolved'
  | 'closed'
  | 'ask_follow_up'
  | 'answer_follow_up'
  | 'comment'
  | 'stage_report'
  | 'consent';

/** Statuses in which the originator may still add facts. */
const OPEN_AFTER_SUBMIT: readonly ReportStatus[] = [
  'submitted',
  'acknowledged',
  'under_analysis',
  'resolved',
];

export type Permission = 'allowed' | 'forbidden' | 'wrong_status';

/**
 * Who may do what: the originator's reporters (and above) edit drafts, submit and add facts
 * after submit; recipients' analysts acknowledge and forward what they hold for review; the
 * coordinator's and ministries' analysts move a report to under_analysis and resolved; only
 * the coordinator closes it. `forbidden` is checked before `wrong_status`, so a caller never
 * learns a report's status through an action it may not take.
 */
export function permission(actor: ReportActor, action: ReportAction, status: ReportStatus): Permission {
  const may = (ok: boolean, statuses: readonly ReportStatus[]): Permission =>
    !ok ? 'forbidden' : statuses.includes(status) ? 'allowed' : 'wrong_status';
  const analyst = roleAtLeast(actor.role, 'analyst');
  switch (action) {
    case 'edit_draft':
    case 'submit':
      return may(actor.isOriginator && roleAtLeast(actor.role, 'reporter'), ['draft']);
    case 'update_facts':
      return may(actor.isOriginator && roleAtLeast(actor.role, 'reporter'), OPEN_AFTER_SUBMIT);
    case 'acknowledge':
      return may(actor.isRecipient && analyst, ['submitted', 'acknowledged', 'under_analysis', 'resolved']);
    case 'forward':
      return may(actor.holdsPendingHop && analyst, OPEN_AFTER_SUBMIT);
    case 'under_analysis':
    case 'resolved': {
      const overseer = actor.organizationKind === 'coordinator' || actor.organizationKind === 'ministry';
      return may(
        actor.isRecipient && overseer && analyst,
        (Object.keys(STATUS_TRANSITIONS) as ReportStatus[]).filter((s) => canTransition(s, action)),
      );
    }
    case 'closed':
      return may(actor.isRecipient && actor.organizationKind === 'coordinator' && analyst, ['resolved']);
    case 'ask_follow_up': {
      // Those who analyse the report ask; the relay only passes questions and answers on.
      const overseer = actor.organizationKind === 'coordinator' || actor.organizationKind === 'ministry';
      return may(actor.isRecipient && overseer && analyst, OPEN_AFTER_SUBMIT);
    }
    case 'answer_follow_up':
    case 'stage_report':
    case 'consent':
      return may(actor.isOriginator && roleAtLeast(actor.role, 'reporter'), OPEN_AFTER_SUBMIT);
    case 'comment':
      return may(
        (actor.isOriginator && roleAtLeast(actor.role, 'reporter')) || (actor.isRecipient && analyst),
        OPEN_AFTER_SUBMIT,
      );
  }
}

// --- checks beyond the schema ----------------------------------------------------

const FIELD_MESSAGES = {
  REQUIRED: ['入力してください', 'A value is required'],
  REQUIRED_ONE: ['1つ以上選択してください', 'Choose at least one'],
  IN_FUTURE: ['未来の日時は指定できません', 'The time cannot be in the future'],
  DETECTED_BEFORE_OCCURRED: [
    '検知日時は発生日時より後にしてください',
    'Detection cannot be earlier than occurrence',
  ],
  REPORTED_BEFORE_DETECTED: [
    '報告日時は検知日時より後にしてください',
    'Reporting cannot be earlier than detection',
  ],
  RESTORATION_BEFORE_OCCURRED: [
    '復旧見込み日時は発生日時より後にしてください',
    'Expected restoration cannot be earlier than occurrence',
  ],
  SIGN_WITH_OUTAGE: [
    '予兆・ヒヤリハットにサービス停止は含められません。障害として報告してください',
    'A sign or near-miss has no outage; report it as an outage',
  ],
  FORMS_NEED_CYBERATTACK: [
    '攻撃の共通様式は、原因が「サイバー攻撃」の場合に記入します',
    'The attack forms apply when the cause is a cyberattack',
  ],
  UNKNOWN_SECTOR: [
    'この分野は現行の参照データにありません',
    'No sector has this code in the current edition',
  ],
  RED_NEEDS_RECIPIENTS: [
    'TLP:RED の報告は、受信者を個人で指定してください',
    'A TLP:RED report reaches named people only; name its recipients',
  ],
  UNKNOWN_RECIPIENT: ['この利用者は存在しません', 'No such user'],
  NO_RELAY: [
    '匿名経路には中継組織（所属セプターの事務局または重要インフラ支援機関）が必要です',
    'The anonymized route needs a relay (your CEPTOAR secretariat or a CIP supporting agency)',
  ],
  RELAY_NOT_ALLOWED: [
    '中継組織は、所属するセプターまたは重要インフラ支援機関から選んでください',
    'Choose your own CEPTOAR or a CIP supporting agency as the relay',
  ],
  TLP_FORBIDS_RELAY: [
    'TLP:RED と TLP:AMBER+STRICT の報告は中継できません',
    'TLP:RED and TLP:AMBER+STRICT reports cannot be relayed',
  ],
  NO_CONSENT_OFFICE: ['同意経路では受付機関を指定してください', 'The consent route needs a receiving office'],
  CONSENT_OFFICE_NOT_ALLOWED: [
    '受付機関は警察、個人情報保護委員会または所管省庁から選んでください',
    'Choose the police, the PPC or a sector ministry as the receiving office',
  ],
  NOT_EDITABLE_AFTER_SUBMIT: [
    '提出後は変更できない項目です（事実のみ追記できます）',
    'This cannot change after submit (only facts can be added)',
  ],
  NO_ROUTE: [
    'この報告の宛先（所管省庁・調整機関）が決まりません',
    'No recipient (responsible ministry or coordinator) can be found for this report',
  ],
} as const satisfies Record<string, readonly [string, string]>;

export type ReportFieldCode = keyof typeof FIELD_MESSAGES;

export interface ReportFieldProblem {
  /** The field's name in the API (`occurredAt`, `forms`). */
  field: string;
  code: ReportFieldCode;
}

/** Field problems as problem+json field errors in the caller's language; pointers name the report field. */
export function toFieldErrors(problems: readonly ReportFieldProblem[], locale: Locale): FieldError[] {
  return problems.map((p) => ({
    field: `/${p.field}`,
    code: p.code,
    message: FIELD_MESSAGES[p.code][locale === 'ja' ? 0 : 1],
  }));
}

/** Clocks of reporters' machines drift; a few minutes ahead is not "the future". */
const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;

const time = (value: string | null | undefined): number | null =>
  value === null || value === undefined ? null : Date.parse(value);

/** Checks that hold for drafts too: the facts must not contradict each other. */
export function checkFacts(facts: ReportFacts, now: Date): ReportFieldProblem[] {
  const problems: ReportFieldProblem[] = [];
  const occurred = time(facts.occurredAt);
  const detected = time(facts.detectedAt);
  const reported = time(facts.reportedAt);
  const restoration = time(facts.expectedRestorationAt);
  const latest = now.getTime() + FUTURE_TOLERANCE_MS;
  for (const [field, value] of [
    ['occurredAt', occurred],
    ['detectedAt', detected],
    ['reportedAt', reported],
  ] as const) {
    if (value !== null && value > latest) problems.push({ field, code: 'IN_FUTURE' });
  }
  if (occurred !== null && detected !== null && detected < occurred) {
    problems.push({ field: 'detectedAt', code: 'DETECTED_BEFORE_OCCURRED' });
  }
  if (detected !== null && reported !== null && reported < detected) {
    problems.push({ field: 'reportedAt', code: 'REPORTED_BEFORE_DETECTED' });
  }
  if (occurred !== null && restoration !== null && restoration < occurred) {
    problems.push({ field: 'expectedRestorationAt', code: 'RESTORATION_BEFORE_OCCURRED' });
  }
  if (
    facts.kind === 'sign' &&
    (facts.serviceImpact === 'partial_outage' || facts.serviceImpact === 'full_outage')
  ) {
    problems.push({ field: 'serviceImpact', code: 'SIGN_WITH_OUTAGE' });
  }
  return problems;
}

/** What a report must state before it can be submitted (a draft may lack any of it). */
export function checkComplete(facts: ReportFacts): ReportFieldProblem[] {
  const problems: ReportFieldProblem[] = [];
  const blank = (value: string | null | undefined) =>
    value === null || value === undefined || value.trim() === '';
  if (blank(facts.title)) problems.push({ field: 'title', code: 'REQUIRED' });
  if (blank(facts.description)) problems.push({ field: 'description', code: 'REQUIRED' });
  if (blank(facts.sectorCode)) problems.push({ field: 'sectorCode', code: 'REQUIRED' });
  if (facts.cause === null) problems.push({ field: 'cause', code: 'REQUIRED' });
  if (facts.detectedAt === null) problems.push({ field: 'detectedAt', code: 'REQUIRED' });
  if (facts.systems.length === 0) problems.push({ field: 'systems', code: 'REQUIRED_ONE' });
  if (facts.kind === 'outage' && facts.serviceImpact === null) {
    problems.push({ field: 'serviceImpact', code: 'REQUIRED' });
  }
  const hasAttackForm = Object.values(facts.forms).some((section) => section !== undefined);
  if (hasAttackForm && facts.cause !== null && facts.cause !== 'cyberattack' && facts.cause !== 'unknown') {
    problems.push({ field: 'forms', code: 'FORMS_NEED_CYBERATTACK' });
  }
  return problems;
}

/** A facts change as kept in the timeline: each changed field with its value before and after. */
export type FactsDiff = Partial<Record<keyof ReportFacts, { before: unknown; after: unknown }>>;

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

export function diffFacts(before: ReportFacts, after: ReportFacts): FactsDiff {
  const diff: FactsDiff = {};
  for (const field of REPORT_FACT_FIELDS) {
    if (!same(before[field], after[field])) diff[field] = { before: before[field], after: after[field] };
  }
  return diff;
}

// --- routes and hops ---------------------------------------------------------------

/** How an organization passes on reports it receives (default: automatic). */
export interface RoutingSetting {
  mode: HopMode;
  forwardWithinMinutes: number;
}

export const DEFAULT_ROUTING: RoutingSetting = { mode: 'automatic', forwardWithinMinutes: 60 };

export interface RouteInput {
  route: ReportRoute;
  tlp: Tlp;
  originatorOrgId: string;
  /** The report sector's responsible ministry in the current edition. */
  ministryOrgId: string | null;
  /** The current edition's coordinator. */
  coordinatorOrgId: string | null;
  relayOrgId: string | null;
  consentOfficeOrgId: string | null;
  consentToForward: boolean;
  settingOf: (organizationId: string) => RoutingSetting;
}

export interface Hop {
  seq: number;
  fromOrgId: string;
  toOrgId: string;
  mode: HopMode;
  copy: boolean;
  status: HopStatus;
  /** Minutes the forwarding organization has to review (reviewed hops). */
  reviewMinutes: number | null;
  dueAt: Date | null;
  forwardedAt: Date | null;
  forwardedBy: string | null;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
}

export type RoutePlan =
  | { ok: true; hops: Hop[]; relayOrgId: string | null; anonymized: boolean }
  | { ok: false; problems: ReportFieldProblem[] };

function hop(
  seq: number,
  fromOrgId: string,
  toOrgId: string,
  input: RouteInput,
  options: { copy?: boolean; reviewed?: boolean; held?: boolean } = {},
): Hop {
  // The originator's own hop is its submit; later hops follow the forwarding organization's setting.
  const setting = fromOrgId === input.originatorOrgId ? DEFAULT_ROUTING : input.settingOf(fromOrgId);
  const mode: HopMode = options.reviewed ? 'reviewed' : setting.mode;
  return {
    seq,
    fromOrgId,
    toOrgId,
    mode,
    copy: options.copy ?? false,
    status: options.held ? 'held_for_consent' : 'pending',
    reviewMinutes: mode === 'reviewed' ? setting.forwardWithinMinutes : null,
    dueAt: null,
    forwardedAt: null,
    forwardedBy: null,
    acknowledgedAt: null,
    acknowledgedBy: null,
  };
}

/**
 * The hops of a route (DOMAIN.md §5), all as one mechanism:
 * - normal: originator → responsible ministry → coordinator (a ministry filing goes straight to
 *   the coordinator; the coordinator filing needs no hop);
 * - hotline: originator → coordinator, with a copy to the ministry;
 * - anonymized: originator → relay → coordinator; the relay always reviews (it checks the text
 *   does not give the reporter away) and recipients see the relay as originator;
 * - consent: originator → receiving office → coordinator, the last hop held until consent.
 */
export function planRoute(input: RouteInput): RoutePlan {
  const { originatorOrgId: origin, ministryOrgId: ministry, coordinatorOrgId: coordinator } = input;
  const hops: Hop[] = [];
  const next = (from: string, to: string, options?: Parameters<typeof hop>[4]) => {
    if (from !== to) hops.push(hop(hops.length + 1, from, to, input, options));
  };
  switch (input.route) {
    case 'normal': {
      // The coordinator's own report is already where every route ends.
      if (origin === coordinator) return { ok: true, hops, relayOrgId: null, anonymized: false };
      if (ministry !== null && ministry !== origin && ministry !== coordinator) {
        next(origin, ministry);
        if (coordinator !== null) next(ministry, coordinator);
      } else if (coordinator !== null) {
        next(origin, coordinator);
      }
      if (hops.length === 0) return { ok: false, problems: [{ field: 'route', code: 'NO_ROUTE' }] };
      return { ok: true, hops, relayOrgId: null, anonymized: false };
    }
    case 'hotline': {
      if (coordinator === null) return { ok: false, problems: [{ field: 'route', code: 'NO_ROUTE' }] };
      next(origin, coordinator);
      if (ministry !== null && ministry !== coordinator) next(origin, ministry, { copy: true });
      return { ok: true, hops, relayOrgId: null, anonymized: false };
    }
    case 'anonymized': {
      if (input.tlp === 'red' || input.tlp === 'amber+strict') {
        return { ok: false, problems: [{ field: 'tlp', code: 'TLP_FORBIDS_RELAY' }] };
      }
      const relay = input.relayOrgId;
      if (relay === null || relay === origin)
        return { ok: false, problems: [{ field: 'relayOrgId', code: 'NO_RELAY' }] };
      if (coordinator === null) return { ok: false, problems: [{ field: 'route', code: 'NO_ROUTE' }] };
      next(origin, relay);
      next(relay, coordinator, { reviewed: true });
      return { ok: true, hops, relayOrgId: relay, anonymized: true };
    }
    case 'consent': {
      const office = input.consentOfficeOrgId;
      if (office === null || office === origin) {
        return { ok: false, problems: [{ field: 'consentOfficeOrgId', code: 'NO_CONSENT_OFFICE' }] };
      }
      next(origin, office);
      if (coordinator !== null) next(office, coordinator, { held: !input.consentToForward });
      return { ok: true, hops, relayOrgId: null, anonymized: false };
    }
  }
}

/** The organizations a hop has reached: the originator, and every forwarded hop's target. */
export function reachedOrganizations(originatorOrgId: string, hops: readonly Hop[]): Set<string> {
  const reached = new Set([originatorOrgId]);
  for (const h of hops) if (h.status === 'forwarded') reached.add(h.toOrgId);
  return reached;
}

/**
 * Moves hops on as far as they go by themselves: a pending hop whose sender has the report
 * is forwarded at once when automatic, or gets its review deadline when reviewed. Returns
 * the new hop list and the hops forwarded in this step (each an arrival to announce).
 */
export function advanceHops(
  originatorOrgId: string,
  hops: readonly Hop[],
  now: Date,
  actorUserId: string | null,
): { hops: Hop[]; forwarded: Hop[] } {
  const result = hops.map((h) => ({ ...h }));
  const forwarded: Hop[] = [];
  let moved = true;
  while (moved) {
    moved = false;
    const reached = reachedOrganizations(originatorOrgId, result);
    for (const h of result) {
      if (h.status !== 'pending' || !reached.has(h.fromOrgId)) continue;
      if (h.mode === 'automatic') {
        h.status = 'forwarded';
        h.forwardedAt = now;
        h.forwardedBy = actorUserId;
        h.dueAt = h.dueAt ?? now;
        forwarded.push(h);
        moved = true;
      } else if (h.dueAt === null) {
        h.dueAt = new Date(
          now.getTime() + (h.reviewMinutes ?? DEFAULT_ROUTING.forwardWithinMinutes) * 60_000,
        );
      }
    }
  }
  return { hops: result, forwarded };
}

/**
 * The reviewing organization's decision on the hops it holds: forwarded (and what that
 * sets moving) or declined. Hops it does not hold are untouched.
 */
export function decideHops(
  originatorOrgId: string,
  hops: readonly Hop[],
  organizationId: string,
  decision: 'forward' | 'decline',
  now: Date,
  actorUserId: string,
): { hops: Hop[]; decided: Hop[]; forwarded: Hop[] } {
  const reached = reachedOrganizations(originatorOrgId, hops);
  const decided: Hop[] = [];
  const next = hops.map((h) => {
    if (h.status !== 'pending' || h.fromOrgId !== organizationId || !reached.has(h.fromOrgId))
      return { ...h };
    const changed: Hop =
      decision === 'forward'
        ? { ...h, status: 'forwarded', forwardedAt: now, forwardedBy: actorUserId }
        : { ...h, status: 'declined' };
    decided.push(changed);
    return changed;
  });
  const advanced = advanceHops(originatorOrgId, next, now, actorUserId);
  return {
    hops: advanced.hops,
    decided,
    forwarded: [...decided.filter((h) => h.status === 'forwarded'), ...advanced.forwarded],
  };
}

/** Whether the organization holds a hop it must review now. */
export function holdsPendingHop(
  originatorOrgId: string,
  hops: readonly Hop[],
  organizationId: string,
): boolean {
  const reached = reachedOrganizations(originatorOrgId, hops);
  return hops.some(
    (h) => h.status === 'pending' && h.fromOrgId === organizationId && reached.has(organizationId),
  );
}

/** Organizations the report has reached, other than the originator: its recipients. */
export function recipientOrganizations(originatorOrgId: string, hops: readonly Hop[]): string[] {
  return [...reachedOrganizations(originatorOrgId, hops)].filter((id) => id !== originatorOrgId);
}

/**
 * The reporter's consent releases the hops held for it (consent route): each becomes pending
 * and then moves like any other hop — at once when the office forwards automatically, else
 * with its review deadline. Returns the released hops and those forwarded by the release.
 */
export function releaseHeldHops(
  originatorOrgId: string,
  hops: readonly Hop[],
  now: Date,
  actorUserId: string,
): { hops: Hop[]; released: Hop[]; forwarded: Hop[] } {
  const released: Hop[] = [];
  const next = hops.map((h) => {
    if (h.status !== 'held_for_consent') return { ...h };
    const pending: Hop = { ...h, status: 'pending', dueAt: null };
    released.push(pending);
    return pending;
  });
  const advanced = advanceHops(originatorOrgId, next, now, actorUserId);
  return { hops: advanced.hops, released, forwarded: advanced.forwarded };
}

// --- relays --------------------------------------------------------------------------------

export interface RelayCandidate {
  id: string;
  kind: OrganizationKind;
  sectorCode: string | null;
}

/** The relay submit picks when a draft names none: the operator's CEPTOAR for the report's sector, or its only one. */
export function defaultRelay(
  candidates: readonly RelayCandidate[],
  sectorCode: string | null,
): string | null {
  const ceptoars = candidates.filter((c) => c.kind === 'ceptoar');
  return (ceptoars.find((c) => c.sectorCode === sectorCode) ?? ceptoars[0])?.id ?? null;
}

/** A community this small may give the reporter away (DESIGN.md §4.1). */
export function isSmallCommunity(members: number): boolean {
  return members < RELAY_COMMUNITY_MINIMUM;
}

/** Advice for the originator of an anonymized draft whose relay has a small community. */
export function relayWarnings(relayOrgId: string, members: number): ReportWarning[] {
  if (!isSmallCommunity(members)) return [];
  return [
    {
      code: 'RELAY_COMMUNITY_SMALL',
      relayOrgId,
      members,
      message: {
        ja:
          `中継組織のコミュニティは ${members} 組織と少数のため、受信者が報告者を推測できるおそれがあります。` +
          '本文に組織を特定できる情報を書かないか、別の中継組織（重要インフラ支援機関など）を検討してください。',
        en:
          `The relay's community has only ${members} member organization${members === 1 ? '' : 's'}, ` +
          'so recipients might guess who reported. Leave out details that identify your organization, ' +
          'or choose another relay (such as a CIP supporting agency).',
      },
    },
  ];
}

// --- anonymity ------------------------------------------------------------------------

/** The label shown instead of the reporter of an anonymized report. */
export function reporterPseudonym(reportNumber: string): string {
  return `匿名の報告者 / Anonymous reporter (${reportNumber})`;
}

/**
 * Replaces every mention of the hidden originator (organization and author ids) inside a
 * timeline detail: the originator becomes the relay, the author disappears.
 */
export function scrubOriginator(
  value: unknown,
  hidden: { originatorOrgId: string; authorUserId: string | null; relayOrgId: string | null },
): unknown {
  if (typeof value === 'string') {
    if (value === hidden.originatorOrgId) return hidden.relayOrgId;
    if (hidden.authorUserId !== null && value === hidden.authorUserId) return null;
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => scrubOriginator(v, hidden));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, scrubOriginator(v, hidden)]),
    );
  }
  return value;
}

// --- numbers -----------------------------------------------------------------------------

/** R-<year in Japan>-<sequence, six digits or more>: what people say on the phone. */
export function formatReportNumber(at: Date, sequence: number): string {
  const japanYear = new Date(at.getTime() + 9 * 3600_000).getUTCFullYear();
  return `R-${japanYear}-${String(sequence).padStart(6, '0')}`;
}
