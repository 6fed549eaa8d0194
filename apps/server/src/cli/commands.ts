import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { ROLES, type Role } from '@cipx/contracts';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.js';
import type { Db } from '../platform/db/database.js';
import { createAuditModule } from '../modules/audit/index.js';
import { createUser, isPrivileged, otpauthUrl } from '../modules/identity/index.js';
import { seedDemo, seedReference } from '../modules/reference/index.js';
import { AppError } from '../shared/app-error.js';
import { systemClock } from '../shared/clock.js';

// The CLI's use cases; cli.ts only parses arguments and prints.

export interface DemoSignIn {
  label: { ja: string; en: string };
  email: string;
  organizationSlug: string;
  role: Role;
  totpSecret?: string;
}

export interface DemoSignIns {
  password: string;
  signIns: DemoSignIn[];
}

/**
 * One sign-in per role and per kind of organization. Operators follow the demo ("2022 policy")
 * edition's counts; the coordinator is today's (the NCO), since reports route to the current edition.
 */
const DEMO_PEOPLE: Omit<DemoSignIn, 'totpSecret'>[] = [
  {
    label: { ja: '国家サイバー統括室 管理者', en: 'NCO administrator' },
    email: 'nco.admin@cipx-demo.example',
    organizationSlug: 'nco',
    role: 'admin',
  },
  {
    label: { ja: '国家サイバー統括室 当直担当', en: 'NCO duty officer' },
    email: 'nco.duty@cipx-demo.example',
    organizationSlug: 'nco',
    role: 'analyst',
  },
  {
    label: { ja: '金融庁 担当', en: 'FSA desk' },
    email: 'fsa.manager@cipx-demo.example',
    organizationSlug: 'fsa',
    role: 'manager',
  },
  {
    label: { ja: '銀行等セプター 管理者', en: 'Banking CEPTOAR administrator' },
    email: 'banking-ceptoar.admin@cipx-demo.example',
    organizationSlug: 'ceptoar-banking',
    role: 'admin',
  },
  {
    label: { ja: '銀行等セプター 事務局', en: 'Banking CEPTOAR secretariat' },
    email: 'banking-ceptoar.manager@cipx-demo.example',
    organizationSlug: 'ceptoar-banking',
    role: 'manager',
  },
  {
    label: { ja: 'デモ銀行 0001 報告担当', en: 'Demo Bank 0001 reporter' },
    email: 'bank0001.reporter@cipx-demo.example',
    organizationSlug: 'demo-bank-0001',
    role: 'reporter',
  },
  {
    label: { ja: 'デモ水道事業体 0001 閲覧者', en: 'Demo Water Utility 0001 viewer' },
    email: 'water0001.viewer@cipx-demo.example',
    organizationSlug: 'demo-water-utility-0001',
    role: 'viewer',
  },
  {
    label: { ja: 'JPCERT/CC 分析担当', en: 'JPCERT/CC analyst' },
    email: 'jpcert.analyst@cipx-demo.example',
    organizationSlug: 'jpcert',
    role: 'analyst',
  },
  {
    label: { ja: '重要インフラ支援機関 報告担当', en: 'CIP supporting agency reporter' },
    email: 'support.reporter@cipx-demo.example',
    organizationSlug: 'cip-support-center',
    role: 'reporter',
  },
];

export function demoSignInsPath(config: Config): string {
  return join(config.dataDir, 'demo-sign-ins.json');
}

async function organizationBySlug(
  database: Db,
  slug: string,
): Promise<{ id: string; kind: Parameters<typeof isPrivileged>[0] }> {
  const org = await database.db
    .selectFrom('organizations')
    .select(['id', 'kind'])
    .where('slug', '=', slug)
    .executeTakeFirst();
  if (!org) throw new AppError('ORGANIZATION_NOT_FOUND', { slug });
  return org;
}

/**
 * Reference data is upserted at every start. With `demo`, an empty database (no users yet)
 * also gets the demo organizations and the demo sign-ins; later starts print the saved sign-ins.
 */
export async function seedDemoData(
  database: Db,
  config: Config,
  options: { demo: boolean; logger: FastifyBaseLogger },
): Promise<DemoSignIns | null> {
  await seedReference(database.db);
  if (!options.demo) return null;
  const path = demoSignInsPath(config);
  const users = await database.db.selectFrom('users').select('id').limit(1).execute();
  if (users.length > 0) {
    return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as DemoSignIns) : null;
  }
  const started = Date.now();
  const result = await seedDemo(database.db, { edition: 'policy-2022' });
  options.logger.info({ ...result.inserted, ms: Date.now() - started }, 'demo data loaded');
  const password = config.demoPassword ?? randomBytes(12).toString('base64url');
  const signIns: DemoSignIn[] = [];
  await database.db.transaction().execute(async (trx) => {
    for (const person of DEMO_PEOPLE) {
      const org = await trx
        .selectFrom('organizations')
        .select(['id', 'kind'])
        .where('slug', '=', person.organizationSlug)
        .executeTakeFirstOrThrow();
      const created = await createUser(trx, {
        email: person.email,
        displayName: person.label.en,
        locale: 'ja',
        password,
        roles: [{ organizationId: org.id, role: person.role }],
        enrollTotp: isPrivileged(org.kind, person.role),
      });
      signIns.push(created.totpSecret ? { ...person, totpSecret: created.totpSecret } : person);
    }
  });
  const seeded = { password, signIns };
  mkdirSync(config.dataDir, { recursive: true });
  writeFileSync(path, `${JSON.stringify(seeded, null, 2)}\n`, { mode: 0o600 });
  return seeded;
}

export function describeDemoSignIns(seeded: DemoSignIns): string[] {
  const width = Math.max(...seeded.signIns.map((s) => s.email.length));
  return [
    `Demo sign-ins (password for all: ${seeded.password}):`,
    ...seeded.signIns.map(
      (s) =>
        `  ${s.email.padEnd(width)}  ${s.label.en} / ${s.label.ja}` +
        (s.totpSecret
          ? `\n  ${' '.repeat(width)}  TOTP secret ${s.totpSecret} (add it to an authenticator app)`
          : ''),
    ),
  ];
}

export async function addUser(
  database: Db,
  _config: Config,
  input: { email: string; displayName: string; organizationSlug: string; role: string; locale: string },
): Promise<string[]> {
  const role = ROLES.find((r) => r === input.role);
  if (!role) throw new AppError('BAD_REQUEST', { reason: `--role must be one of ${ROLES.join(', ')}` });
  if (input.locale !== 'ja' && input.locale !== 'en')
    throw new AppError('BAD_REQUEST', { reason: '--locale must be ja or en' });
  const org = await organizationBySlug(database, input.organizationSlug);
  const password = randomBytes(15).toString('base64url');
  const created = await createUser(database.db, {
    email: input.email,
    displayName: input.displayName,
    locale: input.locale,
    password,
    roles: [{ organizationId: org.id, role }],
    enrollTotp: isPrivileged(org.kind, role),
  });
  const lines = [
    `created ${created.user.email} (${role} of ${input.organizationSlug})`,
    `one-time password: ${password}`,
  ];
  if (created.totpSecret) {
    lines.push(
      `TOTP secret: ${created.totpSecret}`,
      `otpauth URL: ${otpauthUrl(created.totpSecret, created.user.email)}`,
    );
  }
  return lines;
}

export async function verifyAudit(database: Db, _config: Config): Promise<{ ok: boolean; message: string }> {
  const audit = createAuditModule({ database, clock: systemClock, logger: silentLogger });
  await audit.service.flush();
  const result = await audit.service.verify();
  return result.ok
    ? { ok: true, message: `audit log intact: ${result.count} events, chain verified` }
    : { ok: false, message: `audit log broken at event ${result.firstBrokenSeq}: ${result.reason}` };
}

const noop = (): void => {};
const silentLogger = {
  level: 'silent',
  fatal: noop,
  error: noop,
  warn: noop,
  info: noop,
  debug: noop,
  trace: noop,
  silent: noop,
  child: () => silentLogger,
} as unknown as FastifyBaseLogger;
