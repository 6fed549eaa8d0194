import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type {
  Problem,
  ReportSeverity,
  RubricThresholds,
  SeverityMapping,
  SeverityRating,
  SeverityRubric,
  SeveritySuggestion,
  Tlp,
} from '@cipx/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/tables.js';
import { buildTestApp, type TestApp } from '../../../test/app.js';
import { signInAs, tokenFor, type SignedIn } from '../../../test/auth.js';
import { createDirectoryFixture, type Fixture } from '../../../test/directory-fixtures.js';
import { DEFAULT_RUBRIC_THRESHOLDS } from './rubric.js';

interface TestReport {
  originator: string;
  tlp: Tlp;
  audience: unknown[];
  relay?: string;
  anonymized?: boolean;
  serviceImpact?: 'none' | 'degraded' | 'partial_outage' | 'full_outage';
  users?: number;
  prefectures?: string[];
}

let counter = 0;
/** A submitted report written straight into the table: these tests exercise severity, not filing. */
async function insertReport(db: Kysely<Database>, r: TestReport): Promise<string> {
  const id = randomUUID();
  const at = new Date('2026-04-01T00:00:00Z');
  await db
    .insertInto('reports')
    .values({
      id,
      number: `R-2026-9${String(++counter).padStart(5, '0')}`,
      kind: 'outage',
      edition_id: 'fx-current',
      title: '勘定系システムの停止',
      language: 'ja',
      service_impact: r.serviceImpact ?? null,
      affected_users_estimate: r.users ?? null,
      affected_prefectures: r.prefectures ?? [],
      status: 'submitted',
      tlp: r.tlp,
      originator_org_id: r.originator,
      relay_org_id: r.relay ?? null,
      anonymized: r.anonymized ?? false,
      audience: JSON.stringify(r.audience),
      created_at: at,
      updated_at: at,
      submitted_at: at,
    })
    .execute();
  return id;
}

describe('severity routes (http)', () => {
  let t: TestApp;
  let fx: Fixture;
  let bankReporter: SignedIn;
  let bankViewer: SignedIn;
  let bank2: SignedIn;
  let ministry: SignedIn;
  let ministryAdmin: SignedIn;
  let ceptoar: SignedIn;
  let coordinator: SignedIn;
  let coordinatorAdmin: SignedIn;
  let reportId: string;
  let anonymizedId: string;

  const id = (slug: string) => fx.ids[slug] as string;

  before(async () => {
    t = await buildTestApp();
    fx = await createDirectoryFixture(t.database.db);
    bankReporter = await signInAs(t, { organizationSlug: 'fx-bank-1', role: 'reporter', locale: 'en' });
    bankViewer = await signInAs(t, { organizationSlug: 'fx-bank-1', role: 'viewer', locale: 'en' });
    bank2 = await signInAs(t, { organizationSlug: 'fx-bank-2', role: 'admin', locale: 'en' });
    ministry = await signInAs(t, { organizationSlug: 'fx-fsa', role: 'analyst', locale: 'en' });
    ministryAdmin = await signInAs(t, { organizationSlug: 'fx-fsa', role: 'admin', locale: 'en' });
    ceptoar = await signInAs(t, { organizationSlug: 'fx-ceptoar-bank', role: 'analyst', locale: 'en' });
    coordinator = await signInAs(t, { organizationSlug: 'fx-nco', role: 'analyst', locale: 'en' });
    coordinatorAdmin = await signInAs(t, { organizationSlug: 'fx-nco', role: 'admin', locale: 'en' });
    reportId = await insertReport(t.database.db, {
      originator: id('fx-bank-1'),
      tlp: 'amber',
      audience: [
        { kind: 'organization', organizationId: id('fx-fsa') },
        { kind: 'organization', organizationId: id('fx-nco') },
        { kind: 'organization', organizationId: id('fx-ceptoar-bank') },
      ],
      serviceImpact: 'full_outage',
      users: 150_000,
      prefectures: ['13', '14'],
    });
    anonymizedId = await insertReport(t.database.db, {
      originator: id('fx-bank-1'),
      tlp: 'amber',
      relay: id('fx-ceptoar-bank'),
      anonymized: true,
      audience: [{ kind: 'organization', organizationId: id('fx-nco') }],
    });
  });
  after(async () => {
    await t.close();
  });

  const rate = (who: { headers: Record<string, string> }, report: string, body: Record<string, unknown>) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/reports/${report}/severity`,
      headers: who.headers,
      payload: body,
    });
  const read = (who: { headers: Record<string, string> }, report: string) =>
    t.app.inject({ method: 'GET', url: `/api/v1/reports/${report}/severity`, headers: who.headers });
  const severityColumns = (report: string) =>
    t.database.db
      .selectFrom('reports')
      .select(['severity_overall', 'severity_basis'])
      .where('id', '=', report)
      .executeTakeFirstOrThrow();

  it('records the reporter’s provisional rating with overall = max, the CISS level, the report column and a timeline entry', async () => {
    const res = await rate(bankReporter, reportId, {
      basis: 'provisional',
      continuity: 3,
      safety: 0,
      trust: 2,
      rationale: '全店舗で勘定系が停止 / core banking down in every branch',
      rubricVersion: 1,
    });
    assert.equal(res.statusCode, 201, res.body);
    const rating = res.json<SeverityRating>();
    assert.equal(rating.overall, 3);
    assert.equal(rating.cissLevel, 3);
    assert.equal(rating.cissSignificant, true);
    assert.equal(rating.rater.role, 'reporter');
    assert.equal(rating.rater.organizationId, id('fx-bank-1'));
    assert.equal(rating.rubricVersion, 1);
    assert.deepEqual(await severityColumns(reportId), { severity_overall: 3, severity_basis: 'provisional' });
    const entries = await t.database.db
      .selectFrom('report_timeline')
      .select(['kind', 'detail', 'by_originator', 'seq'])
      .where('report_id', '=', reportId)
      .execute();
    assert.equal(entries.length, 1);
    assert.equal(entries[0]?.kind, 'severity_rated');
    assert.equal(entries[0]?.by_originator, true);
    assert.equal((entries[0]?.detail as { ratingId?: string }).ratingId, rating.id);
  });

  it('lets the ministry and the CEPTOAR rate provisionally, and the latest provisional rating counts', async () => {
    t.clock.advance(60_000);
    const byMinistry = await rate(ministry, reportId, {
      basis: 'provisional',
      continuity: 2,
      safety: 0,
      trust: 1,
      rationale: 'Restored within the hour',
    });
    assert.equal(byMinistry.statusCode, 201, byMinistry.body);
    assert.equal(byMinistry.json<SeverityRating>().rater.role, 'ministry');
    t.clock.advance(60_000);
    const byCeptoar = await rate(ceptoar, reportId, {
      basis: 'provisional',
      continuity: 2,
      safety: 0,
      trust: 2,
      rationale: 'Members report the same',
    });
    assert.equal(byCeptoar.statusCode, 201, byCeptoar.body);
    assert.equal(byCeptoar.json<SeverityRating>().rater.role, 'ceptoar');
    assert.deepEqual(await severityColumns(reportId), { severity_overall: 2, severity_basis: 'provisional' });
  });

  it('refuses a final rating from anyone but the coordinator’s analysts', async () => {
    for (const who of [bankReporter, ministryAdmin, ceptoar]) {
      const res = await rate(who, reportId, {
        basis: 'final',
        continuity: 1,
        safety: 0,
        trust: 0,
        rationale: 'x',
      });
      assert.equal(res.statusCode, 403, res.body);
    }
  });

  it('makes the coordinator’s final rating the current one even after later provisional ratings', async () => {
    t.clock.advance(60_000);
    const final = await rate(coordinator, reportId, {
      basis: 'final',
      continuity: 3,
      safety: 1,
      trust: 3,
      rationale: '専門調査会の審議を経て確定 / decided after the expert committee',
    });
    assert.equal(final.statusCode, 201, final.body);
    t.clock.advance(60_000);
    const later = await rate(bankReporter, reportId, {
      basis: 'provisional',
      continuity: 1,
      safety: 0,
      trust: 0,
      rationale: 'fully restored',
    });
    assert.equal(later.statusCode, 201, later.body);
    assert.deepEqual(await severityColumns(reportId), { severity_overall: 3, severity_basis: 'final' });

    const res = await read(bankReporter, reportId);
    assert.equal(res.statusCode, 200, res.body);
    const severity = res.json<ReportSeverity>();
    assert.equal(severity.current?.ratingId, final.json<SeverityRating>().id);
    assert.equal(severity.current?.basis, 'final');
    assert.deepEqual(
      severity.ratings.map((r) => [r.basis, r.rater.role]),
      [
        ['provisional', 'reporter'],
        ['final', 'coordinator'],
        ['provisional', 'ceptoar'],
        ['provisional', 'ministry'],
        ['provisional', 'reporter'],
      ],
    );
    // The report's facts: full outage (3), 150,000 users (3), two prefectures (2); trust from the outage (2).
    assert.equal(severity.suggestion.continuity.level, 3);
    assert.equal(severity.suggestion.trust.level, 2);
    assert.equal(severity.suggestion.overall, 3);
    assert.equal(severity.suggestion.label.en, 'CIPX’s suggestion, not NISC’s criteria');
  });

  it('answers 404 alike for a report the caller may not see and one that does not exist', async () => {
    const hidden = await read(bank2, reportId);
    const missing = await read(bank2, randomUUID());
    for (const res of [hidden, missing]) {
      assert.equal(res.statusCode, 404);
      assert.equal(res.json<Problem>().code, 'REPORT_NOT_FOUND');
    }
    const rateHidden = await rate(bank2, reportId, {
      basis: 'provisional',
      continuity: 4,
      safety: 4,
      trust: 4,
      rationale: 'x',
    });
    assert.equal(rateHidden.statusCode, 404);
  });

  it('refuses the reporter organization’s viewers and blank rationales', async () => {
    const viewer = await rate(bankViewer, reportId, {
      basis: 'provisional',
      continuity: 1,
      safety: 0,
      trust: 0,
      rationale: 'x',
    });
    assert.equal(viewer.statusCode, 403);
    const blank = await rate(bankReporter, reportId, {
      basis: 'provisional',
      continuity: 1,
      safety: 0,
      trust: 0,
      rationale: '   ',
    });
    assert.equal(blank.statusCode, 400);
    assert.deepEqual(
      blank.json<Problem>().errors?.map((e) => e.field),
      ['/body/rationale'],
    );
    const level = await rate(bankReporter, reportId, {
      basis: 'provisional',
      continuity: 5,
      safety: 0,
      trust: 0,
      rationale: 'x',
    });
    assert.equal(level.statusCode, 400);
    const unknownRubric = await rate(bankReporter, reportId, {
      basis: 'provisional',
      continuity: 1,
      safety: 0,
      trust: 0,
      rationale: 'x',
      rubricVersion: 99,
    });
    assert.equal(unknownRubric.statusCode, 400);
  });

  it('needs reports:write on an API token to rate', async () => {
    const readOnly = await tokenFor(t, {
      organizationSlug: 'fx-bank-1',
      role: 'reporter',
      scopes: ['reports:read'],
    });
    const res = await rate(readOnly, reportId, {
      basis: 'provisional',
      continuity: 1,
      safety: 0,
      trust: 0,
      rationale: 'x',
    });
    assert.equal(res.statusCode, 403);
    const allowed = await read(readOnly, reportId);
    assert.equal(allowed.statusCode, 200, allowed.body);
  });

  it('never names the reporter of an anonymized report to the coordinator, in the history or the audit log', async () => {
    const res = await rate(bankReporter, anonymizedId, {
      basis: 'provisional',
      continuity: 2,
      safety: 0,
      trust: 1,
      rationale: 'partial outage',
    });
    assert.equal(res.statusCode, 201, res.body);
    const ownView = (await read(bankReporter, anonymizedId)).json<ReportSeverity>();
    assert.equal(ownView.ratings[0]?.rater.organizationId, id('fx-bank-1'), 'the reporter sees itself');

    const coordinatorView = await read(coordinator, anonymizedId);
    assert.equal(coordinatorView.statusCode, 200, coordinatorView.body);
    const seen = coordinatorView.json<ReportSeverity>().ratings[0];
    assert.equal(seen?.rater.organizationId, id('fx-ceptoar-bank'));
    assert.equal(seen?.rater.userId, null);
    assert.ok(
      !coordinatorView.body.includes(id('fx-bank-1')),
      'the body never holds the reporter organization',
    );
    assert.ok(!coordinatorView.body.includes(bankReporter.userId), 'the body never holds the reporter');

    await t.modules.audit.service.flush();
    const events = await t.database.db
      .selectFrom('audit_log')
      .select(['actor_user_id', 'actor_org_id', 'actor_label', 'target_ids'])
      .where('action', '=', 'severity.rate')
      .execute();
    const event = events.find((e) => e.target_ids.includes(anonymizedId));
    assert.ok(event, 'the rating is audited');
    assert.equal(event.actor_user_id, null);
    assert.equal(event.actor_org_id, id('fx-ceptoar-bank'));
    assert.match(event.actor_label ?? '', /Anonymous reporter/);
  });

  it('suggests levels for the wizard with the reasons that fired', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/severity/suggest',
      headers: bankReporter.headers,
      payload: { facts: { serviceImpact: 'partial_outage', evacuation: true, mediaAttention: 'national' } },
    });
    assert.equal(res.statusCode, 200, res.body);
    const s = res.json<SeveritySuggestion>();
    assert.deepEqual(
      [s.continuity.level, s.safety.level, s.trust.level, s.overall, s.cissLevel],
      [2, 3, 3, 3, 3],
    );
    assert.equal(s.safety.reasons[0]?.rule, 'safety.evacuation');
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/severity/suggest',
      headers: bankReporter.headers,
      payload: { facts: { affectedUsers: -1 } },
    });
    assert.equal(bad.statusCode, 400);
  });

  it('lets only the coordinator’s administrators replace the rubric, as a new version the suggestion then follows', async () => {
    const current = await t.app.inject({
      method: 'GET',
      url: '/api/v1/severity/rubric',
      headers: ministry.headers,
    });
    assert.equal(current.statusCode, 200, current.body);
    assert.equal(current.json<SeverityRubric>().version, 1);
    assert.match(current.json<SeverityRubric>().note.en, /not NISC’s criteria/);

    const thresholds: RubricThresholds = structuredClone(DEFAULT_RUBRIC_THRESHOLDS);
    thresholds.safety.evacuation = 4;
    for (const who of [ministryAdmin, coordinator]) {
      const denied = await t.app.inject({
        method: 'PUT',
        url: '/api/v1/severity/rubric',
        headers: who.headers,
        payload: { thresholds },
      });
      assert.equal(denied.statusCode, 403);
    }
    const decreasing: RubricThresholds = structuredClone(thresholds);
    decreasing.safety.injuries = [
      { atLeast: 1, level: 4 },
      { atLeast: 5, level: 3 },
    ];
    const invalid = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/severity/rubric',
      headers: coordinatorAdmin.headers,
      payload: { thresholds: decreasing },
    });
    assert.equal(invalid.statusCode, 400);
    assert.deepEqual(
      invalid.json<Problem>().errors?.map((e) => e.code),
      ['LEVEL_DECREASES'],
    );

    const saved = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/severity/rubric',
      headers: coordinatorAdmin.headers,
      payload: { thresholds, note: { ja: '避難を最重視する版', en: 'Evacuations weigh most' } },
    });
    assert.equal(saved.statusCode, 200, saved.body);
    assert.equal(saved.json<SeverityRubric>().version, 2);
    const suggestion = await t.app.inject({
      method: 'POST',
      url: '/api/v1/severity/suggest',
      headers: bankReporter.headers,
      payload: { facts: { evacuation: true } },
    });
    assert.equal(suggestion.json<SeveritySuggestion>().safety.level, 4);
    assert.equal(suggestion.json<SeveritySuggestion>().rubricVersion, 2);
    const versions = await t.database.db
      .selectFrom('severity_rubrics')
      .select(['version', 'active'])
      .orderBy('version')
      .execute();
    assert.deepEqual(versions, [
      { version: 1, active: false },
      { version: 2, active: true },
    ]);
  });

  it('stores the CISS level under the mapping in force, which the coordinator’s administrators may replace', async () => {
    const before = await t.app.inject({
      method: 'GET',
      url: '/api/v1/severity/mapping',
      headers: bankReporter.headers,
    });
    assert.equal(before.statusCode, 200, before.body);
    assert.match(before.json<SeverityMapping>().note.en, /not an official/);
    const entries = [0, 1, 2, 3, 4].map((nisc) => ({ nisc, ciss: nisc === 4 ? 5 : nisc }));
    const body = { edition: 'Test 2026', entries, source: 'test', note: { ja: '試験', en: 'test' } };
    const denied = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/severity/mapping',
      headers: ministryAdmin.headers,
      payload: body,
    });
    assert.equal(denied.statusCode, 403);
    const down = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/severity/mapping',
      headers: coordinatorAdmin.headers,
      payload: { ...body, entries: entries.map((e) => (e.nisc === 2 ? { nisc: 2, ciss: 0 } : e)) },
    });
    assert.equal(down.statusCode, 400);
    const saved = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/severity/mapping',
      headers: coordinatorAdmin.headers,
      payload: body,
    });
    assert.equal(saved.statusCode, 200, saved.body);
    assert.equal(saved.json<SeverityMapping>().version, 2);

    t.clock.advance(60_000);
    const rated = await rate(coordinator, reportId, {
      basis: 'final',
      continuity: 4,
      safety: 0,
      trust: 0,
      rationale: 'nationwide',
    });
    assert.equal(rated.statusCode, 201, rated.body);
    assert.equal(rated.json<SeverityRating>().cissLevel, 5);
    assert.equal(rated.json<SeverityRating>().mappingVersion, 2);
    assert.deepEqual(await severityColumns(reportId), { severity_overall: 4, severity_basis: 'final' });
    const old = (await read(coordinator, reportId))
      .json<ReportSeverity>()
      .ratings.find((r) => r.basis === 'final' && r.overall === 3);
    assert.equal(old?.mappingVersion, 1, 'earlier ratings keep the mapping they were made under');
  });
});
