import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Me, Problem } from '@cipx/contracts';
import type { LightMyRequestResponse } from 'fastify';
import { Secret, TOTP } from 'otpauth';
import { buildTestApp, type TestApp } from '../../../test/app.js';
import { createTestOrganization, signInAs, tokenFor } from '../../../test/auth.js';
import { createUser } from './users.service.js';

const ORIGIN = 'http://cipx.test';
const PASSWORD = 'violet tram orbit 42 kettle';
const MINUTE = 60_000;

function codeAt(secret: string, at: Date): string {
  return new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: at.getTime() });
}

function otherCode(code: string): string {
  return `${(Number(code[0]) + 5) % 10}${code.slice(1)}`;
}

function sessionCookie(res: LightMyRequestResponse): string {
  const cookie = res.cookies.find((c) => c.name === 'cipx_session');
  assert.ok(cookie, 'sets the session cookie');
  return `cipx_session=${cookie.value}`;
}

function problem(res: LightMyRequestResponse): Problem {
  assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
  return res.json<Problem>();
}

describe('identity: sign-in, sessions, TOTP, tokens, Origin', () => {
  let t: TestApp;
  let operatorId: string;
  let otherOperatorId: string;
  let ceptoarId: string;
  let totpSecret: string;

  const signIn = (body: Record<string, unknown>, headers: Record<string, string> = { origin: ORIGIN }) =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', headers, payload: body });
  const me = (headers: Record<string, string>) => t.app.inject({ method: 'GET', url: '/api/v1/me', headers });

  before(async () => {
    t = await buildTestApp();
    const db = t.database.db;
    ceptoarId = await createTestOrganization(db, {
      slug: 'id-ceptoar',
      kind: 'ceptoar',
      sectorCode: 'finance',
    });
    operatorId = await createTestOrganization(db, {
      slug: 'id-bank-1',
      kind: 'operator',
      sectorCode: 'finance',
    });
    otherOperatorId = await createTestOrganization(db, {
      slug: 'id-bank-2',
      kind: 'operator',
      sectorCode: 'finance',
    });
    await db
      .insertInto('memberships')
      .values({ organization_id: operatorId, group_id: ceptoarId, relation: 'member' })
      .execute();
    await createUser(
      db,
      {
        email: 'analyst@bank.example.jp',
        displayName: 'Aiko Analyst',
        password: PASSWORD,
        locale: 'en',
        roles: [
          { organizationId: operatorId, role: 'analyst' },
          { organizationId: otherOperatorId, role: 'viewer' },
        ],
      },
      t.clock,
    );
    for (const email of ['locked@bank.example.jp', 'expiry@bank.example.jp', 'disabled@bank.example.jp']) {
      await createUser(
        db,
        {
          email,
          displayName: 'Bank Person',
          password: PASSWORD,
          locale: 'ja',
          roles: [{ organizationId: operatorId, role: 'reporter' }],
        },
        t.clock,
      );
    }
    const admin = await createUser(
      db,
      {
        email: 'admin@ceptoar.example.jp',
        displayName: 'Chika Admin',
        password: PASSWORD,
        locale: 'ja',
        roles: [{ organizationId: ceptoarId, role: 'admin' }],
        enrollTotp: true,
      },
      t.clock,
    );
    assert.ok(admin.totpSecret);
    totpSecret = admin.totpSecret;
    await createUser(
      db,
      {
        email: 'new-admin@ceptoar.example.jp',
        displayName: 'Daichi Admin',
        password: PASSWORD,
        locale: 'ja',
        roles: [{ organizationId: ceptoarId, role: 'admin' }],
      },
      t.clock,
    );
  });
  after(async () => {
    await t.close();
  });

  it('signs in and sets an HttpOnly, SameSite=Lax session cookie', async () => {
    const res = await signIn({ email: 'Analyst@Bank.example.jp', password: PASSWORD });
    assert.equal(res.statusCode, 200);
    const cookie = res.cookies.find((c) => c.name === 'cipx_session');
    assert.ok(cookie?.httpOnly);
    assert.equal(cookie.sameSite, 'Lax');
    assert.equal(cookie.path, '/');
    assert.equal(cookie.secure, undefined, 'not Secure on an http public URL');
    const body = res.json<Me>();
    assert.equal(body.user.email, 'analyst@bank.example.jp');
    assert.equal(body.organization.slug, 'id-bank-1');
    assert.equal(body.role, 'analyst');
    assert.deepEqual(
      body.organizations.map((o) => [o.slug, o.role]),
      [
        ['id-bank-1', 'analyst'],
        ['id-bank-2', 'viewer'],
      ],
    );
    const again = await me({ cookie: sessionCookie(res) });
    assert.equal(again.statusCode, 200);
    assert.equal(again.json<Me>().user.displayName, 'Aiko Analyst');
  });

  it('answers a wrong password and an unknown e-mail identically', async () => {
    const wrong = await signIn({ email: 'analyst@bank.example.jp', password: 'not the right one at all' });
    const unknown = await signIn({ email: 'nobody@bank.example.jp', password: 'not the right one at all' });
    assert.equal(wrong.statusCode, 401);
    assert.equal(unknown.statusCode, 401);
    const strip = (p: Problem) => ({ ...p, instance: undefined, requestId: undefined });
    assert.deepEqual(strip(problem(wrong)), strip(problem(unknown)));
    assert.equal(problem(wrong).code, 'INVALID_CREDENTIALS');
  });

  it('refuses a sign-in without a same-origin Origin or Referer (login CSRF)', async () => {
    const none = await signIn({ email: 'analyst@bank.example.jp', password: PASSWORD }, {});
    assert.equal(none.statusCode, 403);
    assert.equal(problem(none).code, 'ORIGIN_MISMATCH');
    const evil = await signIn(
      { email: 'analyst@bank.example.jp', password: PASSWORD },
      { origin: 'https://evil.example' },
    );
    assert.equal(problem(evil).code, 'ORIGIN_MISMATCH');
    const referer = await signIn(
      { email: 'analyst@bank.example.jp', password: PASSWORD },
      { referer: `${ORIGIN}/sign-in?next=/` },
    );
    assert.equal(referer.statusCode, 200);
  });

  it('requires TOTP for a CEPTOAR admin, refuses wrong and replayed codes', async () => {
    const email = 'admin@ceptoar.example.jp';
    const missing = await signIn({ email, password: PASSWORD });
    assert.equal(missing.statusCode, 401);
    assert.equal(problem(missing).code, 'MFA_REQUIRED');
    const code = codeAt(totpSecret, t.clock.now());
    const wrong = await signIn({ email, password: PASSWORD, totp: otherCode(code) });
    assert.equal(wrong.statusCode, 401);
    assert.equal(problem(wrong).code, 'MFA_INVALID');
    const ok = await signIn({ email, password: PASSWORD, totp: code });
    assert.equal(ok.statusCode, 200);
    assert.equal(ok.json<Me>().user.mfaEnabled, true);
    assert.equal((await me({ cookie: sessionCookie(ok) })).statusCode, 200);
    const replay = await signIn({ email, password: PASSWORD, totp: code });
    assert.equal(replay.statusCode, 401);
    assert.equal(problem(replay).code, 'MFA_INVALID');
    t.clock.advance(30_000);
    const next = await signIn({ email, password: PASSWORD, totp: codeAt(totpSecret, t.clock.now()) });
    assert.equal(next.statusCode, 200);
  });

  it('lets a privileged person without an authenticator enrol on first sign-in, and nothing else', async () => {
    const res = await signIn({ email: 'new-admin@ceptoar.example.jp', password: PASSWORD });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json<Me>().totpEnrolmentRequired, true);
    const headers = { cookie: sessionCookie(res), origin: ORIGIN };
    assert.equal((await me(headers)).json<Me>().totpEnrolmentRequired, true);
    const tokens = await t.app.inject({ method: 'GET', url: '/api/v1/tokens', headers });
    assert.equal(tokens.statusCode, 401, 'no viewer before enrolment');
    const setup = await t.app.inject({ method: 'POST', url: '/api/v1/me/totp/setup', headers });
    assert.equal(setup.statusCode, 200);
    const { secret, otpauthUrl } = setup.json<{ secret: string; otpauthUrl: string }>();
    assert.match(otpauthUrl, /^otpauth:\/\/totp\/CIPX:new-admin%40ceptoar\.example\.jp\?/);
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/totp/confirm',
      headers,
      payload: { code: otherCode(codeAt(secret, t.clock.now())) },
    });
    assert.equal(problem(bad).code, 'MFA_INVALID');
    const confirm = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/totp/confirm',
      headers,
      payload: { code: codeAt(secret, t.clock.now()) },
    });
    assert.equal(confirm.statusCode, 204);
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/tokens', headers })).statusCode, 200);
    assert.equal((await me(headers)).json<Me>().totpEnrolmentRequired, false);
    const again = await signIn({ email: 'new-admin@ceptoar.example.jp', password: PASSWORD });
    assert.equal(problem(again).code, 'MFA_REQUIRED', 'the enrolled code is now required');
  });

  it('locks an account after repeated failures and unlocks it when the window has passed', async () => {
    const email = 'locked@bank.example.jp';
    const attempts = t.platform.config.lockoutAttempts;
    for (let i = 1; i < attempts; i += 1) {
      assert.equal(
        problem(await signIn({ email, password: `wrong password number ${i}` })).code,
        'INVALID_CREDENTIALS',
      );
    }
    const locking = await signIn({ email, password: 'wrong password again!' });
    assert.equal(locking.statusCode, 423);
    assert.equal(problem(locking).code, 'ACCOUNT_LOCKED');
    const whileLocked = await signIn(
      { email, password: PASSWORD },
      { origin: ORIGIN, 'accept-language': 'en' },
    );
    assert.equal(whileLocked.statusCode, 423);
    assert.match(
      problem(whileLocked).detail ?? '',
      new RegExp(`in ${t.platform.config.lockoutMinutes} minutes`),
    );
    t.clock.advance(t.platform.config.lockoutMinutes * MINUTE + 1000);
    assert.equal((await signIn({ email, password: PASSWORD })).statusCode, 200);
    // Success resets the count: one more failure does not lock again.
    assert.equal((await signIn({ email, password: 'wrong password again!' })).statusCode, 401);
    assert.equal((await signIn({ email, password: PASSWORD })).statusCode, 200);
  });

  it('ends a session after two idle hours and at the absolute limit', async () => {
    const idle = sessionCookie(await signIn({ email: 'expiry@bank.example.jp', password: PASSWORD }));
    t.clock.advance(119 * MINUTE);
    assert.equal((await me({ cookie: idle })).statusCode, 200);
    t.clock.advance(119 * MINUTE);
    assert.equal((await me({ cookie: idle })).statusCode, 200, 'activity keeps it alive');
    t.clock.advance(121 * MINUTE);
    const expired = await me({ cookie: idle });
    assert.equal(expired.statusCode, 401);
    assert.equal(problem(expired).code, 'UNAUTHENTICATED');

    const active = sessionCookie(await signIn({ email: 'expiry@bank.example.jp', password: PASSWORD }));
    const hours = t.platform.config.sessionHours;
    for (let h = 1; h < hours; h += 1) {
      t.clock.advance(60 * MINUTE);
      assert.equal((await me({ cookie: active })).statusCode, 200);
    }
    t.clock.advance(60 * MINUTE);
    assert.equal((await me({ cookie: active })).statusCode, 401);
  });

  it('signs out and revokes the session', async () => {
    const cookie = sessionCookie(await signIn({ email: 'analyst@bank.example.jp', password: PASSWORD }));
    const out = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-out',
      headers: { cookie, origin: ORIGIN },
    });
    assert.equal(out.statusCode, 204);
    assert.equal((await me({ cookie })).statusCode, 401);
  });

  it('gives no viewer to a disabled person', async () => {
    const cookie = sessionCookie(await signIn({ email: 'disabled@bank.example.jp', password: PASSWORD }));
    assert.equal((await me({ cookie })).statusCode, 200);
    await t.database.db
      .updateTable('users')
      .set({ disabled_at: t.clock.now() })
      .where('email', '=', 'disabled@bank.example.jp')
      .execute();
    assert.equal((await me({ cookie })).statusCode, 401);
    assert.equal(
      problem(await signIn({ email: 'disabled@bank.example.jp', password: PASSWORD })).code,
      'INVALID_CREDENTIALS',
    );
  });

  it('switches the acting organization only to one where the person has a role', async () => {
    const cookie = sessionCookie(await signIn({ email: 'analyst@bank.example.jp', password: PASSWORD }));
    const headers = { cookie, origin: ORIGIN };
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/organization',
      headers,
      payload: { organizationId: otherOperatorId },
    });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json<Me>().organization.slug, 'id-bank-2');
    assert.equal(res.json<Me>().role, 'viewer');
    assert.equal((await me(headers)).json<Me>().role, 'viewer');
    const denied = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/organization',
      headers,
      payload: { organizationId: ceptoarId },
    });
    assert.equal(problem(denied).code, 'FORBIDDEN');
  });

  it('refuses a cookie write from another origin and accepts a bearer write without Origin', async () => {
    const person = await signInAs(t, { organizationId: operatorId, role: 'analyst' });
    const evil = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/me/locale',
      headers: { cookie: person.cookie, origin: 'https://evil.example' },
      payload: { locale: 'en' },
    });
    assert.equal(evil.statusCode, 403);
    assert.equal(problem(evil).code, 'ORIGIN_MISMATCH');
    const missing = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/me/locale',
      headers: { cookie: person.cookie },
      payload: { locale: 'en' },
    });
    assert.equal(problem(missing).code, 'ORIGIN_MISMATCH');
    const same = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/me/locale',
      headers: person.headers,
      payload: { locale: 'en' },
    });
    assert.equal(same.statusCode, 204);
    assert.equal((await me(person.headers)).json<Me>().user.locale, 'en', 'the language is remembered');

    const machine = await tokenFor(t, {
      organizationId: operatorId,
      role: 'reporter',
      scopes: ['reports:write'],
    });
    const bearer = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/me/locale',
      headers: machine.headers,
      payload: { locale: 'ja' },
    });
    assert.equal(bearer.statusCode, 204);
  });

  it('issues API tokens that authenticate until revoked or expired', async () => {
    const person = await signInAs(t, { organizationId: operatorId, role: 'analyst' });
    const expiresAt = new Date(t.clock.now().getTime() + 2 * 86_400_000).toISOString();
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: person.headers,
      payload: { name: 'intake', scopes: ['reports:write', 'directory:read'], expiresAt },
    });
    assert.equal(created.statusCode, 201);
    const { token, secret } = created.json<{ token: { id: string; scopes: string[] }; secret: string }>();
    assert.match(secret, /^[A-Za-z0-9_-]{43}$/);
    const stored = await t.database.db
      .selectFrom('api_tokens')
      .select('token_hash')
      .where('id', '=', token.id)
      .executeTakeFirstOrThrow();
    assert.notEqual(stored.token_hash, secret, 'only the hash is stored');

    const bearer = { authorization: `Bearer ${secret}` };
    const viaToken = await me(bearer);
    assert.equal(viaToken.statusCode, 200);
    assert.equal(viaToken.json<Me>().organization.id, operatorId);
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/tokens', headers: person.headers });
    assert.deepEqual(
      list.json<{ items: { id: string }[] }>().items.map((i) => i.id),
      [token.id],
    );

    const minted = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: bearer,
      payload: { name: 'x', scopes: ['reports:read'], expiresAt },
    });
    assert.equal(problem(minted).code, 'FORBIDDEN', 'a token cannot mint tokens');
    const tooLong = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: person.headers,
      payload: {
        name: 'x',
        scopes: ['reports:read'],
        expiresAt: new Date(t.clock.now().getTime() + 367 * 86_400_000).toISOString(),
      },
    });
    assert.equal(problem(tooLong).code, 'VALIDATION_FAILED');

    const revoke = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/tokens/${token.id}`,
      headers: person.headers,
    });
    assert.equal(revoke.statusCode, 204);
    assert.equal((await me(bearer)).statusCode, 401);

    const short = await tokenFor(t, {
      organizationId: operatorId,
      role: 'reporter',
      scopes: ['reports:write'],
      expiresInDays: 1,
    });
    assert.equal((await me(short.headers)).statusCode, 200);
    t.clock.advance(86_400_000 + 1000);
    assert.equal((await me(short.headers)).statusCode, 401);
    assert.equal((await me({ authorization: 'Bearer not-a-token' })).statusCode, 401);
  });

  it('builds the viewer with role, scopes and the acting organization’s communities', async () => {
    const machine = await tokenFor(t, {
      organizationId: operatorId,
      role: 'reporter',
      scopes: ['reports:write'],
    });
    const viewer = await t.modules.identity.sessions.resolveToken(machine.token);
    assert.ok(viewer);
    assert.equal(viewer.via, 'token');
    assert.equal(viewer.organizationKind, 'operator');
    assert.equal(viewer.sectorCode, 'finance');
    assert.equal(viewer.role, 'reporter');
    assert.deepEqual(viewer.scopes, ['reports:write']);
    assert.deepEqual(viewer.communities, [{ groupId: ceptoarId, relation: 'member' }]);
    const row = await t.database.db
      .selectFrom('api_tokens')
      .select('last_used_at')
      .where('id', '=', machine.tokenId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row.last_used_at, t.clock.now());
  });

  it('limits sign-in attempts per address and account', async () => {
    const body = { email: 'limited-nobody@bank.example.jp', password: 'some guess or other' };
    for (let i = 0; i < 10; i += 1) assert.equal((await signIn(body)).statusCode, 401);
    const limited = await signIn(body);
    assert.equal(limited.statusCode, 429);
    assert.equal(problem(limited).code, 'RATE_LIMITED');
    assert.equal((await signIn({ ...body, email: 'other-nobody@bank.example.jp' })).statusCode, 401);
  });

  it('answers denials as translated problem+json in Japanese and English', async () => {
    const ja = await t.app.inject({
      method: 'GET',
      url: '/api/v1/tokens',
      headers: { 'accept-language': 'ja' },
    });
    assert.equal(ja.statusCode, 401);
    assert.equal(problem(ja).title, 'サインインが必要です');
    const en = await t.app.inject({
      method: 'GET',
      url: '/api/v1/tokens',
      headers: { 'accept-language': 'en' },
    });
    assert.equal(problem(en).title, 'Sign-in required');
    const enCreds = await signIn(
      { email: 'nobody@bank.example.jp', password: 'whatever it is' },
      { origin: ORIGIN, 'accept-language': 'en' },
    );
    assert.equal(problem(enCreds).title, 'E-mail address or password is incorrect');
    const jaOrigin = await signIn(
      { email: 'nobody@bank.example.jp', password: 'whatever it is' },
      { 'accept-language': 'ja' },
    );
    assert.equal(problem(jaOrigin).title, '送信元が一致しません');
  });
});
