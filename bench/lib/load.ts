import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import type { CreateReportBody, ProvisionalSeverity, RateSeverityInput } from '@cipx/contracts';
import type { Reporter } from './setup.js';

// The machine client: files reports over HTTP with API tokens at a fixed concurrency,
// through one keep-alive agent, and measures each whole filing.

export interface HttpAnswer {
  status: number;
  body: string;
}

const REQUEST_TIMEOUT_MS = 60_000;

export function createClient(baseUrl: string, concurrency: number) {
  const { hostname, port } = new URL(baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency, maxFreeSockets: concurrency });
  function send(
    method: 'GET' | 'POST',
    path: string,
    headers: Record<string, string>,
    body?: unknown,
  ): Promise<HttpAnswer> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(
        {
          agent,
          hostname,
          port,
          method,
          path: `/api/v1${path}`,
          headers: {
            ...headers,
            ...(payload !== undefined
              ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
              : {}),
          },
          timeout: REQUEST_TIMEOUT_MS,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
          );
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer within 60 s`)));
      req.on('error', reject);
      req.end(payload);
    });
  }
  return { send, close: () => agent.destroy() };
}

export type Client = ReturnType<typeof createClient>;

const PREFECTURES = ['01', '04', '13', '14', '23', '27', '40', '47'];

/** Full, valid facts of report `i`: outages, signs and cyberattacks with a DDoS section, in Japanese. */
export function reportBody(i: number, now: Date): CreateReportBody {
  const detected = new Date(now.getTime() - (30 + (i % 90)) * 60_000);
  const occurred = new Date(detected.getTime() - 10 * 60_000);
  const restoration = new Date(now.getTime() + 4 * 3_600_000);
  const prefecture = PREFECTURES[i % PREFECTURES.length] as string;
  const common = {
    language: 'ja' as const,
    service: '基幹サービス',
    systems: ['it' as const, ...(i % 3 === 0 ? (['ot'] as const) : [])],
    occurredAt: occurred.toISOString(),
    detectedAt: detected.toISOString(),
    affectedPrefectures: [prefecture, '13'].filter((p, k, all) => all.indexOf(p) === k).sort(),
    affectedUsersEstimate: 1000 + (i % 50) * 2500,
    expectedRestorationAt: restoration.toISOString(),
    safetyImpact: '人命・安全への影響は確認されていない。',
    ncissLocation: 'L2' as const,
    ncissRecoverability: 'supplemented' as const,
    euOutlook: 'stable' as const,
    tlp: 'amber' as const,
    // One filing in four takes the hotline (straight to the coordinator, copy to the ministry).
    route: i % 4 === 3 ? ('hotline' as const) : ('normal' as const),
  };
  switch (i % 3) {
    case 0:
      return {
        ...common,
        kind: 'outage',
        title: `基幹システムの停止 (${i})`,
        description:
          '09:00 頃から基幹システムが停止し、利用者向けサービスの提供ができない状態。原因を調査中。' +
          '復旧見込みは未定だが、予備系への切替えを進めている。影響範囲は首都圏を中心に拡大している。',
        cause: 'system_failure',
        serviceImpact: 'full_outage',
        rsitClass: 'availability',
        ncissFunctionalImpact: 'denial_of_critical_services',
      };
    case 1:
      return {
        ...common,
        kind: 'sign',
        title: `不審な通信の検知 (${i})`,
        description:
          '監視システムが外部への不審な通信を検知した。サービスへの影響は限定的で、該当端末をネットワークから切り離した。',
        cause: 'unknown',
        serviceImpact: 'degraded',
        rsitClass: 'intrusion_attempts',
        ncissFunctionalImpact: 'minimal_impact_to_non_critical_services',
      };
    default:
      return {
        ...common,
        kind: 'outage',
        title: `DDoS 攻撃によるサービス低下 (${i})`,
        description:
          'ウェブサービスに対する大規模な DDoS 攻撃により、応答遅延と一部サービスの停止が発生した。上流事業者と連携して対処中。',
        cause: 'cyberattack',
        serviceImpact: 'partial_outage',
        rsitClass: 'availability',
        ncissFunctionalImpact: 'significant_impact_to_critical_services',
        forms: {
          ddos: { trafficGbps: 120, pps: 30_000_000, durationMinutes: 45, vector: 'UDP reflection (DNS)' },
        },
      };
  }
}

export function ratingBody(i: number): RateSeverityInput {
  return {
    basis: 'provisional',
    continuity: (i % 4) + 1,
    safety: 0,
    trust: i % 3,
    rationale: '利用者への影響範囲と復旧見込みから暫定評価した。',
  };
}

/** The rating as sent with a report filed in one call (always provisional there). */
function provisionalOf(rating: RateSeverityInput): ProvisionalSeverity {
  return {
    continuity: rating.continuity,
    safety: rating.safety,
    trust: rating.trust,
    rationale: rating.rationale,
  };
}

export interface FilingOptions {
  /** Also send the reporter's provisional severity rating before submitting. */
  severity: boolean;
  /** The old path: create the draft, rate it, submit it, three requests (default: one call). */
  threeStep: boolean;
}

export interface FilingError {
  step: string;
  status: number;
  body: string;
}

/** A finished task: the report id and the milliseconds of each step. */
export interface Done {
  id: string;
  steps: Record<string, number>;
}

/**
 * One filing as a machine client does it: one `POST /reports` with `submit: true` and the
 * provisional rating (optional), or with `threeStep` create the draft (Idempotency-Key),
 * rate it (optional), submit it. Returns the report id, or the first failing step.
 */
export async function fileReport(
  client: Client,
  reporter: Reporter,
  i: number,
  options: FilingOptions,
): Promise<Done | FilingError> {
  const auth = { authorization: reporter.authorization };
  const steps: Record<string, number> = {};
  let t = performance.now();
  const lap = (step: string) => {
    const now = performance.now();
    steps[step] = now - t;
    t = now;
  };
  if (!options.threeStep) {
    const filed = await client.send(
      'POST',
      '/reports',
      { ...auth, 'idempotency-key': randomUUID() },
      {
        ...reportBody(i, new Date()),
        submit: true,
        ...(options.severity ? { provisionalSeverity: provisionalOf(ratingBody(i)) } : {}),
      },
    );
    lap('file');
    if (filed.status !== 201) return { step: 'file', ...filed };
    const { id } = JSON.parse(filed.body) as { id: string };
    return { id, steps };
  }
  const created = await client.send(
    'POST',
    '/reports',
    { ...auth, 'idempotency-key': randomUUID() },
    reportBody(i, new Date()),
  );
  lap('create');
  if (created.status !== 201) return { step: 'create', ...created };
  const { id } = JSON.parse(created.body) as { id: string };
  if (options.severity) {
    const rated = await client.send('POST', `/reports/${id}/severity`, auth, ratingBody(i));
    lap('severity');
    if (rated.status !== 201) return { step: 'severity', ...rated };
  }
  const submitted = await client.send('POST', `/reports/${id}/submit`, auth);
  lap('submit');
  if (submitted.status !== 200) return { step: 'submit', ...submitted };
  return { id, steps };
}

export interface RunResult {
  count: number;
  seconds: number;
  rate: number;
  latenciesMs: number[];
  /** Latencies of each named step of the tasks that finished. */
  stepsMs: Record<string, number[]>;
  errors: number;
  firstErrors: FilingError[];
  ids: string[];
}

/**
 * Runs `count` tasks on `concurrency` lanes; each task's duration is one latency sample.
 * Stops early (the rest count as errors) when `deadlineMs` passes.
 */
export async function runLanes(
  count: number,
  concurrency: number,
  deadlineMs: number,
  task: (i: number) => Promise<Done | FilingError>,
): Promise<RunResult> {
  let next = 0;
  let errors = 0;
  const latenciesMs: number[] = [];
  const firstErrors: FilingError[] = [];
  const ids: string[] = [];
  const stepsMs: Record<string, number[]> = {};
  const started = performance.now();
  const stopAt = started + deadlineMs;
  async function lane(): Promise<void> {
    while (next < count) {
      if (performance.now() > stopAt) {
        errors += count - next;
        firstErrors.push({ step: 'deadline', status: 0, body: `run stopped after ${deadlineMs} ms` });
        next = count;
        return;
      }
      const i = next++;
      const t = performance.now();
      try {
        const result = await task(i);
        latenciesMs.push(performance.now() - t);
        if ('id' in result) {
          ids.push(result.id);
          for (const [step, ms] of Object.entries(result.steps)) (stepsMs[step] ??= []).push(ms);
        } else {
          errors += 1;
          if (firstErrors.length < 5) firstErrors.push(result);
        }
      } catch (error) {
        errors += 1;
        if (firstErrors.length < 5) firstErrors.push({ step: 'network', status: 0, body: String(error) });
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, () => lane()));
  const seconds = (performance.now() - started) / 1000;
  return { count, seconds, rate: (count - errors) / seconds, latenciesMs, stepsMs, errors, firstErrors, ids };
}

export function percentile(sortedMs: readonly number[], p: number): number {
  if (sortedMs.length === 0) return Number.NaN;
  const index = Math.min(sortedMs.length - 1, Math.max(0, Math.ceil((p / 100) * sortedMs.length) - 1));
  return sortedMs[index] as number;
}
