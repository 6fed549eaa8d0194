import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { CreateReportBody, Problem, ReportDetail, ReportSeverity, Timeline } from '@cipx/contracts';
import { sql } from 'kysely';
import { buildTestApp, type TestApp } from '../../../test/app.js';
import { createTestOrganization, tokenFor, type WithToken } from '../../../test/auth.js';
import { seedReference } from '../reference/index.js';

// Filing in one call (`submit: true`): create, provisional rating and submit in one
// transaction, with the same effects as the three calls and nothing written on failure.

const FACTS = {
  kind: 'outage',
  title: '勘定系システムの停止',
  description: '09:00 から勘定系システムが停止し、ATM と窓口が利用できない。',
  cause: 'system_failure',
  systems: ['it'],
  occurredAt: '2026-03-31T23:30:00Z',
  detectedAt: '2026-03-31T23:40:00Z',
  serviceImpact: 'full_outage',
  affectedPrefectures: ['13', '14'],
  affectedUsersEstimate: 120000,
} satisfies CreateReportBody;

const RATING = { continuity: 3, safety: 0, trust: 2, rationale: '利用者への影響範囲から暫定評価した。' };

describe('filing a report in one call (http)', () => {
  let t: TestApp;
  let machine: WithToken;
  let otherBank: WithToken;

  const inject = (
    who: { headers: Record<string, string> },
    method: 'GET' | 'POST',
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) =>
    t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { ...who.headers, ...headers },
      ...(body !== undefined ? { payload: body as Record<string, unknown> } : {}),
    });

  /** What a filing did: its hops, audience, timeline kinds, outbox jobs and audited writes. */
  async function effects(report: ReportDetail) {
    const db = t.database.db;
    const timeline = (await inject(machine, 'GET', `/reports/${report.id}/timeline`)).json<Timeline>();
    const jobs = await db
      .selectFrom('outbox')
      .select(['kind', 'payload'])
      .where(sql<boolean>`payload->>'reportId' = ${report.id}`)
      .execute();
    const audited = [
      ...(await db
        .selectFrom('audit_pending')
        .select('action')
        .where(sql<boolean>`${report.id} = any(target_ids)`)
        .execute()),
      ...(await db
        .selectFrom('audit_log')
        .select('action')
        .where(sql<boolean>`${report.id} = any(target_ids)`)
        .execute()),
    ]
      .map((r) => r.action)
      .filter((a) => !a.endsWith('.read'));
    return {
      status: report.status,
      hops: report.hops.map((h) => [h.seq, h.fromOrgId, h.toOrgId, h.mode, h.copy, h.status]),
      audience: report.audience,
      timeline: timeline.items.map((e) => e.kind),
      jobs: jobs.map((j) => `${j.kind}:${String(j.payload['organizationId'])}`).sort(),
      audited: audited.sort(),
    };
  }

  async function reportRows(title: string): Promise<number> {
    const row = await t.database.db
      .selectFrom('reports')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('title', '=', title)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async function ratingRows(): Promise<number> {
    const row = await t.database.db
      .selectFrom('severity_ratings')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  before(async () => {
    t = await buildTestApp();
    const db = t.database.db;
    await seedReference(db);
    await createTestOrganization(db, { slug: 'fl-bank', kind: 'operator', sectorCode: 'finance' });
    await createTestOrganization(db, { slug: 'fl-bank-2', kind: 'operator', sectorCode: 'finance' });
    machine = await tokenFor(t, {
      organizationSlug: 'fl-bank',
      role: 'reporter',
      scopes: ['reports:read', 'reports:write'],
    });
    otherBank = await tokenFor(t, {
      organizationSlug: 'fl-bank-2',
      role: 'reporter',
      scopes: ['reports:read', 'reports:write'],
    });
  });
  after(async () => {
    await t.close();
  });

  it('has the same hops, audience, timeline, outbox jobs and audited writes as the three calls', async () => {
    const draft = await inject(machine, 'POST', '/reports', FACTS);
    assert.equal(draft.statusCode, 201, draft.body);
    const id = draft.json<ReportDetail>().id;
    const rated = await inject(machine, 'POST', `/reports/${id}/severity`, {
      basis: 'provisional',
      ...RATING,
    });
    assert.equal(rated.statusCode, 201, rated.body);
    const submitted = await inject(machine, 'POST', `/reports/${id}/submit`);
    assert.equal(submitted.statusCode, 200, submitted.body);
    const threeCalls = submitted.json<ReportDetail>();

    const filed = await inject(machine, 'POST', '/reports', {
      ...FACTS,
      submit: true,
      provisionalSeverity: RATING,
    });
    assert.equal(filed.statusCode, 201, filed.body);
    const oneCall = filed.json<ReportDetail>();
    assert.equal(oneCall.status, 'submitted');
    assert.equal(filed.headers['etag'], `"${oneCall.version}"`);
    assert.notEqual(oneCall.id, threeCalls.id);

    const expected = await effects(threeCalls);
    assert.ok(expected.hops.length > 0, 'the three-call report was routed');
    assert.ok(expected.jobs.length > 0, 'the three-call report announced its arrival');
    assert.deepEqual(await effects(oneCall), expected);
    assert.deepEqual(
      expected.timeline.slice(0, 3),
      ['created', 'severity_rated', 'submitted'],
      'the rating precedes the submit in both',
    );
  });

  it('answers 422 REPORT_INCOMPLETE with the fields and writes nothing, not even the draft', async () => {
    const title = `未完成 ${randomUUID()}`;
    const key = randomUUID();
    const ratingsBefore = await ratingRows();
    const res = await inject(
      machine,
      'POST',
      '/reports',
      { kind: 'outage', title, sectorCode: 'finance', submit: true, provisionalSeverity: RATING },
      { 'idempotency-key': key },
    );
    assert.equal(res.statusCode, 422, res.body);
    const problem = res.json<Problem>();
    assert.equal(problem.code, 'REPORT_INCOMPLETE');
    assert.deepEqual(
      problem.errors?.map((e) => e.field),
      ['/description', '/cause', '/detectedAt', '/systems', '/serviceImpact'],
    );
    assert.equal(await reportRows(title), 0, 'no report row');
    assert.equal(await ratingRows(), ratingsBefore, 'no rating row');
    const remembered = await t.database.db
      .selectFrom('idempotency_keys')
      .select('key')
      .where('key', '=', key)
      .execute();
    assert.equal(remembered.length, 0, 'a failure is not remembered, so a corrected retry can use the key');

    const retried = await inject(
      machine,
      'POST',
      '/reports',
      { ...FACTS, title, submit: true },
      { 'idempotency-key': randomUUID() },
    );
    assert.equal(retried.statusCode, 201, retried.body);
    assert.equal(await reportRows(title), 1, 'the corrected filing is one report');
  });

  it('replays the first answer for the same Idempotency-Key and files once', async () => {
    const title = `再送 ${randomUUID()}`;
    const key = randomUUID();
    const body = { ...FACTS, title, submit: true };
    const first = await inject(machine, 'POST', '/reports', body, { 'idempotency-key': key });
    assert.equal(first.statusCode, 201, first.body);
    t.clock.advance(60_000);
    const replay = await inject(machine, 'POST', '/reports', body, { 'idempotency-key': key });
    assert.equal(replay.statusCode, 201, replay.body);
    assert.equal(replay.headers['idempotent-replayed'], 'true');
    assert.deepEqual(replay.json<ReportDetail>(), first.json<ReportDetail>());
    assert.equal(replay.json<ReportDetail>().status, 'submitted');
    assert.equal(await reportRows(title), 1, 'one report');
    const changed = await inject(
      machine,
      'POST',
      '/reports',
      { ...body, submit: false },
      {
        'idempotency-key': key,
      },
    );
    assert.equal(changed.statusCode, 422, changed.body);
    assert.equal(changed.json<Problem>().code, 'IDEMPOTENCY_KEY_REUSED');
  });

  it('shows the provisional rating sent in the call in GET /reports/{id}/severity, to its holders only', async () => {
    const filed = await inject(machine, 'POST', '/reports', {
      ...FACTS,
      submit: true,
      provisionalSeverity: RATING,
    });
    assert.equal(filed.statusCode, 201, filed.body);
    const report = filed.json<ReportDetail>();
    const res = await inject(machine, 'GET', `/reports/${report.id}/severity`);
    assert.equal(res.statusCode, 200, res.body);
    const severity = res.json<ReportSeverity>();
    assert.equal(severity.current?.basis, 'provisional');
    assert.equal(severity.current?.overall, 3);
    assert.deepEqual(
      severity.ratings.map((r) => [r.basis, r.continuity, r.safety, r.trust, r.rationale, r.rater.role]),
      [['provisional', 3, 0, 2, RATING.rationale, 'reporter']],
    );
    assert.equal(report.severityOverall, 3, 'the filed report carries its current level');
    const denied = await inject(otherBank, 'GET', `/reports/${report.id}/severity`);
    assert.equal(denied.statusCode, 404, 'another operator cannot see the rating');
  });
});
