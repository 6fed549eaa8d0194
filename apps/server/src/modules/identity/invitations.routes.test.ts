import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Invitation, Me, Problem } from '@cipx/contracts';
import type { LightMyRequestResponse } from 'fastify';
import { buildTestApp, type TestApp } from '../../../test/app.js';
import { createTestOrganization, signInAs, type SignedIn } from '../../../test/auth.js';
import { startTestSmtp, type ReceivedMail, type TestSmtp } from '../../../test/smtp.js';
import { drainJobs } from '../../platform/jobs/outbox.js';

const ORIGIN = 'http://cipx.test';
const PASSWORD = 'harbour lantern 7 quietly';
const DAY = 86_400_000;

function problem(res: LightMyRequestResponse): Problem {
  assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
  return res.json<Problem>();
}

function linkToken(mail: ReceivedMail, path: string): string {
  const match = new RegExp(`${ORIGIN}/${path}\\?token=([A-Za-z0-9_-]+)`).exec(mail.parsed.text ?? '');
  assert.ok(match?.[1], `mail contains a ${path} link`);
  return match[1];
}

describe('identity: invitations and password reset by e-mail', () => {
  let smtp: TestSmtp;
  let t: TestApp;
  let operatorId: string;
  let admin: SignedIn;

  const post = (
    url: string,
    payload: Record<string, unknown>,
    headers: Record<string, string> = { origin: ORIGIN },
  ) => t.app.inject({ method: 'POST', url, headers, payload });
  const runJobs = () =>
    drainJobs({ db: t.database.db, handlers: t.modules.jobs, clock: t.clock, workerId: 'test' });
  const mailTo = (address: string, subject: RegExp) =>
    smtp.waitFor((m) => m.envelopeTo.includes(address) && subject.test(m.parsed.subject ?? ''));
  const invite = (who: SignedIn, email: string, role = 'reporter') =>
    post(
      '/api/v1/invitations',
      { email, displayName: 'Taro Suzuki', organizationId: operatorId, role, locale: 'ja' },
      who.headers,
    );

  before(async () => {
    smtp = await startTestSmtp();
    t = await buildTestApp({ env: { CIPX_SMTP_URL: smtp.url } });
    operatorId = await createTestOrganization(t.database.db, {
      slug: 'inv-bank',
      kind: 'operator',
      nameJa: 'デモ銀行',
      nameEn: 'Demo Bank',
    });
    admin = await signInAs(t, { organizationId: operatorId, role: 'admin' });
  });
  after(async () => {
    await t.close();
    await smtp.close();
  });

  it('mails a bilingual invitation whose link sets a password once', async () => {
    const res = await invite(admin, 'taro@bank.example.jp');
    assert.equal(res.statusCode, 201);
    const invitation = res.json<Invitation>();
    assert.equal(invitation.role, 'reporter');
    assert.equal(new Date(invitation.expiresAt ?? '').getTime(), t.clock.now().getTime() + 7 * DAY);
    assert.equal(await runJobs(), 1);
    const mail = await mailTo('taro@bank.example.jp', /招待 \/ Invitation/);
    assert.match(mail.parsed.text ?? '', /デモ銀行/);
    assert.match(mail.parsed.text ?? '', /Demo Bank/);
    const token = linkToken(mail, 'invitation');

    const weak = await post(
      '/api/v1/invitations/accept',
      { token, password: 'taro@bank-2026-spring' },
      { origin: ORIGIN, 'accept-language': 'en' },
    );
    assert.equal(weak.statusCode, 400);
    assert.equal(problem(weak).code, 'PASSWORD_REJECTED');
    assert.match(problem(weak).detail ?? '', /e-mail address or name/);

    const accepted = await post('/api/v1/invitations/accept', { token, password: PASSWORD });
    assert.equal(accepted.statusCode, 204, 'a rejected password does not spend the link');
    const second = await post('/api/v1/invitations/accept', { token, password: `${PASSWORD} again` });
    assert.equal(second.statusCode, 400);
    assert.equal(problem(second).code, 'TOKEN_INVALID');

    const signIn = await post('/api/v1/auth/sign-in', { email: 'taro@bank.example.jp', password: PASSWORD });
    assert.equal(signIn.statusCode, 200);
    assert.equal(signIn.json<Me>().role, 'reporter');
  });

  it('refuses an invitation link after seven days', async () => {
    assert.equal((await invite(admin, 'late@bank.example.jp')).statusCode, 201);
    await runJobs();
    const token = linkToken(await mailTo('late@bank.example.jp', /Invitation/), 'invitation');
    t.clock.advance(7 * DAY + 1000);
    const res = await post(
      '/api/v1/invitations/accept',
      { token, password: PASSWORD },
      { origin: ORIGIN, 'accept-language': 'ja' },
    );
    assert.equal(res.statusCode, 400);
    assert.equal(problem(res).code, 'TOKEN_INVALID');
    assert.equal(problem(res).title, 'リンクが無効です');
  });

  it('lets only admins and managers invite, never above their own role', async () => {
    const analyst = await signInAs(t, { organizationId: operatorId, role: 'analyst' });
    assert.equal(problem(await invite(analyst, 'x1@bank.example.jp')).code, 'FORBIDDEN');
    const manager = await signInAs(t, { organizationId: operatorId, role: 'manager' });
    assert.equal(problem(await invite(manager, 'x2@bank.example.jp', 'admin')).code, 'FORBIDDEN');
    assert.equal((await invite(manager, 'x3@bank.example.jp', 'manager')).statusCode, 201);
    const elsewhere = await createTestOrganization(t.database.db, { slug: 'inv-other', kind: 'operator' });
    const outsider = await signInAs(t, { organizationId: elsewhere, role: 'admin' });
    assert.equal(problem(await invite(outsider, 'x4@bank.example.jp')).code, 'FORBIDDEN');
    const coordinatorId = await createTestOrganization(t.database.db, {
      slug: 'inv-nisc',
      kind: 'coordinator',
    });
    const coordinator = await signInAs(t, { organizationId: coordinatorId, role: 'admin' });
    assert.equal((await invite(coordinator, 'x5@bank.example.jp', 'admin')).statusCode, 201);
  });

  it('mails a reset link that replaces the password and ends every session', async () => {
    const email = 'reset@bank.example.jp';
    // The clock has moved past the first admin's session; sessions are per test here.
    const freshAdmin = await signInAs(t, { organizationId: operatorId, role: 'admin' });
    assert.equal((await invite(freshAdmin, email)).statusCode, 201);
    await runJobs();
    const invitationToken = linkToken(await mailTo(email, /Invitation/), 'invitation');
    assert.equal(
      (await post('/api/v1/invitations/accept', { token: invitationToken, password: PASSWORD })).statusCode,
      204,
    );
    const first = await post('/api/v1/auth/sign-in', { email, password: PASSWORD });
    const cookie = first.cookies.find((c) => c.name === 'cipx_session');
    assert.ok(cookie);
    const session = { cookie: `cipx_session=${cookie.value}` };
    assert.equal(
      (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: session })).statusCode,
      200,
    );

    assert.equal((await post('/api/v1/auth/password-reset', { email })).statusCode, 202);
    const before = smtp.received.length;
    const unknown = await post('/api/v1/auth/password-reset', { email: 'ghost@bank.example.jp' });
    assert.equal(unknown.statusCode, 202, 'unknown addresses get the same answer');
    assert.equal(await runJobs(), 1, 'but only the known address gets a mail');
    const mail = await mailTo(email, /パスワードの再設定 \/ Password reset/);
    assert.equal(smtp.received.length, before + 1);
    const token = linkToken(mail, 'reset-password');

    const common = await post(
      '/api/v1/auth/password-reset/complete',
      { token, password: 'password1234' },
      { origin: ORIGIN, 'accept-language': 'ja' },
    );
    assert.equal(problem(common).code, 'PASSWORD_REJECTED');
    assert.match(problem(common).detail ?? '', /よく使われる/);
    const short = await post(
      '/api/v1/auth/password-reset/complete',
      { token, password: 'short one' },
      { origin: ORIGIN, 'accept-language': 'en' },
    );
    assert.match(problem(short).detail ?? '', /at least 12 characters/);

    const newPassword = 'copper kite under 9 bridges';
    assert.equal(
      (await post('/api/v1/auth/password-reset/complete', { token, password: newPassword })).statusCode,
      204,
    );
    assert.equal(
      (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: session })).statusCode,
      401,
    );
    assert.equal(
      problem(await post('/api/v1/auth/sign-in', { email, password: PASSWORD })).code,
      'INVALID_CREDENTIALS',
    );
    assert.equal((await post('/api/v1/auth/sign-in', { email, password: newPassword })).statusCode, 200);
    assert.equal(
      problem(
        await post('/api/v1/auth/password-reset/complete', { token, password: 'another fine 8 phrase' }),
      ).code,
      'TOKEN_INVALID',
    );
  });

  it('refuses a reset link after one hour', async () => {
    const email = 'taro@bank.example.jp';
    await post('/api/v1/auth/password-reset', { email });
    await runJobs();
    const mails = smtp.received.filter(
      (m) => m.envelopeTo.includes(email) && /Password reset/.test(m.parsed.subject ?? ''),
    );
    const token = linkToken(
      mails[mails.length - 1] ?? (await mailTo(email, /Password reset/)),
      'reset-password',
    );
    t.clock.advance(60 * 60_000 + 1000);
    assert.equal(
      problem(
        await post('/api/v1/auth/password-reset/complete', {
          token,
          password: 'copper kite under 9 bridges',
        }),
      ).code,
      'TOKEN_INVALID',
    );
  });

  it('tells a person who already has a password about a new role instead of sending a password link', async () => {
    const otherId = await createTestOrganization(t.database.db, {
      slug: 'inv-bank-2',
      kind: 'operator',
      nameJa: '第二銀行',
      nameEn: 'Second Bank',
    });
    const otherAdmin = await signInAs(t, { organizationId: otherId, role: 'admin' });
    const res = await post(
      '/api/v1/invitations',
      {
        email: 'taro@bank.example.jp',
        displayName: 'Taro',
        organizationId: otherId,
        role: 'viewer',
        locale: 'en',
      },
      otherAdmin.headers,
    );
    assert.equal(res.statusCode, 201);
    assert.equal(res.json<Invitation>().expiresAt, null);
    await runJobs();
    const mail = await mailTo('taro@bank.example.jp', /組織への追加 \/ Added to an organization/);
    assert.match(mail.parsed.text ?? '', /Second Bank/);
    assert.doesNotMatch(mail.parsed.text ?? '', /token=/);
    const again = await post(
      '/api/v1/invitations',
      {
        email: 'taro@bank.example.jp',
        displayName: 'Taro',
        organizationId: otherId,
        role: 'admin',
        locale: 'en',
      },
      otherAdmin.headers,
    );
    assert.equal(problem(again).code, 'CONFLICT');
  });
});
