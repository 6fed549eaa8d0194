import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type {
  CreateReportBody,
  Problem,
  RelayOptionList,
  ReportDetail,
  RoutingSetting,
  Timeline,
} from '@cipx/contracts';
import { sql, type SqlBool } from 'kysely';
import { buildTestApp, type TestApp } from '../../../test/app.js';
import { createTestOrganization, signInAs, type SignedIn } from '../../../test/auth.js';
import { orgIdForSlug, seedReference } from '../reference/index.js';

// The consent route's recorded consent, the relays a reporter may use with their community
// sizes, and each organization's routing setting, over HTTP against a real database.

const FACTS = {
  kind: 'outage',
  title: 'ランサムウェアによる業務停止',
  description: '基幹サーバが暗号化された。',
  cause: 'cyberattack',
  systems: ['it'],
  detectedAt: '2026-03-31T20:00:00Z',
  serviceImpact: 'partial_outage',
} satisfies CreateReportBody;

describe('consent, relays and routing settings (http)', () => {
  let t: TestApp;
  const ids = {
    nco: orgIdForSlug('nco'),
    fsa: orgIdForSlug('fsa'),
    npa: orgIdForSlug('npa'),
    banking: orgIdForSlug('ceptoar-banking'),
    securities: orgIdForSlug('ceptoar-securities'),
    agency: orgIdForSlug('cip-support-center'),
  };
  let bankId: string;
  let reporter: SignedIn;
  let otherBank: SignedIn;
  let npaAnalyst: SignedIn;
  let ncoAnalyst: SignedIn;
  let fsaAdmin: SignedIn;
  let fsaAnalyst: SignedIn;
  let mlitAdmin: SignedIn;
  let bankAdmin: SignedIn;
  let held: ReportDetail;

  const inject = (
    who: SignedIn | null,
    method: 'GET' | 'POST' | 'PATCH' | 'PUT',
    url: string,
    body?: unknown,
  ) =>
    t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: who?.headers ?? {},
      ...(body !== undefined ? { payload: body as Record<string, unknown> } : {}),
    });

  async function create(body: CreateReportBody, who: SignedIn = reporter): Promise<ReportDetail> {
    t.clock.advance(60_000);
    const res = await inject(who, 'POST', '/reports', body);
    assert.equal(res.statusCode, 201, res.body);
    return res.json<ReportDetail>();
  }

  async function submit(id: string, who: SignedIn = reporter): Promise<ReportDetail> {
    const res = await inject(who, 'POST', `/reports/${id}/submit`);
    assert.equal(res.statusCode, 200, res.body);
    return res.json<ReportDetail>();
  }

  const canRead = async (who: SignedIn, id: string) =>
    (await inject(who, 'GET', `/reports/${id}`)).statusCode === 200;

  before(async () => {
    t = await buildTestApp();
    const db = t.database.db;
    await seedReference(db);
    bankId = await createTestOrganization(db, { slug: 'cr-bank', kind: 'operator', sectorCode: 'finance' });
    // The securities CEPTOAR has five members (not small); the banking CEPTOAR only this bank.
    const members = [bankId];
    for (let i = 1; i <= 4; i++) {
      members.push(
        await createTestOrganization(db, { slug: `cr-broker-${i}`, kind: 'operator', sectorCode: 'finance' }),
      );
    }
    await db
      .insertInto('memberships')
      .values([
        { organization_id: bankId, group_id: ids.banking, relation: 'member' },
        ...members.map((organization_id) => ({
          organization_id,
          group_id: ids.securities,
          relation: 'member' as const,
        })),
      ])
      .execute();
    reporter = await signInAs(t, { organizationSlug: 'cr-bank', role: 'reporter' });
    bankAdmin = await signInAs(t, { organizationSlug: 'cr-bank', role: 'admin' });
    otherBank = await signInAs(t, { organizationSlug: 'cr-broker-1', role: 'admin' });
    npaAnalyst = await signInAs(t, { organizationSlug: 'npa', role: 'analyst' });
    ncoAnalyst = await signInAs(t, { organizationSlug: 'nco', role: 'analyst' });
    fsaAdmin = await signInAs(t, { organizationSlug: 'fsa', role: 'admin' });
    fsaAnalyst = await signInAs(t, { organizationSlug: 'fsa', role: 'analyst' });
    mlitAdmin = await signInAs(t, { organizationSlug: 'mlit', role: 'admin' });

    const draft = await create({ ...FACTS, route: 'consent', consentOfficeOrgId: ids.npa });
    held = await submit(draft.id);
  });
  after(async () => {
    await t.close();
  });

  describe('consent route', () => {
    it('keeps the report with the receiving office while consent is missing or declined', async () => {
      assert.deepEqual(
        held.hops.map((h) => [h.toOrgId, h.status]),
        [
          [ids.npa, 'forwarded'],
          [ids.nco, 'held_for_consent'],
        ],
      );
      assert.ok(await canRead(npaAnalyst, held.id), 'the office has it');
      assert.ok(!(await canRead(ncoAnalyst, held.id)), 'the coordinator does not');

      const declined = await inject(reporter, 'POST', `/reports/${held.id}/consent`, {
        granted: false,
        note: '警察での捜査を優先します',
      });
      assert.equal(declined.statusCode, 200, declined.body);
      assert.deepEqual(
        declined.json<ReportDetail>().hops.map((h) => h.status),
        ['forwarded', 'held_for_consent'],
      );
      assert.ok(!(await canRead(ncoAnalyst, held.id)), 'declined: the coordinator still does not see it');
      assert.ok(!(await inject(ncoAnalyst, 'GET', '/reports')).body.includes(held.id), 'nor in its list');
    });

    it('lets only the originator record consent', async () => {
      const body = { granted: true };
      assert.equal((await inject(npaAnalyst, 'POST', `/reports/${held.id}/consent`, body)).statusCode, 403);
      assert.equal((await inject(otherBank, 'POST', `/reports/${held.id}/consent`, body)).statusCode, 404);
      assert.equal((await inject(ncoAnalyst, 'POST', `/reports/${held.id}/consent`, body)).statusCode, 404);
      assert.ok(!(await canRead(ncoAnalyst, held.id)), 'nothing was released');
    });

    it('releases the report to the coordinator when consent is granted, recording who and when', async () => {
      const granted = await inject(reporter, 'POST', `/reports/${held.id}/consent`, { granted: true });
      assert.equal(granted.statusCode, 200, granted.body);
      const detail = granted.json<ReportDetail>();
      assert.deepEqual(
        detail.hops.map((h) => h.status),
        ['forwarded', 'forwarded'],
      );
      assert.equal(detail.routing?.consentToForward, true);
      assert.ok(await canRead(ncoAnalyst, held.id), 'the coordinator now sees it');
      const inbox = await inject(ncoAnalyst, 'GET', '/reports/inbox');
      assert.ok(inbox.body.includes(held.id), 'in the coordinator’s inbox');

      const timeline = (await inject(reporter, 'GET', `/reports/${held.id}/timeline`)).json<Timeline>();
      const consents = timeline.items.filter((e) => e.kind === 'consent_recorded');
      assert.deepEqual(
        consents.map((e) => [e.detail['granted'], e.actor.userId, e.at]),
        [
          [false, reporter.userId, consents[0]?.at],
          [true, reporter.userId, t.clock.now().toISOString()],
        ],
      );
      assert.ok(
        timeline.items.some((e) => e.kind === 'forwarded' && e.detail['toOrgId'] === ids.nco),
        'the forwarding to the coordinator is in the timeline',
      );

      const again = await inject(reporter, 'POST', `/reports/${held.id}/consent`, { granted: true });
      assert.equal(again.statusCode, 409, 'nothing is held any more');
      const jobs = await t.database.db
        .selectFrom('outbox')
        .select('kind')
        .where(sql<SqlBool>`payload->>'reportId' = ${held.id}`)
        .where(sql<SqlBool>`payload->>'organizationId' = ${ids.nco}`)
        .execute();
      assert.deepEqual(
        jobs.map((j) => j.kind).filter((k) => k === 'reports.arrived'),
        ['reports.arrived'],
        'the arrival is announced to the coordinator',
      );
    });

    it('refuses consent on a report of another route', async () => {
      const normal = await submit((await create(FACTS)).id);
      const res = await inject(reporter, 'POST', `/reports/${normal.id}/consent`, { granted: true });
      assert.equal(res.statusCode, 409);
      assert.equal(res.json<Problem>().code, 'CONFLICT');
    });
  });

  describe('relays', () => {
    it('lists the reporter’s CEPTOARs and the supporting agencies with their community sizes', async () => {
      const res = await inject(reporter, 'GET', '/reports/relay-options');
      assert.equal(res.statusCode, 200, res.body);
      const list = res.json<RelayOptionList>();
      assert.equal(list.minimumMembers, 5);
      const byId = new Map(list.items.map((o) => [o.organization.id, o]));
      assert.deepEqual(
        [ids.banking, ids.securities, ids.agency].map((id) => {
          const o = byId.get(id);
          return [o?.kind, o?.members, o?.smallCommunity];
        }),
        [
          ['ceptoar', 1, true],
          ['ceptoar', 5, false],
          // Any finance operator may relay through the agency: the five test operators.
          ['supporting_agency', 5, false],
        ],
      );
      assert.ok(!byId.has(orgIdForSlug('ceptoar-railway')), 'not a CEPTOAR the bank belongs to');
      assert.equal(list.items.filter((o) => o.isDefault).length, 1, 'one default');
      assert.ok(byId.get(ids.banking)?.organization.name.ja, 'named');
    });

    it('counts the community within the sector asked for', async () => {
      const res = await inject(reporter, 'GET', '/reports/relay-options?sector=railway');
      const agency = res.json<RelayOptionList>().items.find((o) => o.organization.id === ids.agency);
      assert.equal(agency?.members, 0);
      assert.equal(agency?.smallCommunity, true);
    });

    it('warns on create, update and submit of an anonymized draft through a small community, and not otherwise', async () => {
      const draft = await create({ ...FACTS, route: 'anonymized', relayOrgId: ids.banking });
      assert.deepEqual(
        draft.warnings?.map((w) => [w.code, w.members]),
        [['RELAY_COMMUNITY_SMALL', 1]],
      );
      const moved = await inject(reporter, 'PATCH', `/reports/${draft.id}`, {
        relayOrgId: ids.securities,
        version: draft.version,
      });
      assert.equal(moved.statusCode, 200, moved.body);
      assert.equal(moved.json<ReportDetail>().warnings, undefined, 'five members: no warning');
      const back = await inject(reporter, 'PATCH', `/reports/${draft.id}`, {
        relayOrgId: ids.banking,
        version: moved.json<ReportDetail>().version,
      });
      assert.equal(back.json<ReportDetail>().warnings?.[0]?.code, 'RELAY_COMMUNITY_SMALL');
      const submitted = await submit(draft.id);
      assert.equal(submitted.warnings?.[0]?.relayOrgId, ids.banking, 'submit warns too');

      assert.equal((await create(FACTS)).warnings, undefined, 'the normal route has no relay');
      const read = await inject(reporter, 'GET', `/reports/${draft.id}`);
      assert.equal(read.json<ReportDetail>().warnings, undefined, 'reads carry no advice');
    });
  });

  describe('routing settings', () => {
    it('shows the default until an administrator sets one', async () => {
      const res = await inject(fsaAdmin, 'GET', `/organizations/${ids.fsa}/routing`);
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json<RoutingSetting>(), {
        organizationId: ids.fsa,
        mode: 'automatic',
        forwardWithinMinutes: 60,
        isDefault: true,
        updatedAt: null,
      });
    });

    it('lets the organization’s administrator make its hops reviewed, which holds the next report', async () => {
      const res = await inject(fsaAdmin, 'PUT', `/organizations/${ids.fsa}/routing`, {
        mode: 'reviewed',
        forwardWithinMinutes: 30,
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json<RoutingSetting>().isDefault, false);
      const read = (
        await inject(fsaAdmin, 'GET', `/organizations/${ids.fsa}/routing`)
      ).json<RoutingSetting>();
      assert.deepEqual([read.mode, read.forwardWithinMinutes], ['reviewed', 30]);

      const report = await submit((await create(FACTS)).id);
      const toNco = report.hops.find((h) => h.toOrgId === ids.nco);
      assert.equal(toNco?.mode, 'reviewed');
      assert.equal(toNco?.status, 'pending');
      assert.equal(toNco?.dueAt, new Date(t.clock.now().getTime() + 30 * 60_000).toISOString());
      assert.ok(!(await canRead(ncoAnalyst, report.id)), 'held at the ministry');

      await t.modules.audit.service.flush();
      const audited = await t.database.db
        .selectFrom('audit_log')
        .select(['action', 'actor_user_id', 'target_type'])
        .where('action', '=', 'reports.routing.update')
        .execute();
      assert.deepEqual(audited, [
        { action: 'reports.routing.update', actor_user_id: fsaAdmin.userId, target_type: 'organization' },
      ]);
      await inject(fsaAdmin, 'PUT', `/organizations/${ids.fsa}/routing`, {
        mode: 'automatic',
        forwardWithinMinutes: 60,
      });
    });

    it('refuses everyone but that organization’s administrators', async () => {
      const body = { mode: 'reviewed', forwardWithinMinutes: 15 };
      const url = `/organizations/${ids.fsa}/routing`;
      assert.equal((await inject(fsaAnalyst, 'PUT', url, body)).statusCode, 403, 'an analyst');
      assert.equal((await inject(fsaAnalyst, 'GET', url)).statusCode, 403, 'an analyst reading');
      assert.equal((await inject(mlitAdmin, 'PUT', url, body)).statusCode, 403, 'another ministry');
      assert.equal((await inject(null, 'PUT', url, body)).statusCode, 401, 'anonymous');
      assert.equal(
        (await inject(bankAdmin, 'PUT', `/organizations/${bankId}/routing`, body)).statusCode,
        403,
        'an operator passes no reports on',
      );
      const unknown = await inject(fsaAdmin, 'PUT', `/organizations/${randomUUID()}/routing`, body);
      assert.equal(unknown.statusCode, 404);
      const bad = await inject(fsaAdmin, 'PUT', url, { mode: 'sometimes', forwardWithinMinutes: 0 });
      assert.equal(bad.statusCode, 400);
      const read = (await inject(fsaAdmin, 'GET', url)).json<RoutingSetting>();
      assert.equal(read.mode, 'automatic', 'unchanged');
    });
  });
});
