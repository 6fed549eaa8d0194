import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CURRENT } from './data/current.js';
import { POLICY_2022 } from './data/policy-2022.js';
import { planDemo } from './demo.js';
import { orgIdForSlug } from './edition.js';

describe('planDemo', () => {
  const plan = planDemo(POLICY_2022);

  it('plans about 7,100 operators (4,419 members + 2,700 in sharing scopes) for the 2022 edition', () => {
    assert.equal(plan.organizations.filter((o) => o.relation === 'member').length, 4419);
    assert.equal(plan.organizations.filter((o) => o.relation === 'sharing_scope').length, 2700);
  });

  it('gives every operator a unique slug and the id derived from it', () => {
    assert.equal(new Set(plan.organizations.map((o) => o.slug)).size, plan.organizations.length);
    for (const o of plan.organizations) assert.equal(o.id, orgIdForSlug(o.slug));
  });

  it('names operators as clearly synthetic, in both languages', () => {
    const bank = plan.organizations.find((o) => o.slug === 'demo-bank-0001');
    assert.deepEqual(bank?.name, { ja: 'デモ銀行 0001', en: 'Demo Bank 0001' });
    assert.equal(bank?.memberKind, 'company');
    const lg = plan.organizations.find((o) => o.slug === 'demo-local-government-0001');
    assert.deepEqual(lg?.name, { ja: 'デモ自治体 0001', en: 'Demo Local Government 0001' });
    for (const o of plan.organizations) {
      assert.match(o.name.ja, /^デモ/);
      assert.match(o.name.en, /^Demo /);
      assert.match(o.slug, /^demo-[a-z0-9-]+-\d{4}$/);
    }
  });

  it('gives each operator exactly a primary, a backup and a 24/7 contact at a reserved .example address', () => {
    assert.equal(plan.contacts.length, 3 * plan.organizations.length);
    const byOrg = new Map<string, string[]>();
    for (const c of plan.contacts)
      byOrg.set(c.organizationId, [...(byOrg.get(c.organizationId) ?? []), c.role]);
    for (const roles of byOrg.values()) assert.deepEqual(roles.sort(), ['backup', 'duty_24x7', 'primary']);
    const bankId = orgIdForSlug('demo-bank-0001');
    assert.ok(
      plan.contacts.some((c) => c.organizationId === bankId && c.email === 'primary@demo-bank-0001.example'),
      'primary@demo-bank-0001.example is planned',
    );
    for (const c of plan.contacts) assert.match(c.email, /^[a-z0-9-]+@demo-[a-z0-9-]+\.example$/);
  });

  it('assigns JIS X 0401 prefecture codes, one demo prefecture per code', () => {
    for (const o of plan.organizations) assert.match(o.prefectureCode, /^(0[1-9]|[1-3][0-9]|4[0-7])$/);
    const prefectures = plan.organizations.filter((o) => o.memberKind === 'prefecture');
    assert.equal(prefectures.length, 47);
    assert.equal(new Set(prefectures.map((p) => p.prefectureCode)).size, 47);
  });

  it('is deterministic: planning twice yields the same plan', () => {
    assert.deepEqual(planDemo(POLICY_2022), plan);
  });

  it('adds only a small synthetic Port CEPTOAR membership in the current edition', () => {
    const current = planDemo(CURRENT);
    const extra = current.organizations.filter((o) => !plan.organizations.some((p) => p.id === o.id));
    assert.ok(extra.length > 0 && extra.length <= 20, `${extra.length} port operators`);
    for (const o of extra) {
      assert.equal(o.ceptoar, 'ceptoar-port');
      assert.equal(o.sectorCode, 'port');
      assert.match(o.name.en, /^Demo Port/);
    }
    assert.equal(current.organizations.length, plan.organizations.length + extra.length);
  });
});
