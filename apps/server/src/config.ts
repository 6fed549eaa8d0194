import { resolve } from 'node:path';
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';

/**
 * Environment → typed configuration. This file is the only reader of process.env.
 * Each variable is described once; a bad value stops start-up with one line naming it.
 */
/** Debian's fonts-noto-cjk: the Japanese face of the collection is picked by name (reports.pdf.ts). */
export const DEFAULT_PDF_FONT = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';

const Env = Type.Object({
  CIPX_HOST: Type.String({ default: '127.0.0.1', minLength: 1 }),
  CIPX_PORT: Type.Integer({ default: 3000, minimum: 0, maximum: 65535 }),
  CIPX_PUBLIC_URL: Type.Optional(Type.String({ pattern: '^https?://[^\\s/]+(:[0-9]+)?/?$' })),
  CIPX_DATA_DIR: Type.String({ default: './data', minLength: 1 }),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  CIPX_DATABASE_POOL: Type.Integer({ default: 10, minimum: 1, maximum: 200 }),
  CIPX_ROLE: Type.Union([Type.Literal('all'), Type.Literal('api'), Type.Literal('worker')], {
    default: 'all',
  }),
  CIPX_LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
    { default: 'info' },
  ),
  CIPX_TRUST_PROXY: Type.Boolean({ default: false }),
  CIPX_SESSION_HOURS: Type.Integer({ default: 12, minimum: 1, maximum: 720 }),
  CIPX_SMTP_URL: Type.Optional(Type.String({ pattern: '^smtps?://' })),
  CIPX_MAIL_FROM: Type.String({ default: 'CIPX <no-reply@cipx.localhost>', minLength: 3 }),
  CIPX_MAIL_DIR: Type.Optional(Type.String({ minLength: 1 })),
  CIPX_RATE_LIMIT_PER_MINUTE: Type.Integer({ default: 600, minimum: 1 }),
  CIPX_SIGN_IN_LOCKOUT_ATTEMPTS: Type.Integer({ default: 5, minimum: 1, maximum: 100 }),
  CIPX_SIGN_IN_LOCKOUT_MINUTES: Type.Integer({ default: 15, minimum: 1, maximum: 1440 }),
  CIPX_DEMO_PASSWORD: Type.Optional(Type.String({ minLength: 12, maxLength: 128 })),
  CIPX_ATTACHMENT_MAX_BYTES: Type.Integer({ default: 20 * 1024 * 1024, minimum: 1024, maximum: 1024 ** 3 }),
  CIPX_PDF_FONT: Type.String({ default: DEFAULT_PDF_FONT, minLength: 1 }),
});
type Env = Static<typeof Env>;

const descriptions: Record<keyof Env, string> = {
  CIPX_HOST: 'an interface address such as 127.0.0.1 or 0.0.0.0',
  CIPX_PORT: 'an integer from 0 to 65535',
  CIPX_PUBLIC_URL: 'an http(s) origin such as https://cipx.example.jp',
  CIPX_DATA_DIR: 'a directory path',
  DATABASE_URL: 'a postgres:// or postgresql:// connection URL',
  CIPX_DATABASE_POOL: 'an integer from 1 to 200',
  CIPX_ROLE: 'one of all, api, worker',
  CIPX_LOG_LEVEL: 'one of fatal, error, warn, info, debug, trace, silent',
  CIPX_TRUST_PROXY: 'true or false',
  CIPX_SESSION_HOURS: 'an integer from 1 to 720',
  CIPX_SMTP_URL: 'an smtp:// or smtps:// URL',
  CIPX_MAIL_FROM: 'an address such as CIPX <no-reply@example.jp>',
  CIPX_MAIL_DIR: 'a directory path',
  CIPX_RATE_LIMIT_PER_MINUTE: 'a positive integer',
  CIPX_SIGN_IN_LOCKOUT_ATTEMPTS: 'an integer from 1 to 100',
  CIPX_SIGN_IN_LOCKOUT_MINUTES: 'an integer from 1 to 1440',
  CIPX_DEMO_PASSWORD: 'a password of 12 to 128 characters',
  CIPX_ATTACHMENT_MAX_BYTES: 'an integer number of bytes from 1024 to 1073741824',
  CIPX_PDF_FONT: 'the path of a CJK font file (.ttc, .otf or .ttf) for report PDFs',
};

export interface Config {
  host: string;
  port: number;
  publicUrl: string;
  dataDir: string;
  databaseUrl: string | undefined;
  databasePool: number;
  role: 'all' | 'api' | 'worker';
  logLevel: string;
  trustProxy: boolean;
  sessionHours: number;
  smtpUrl: string | undefined;
  mailFrom: string;
  /** When no SMTP server is configured, mail is written as .eml files here. */
  mailDir: string;
  rateLimitPerMinute: number;
  lockoutAttempts: number;
  lockoutMinutes: number;
  /** The demo sign-ins' password; random per data directory when unset. */
  demoPassword: string | undefined;
  /** The largest attachment a report accepts, in bytes (default 20 MiB). */
  attachmentMaxBytes: number;
  /** The CJK font report PDFs are set in (default: Noto Sans CJK from fonts-noto-cjk). */
  pdfFont: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function coerce(name: keyof Env, raw: string): unknown {
  const schema = Env.properties[name] as { type?: string };
  if (schema.type === 'integer') return /^-?\d+$/.test(raw.trim()) ? Number(raw) : raw;
  if (schema.type === 'boolean') {
    if (['true', '1', 'yes'].includes(raw.toLowerCase())) return true;
    if (['false', '0', 'no'].includes(raw.toLowerCase())) return false;
  }
  return raw;
}

/** Reads the environment; `overrides` are CLI flags, which win over env. */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  overrides: Partial<Record<keyof Env, string>> = {},
): Config {
  const input: Record<string, unknown> = {};
  for (const name of Object.keys(Env.properties) as (keyof Env)[]) {
    const raw = overrides[name] ?? env[name];
    if (raw === undefined || raw === '') continue;
    const value = coerce(name, raw);
    if (!Value.Check(Env.properties[name], value)) {
      const shown = /URL|PASSWORD/.test(name) ? '(value hidden)' : JSON.stringify(raw);
      throw new ConfigError(`${name} must be ${descriptions[name]} (got ${shown})`);
    }
    input[name] = value;
  }
  const e = Value.Default(Env, input) as Env;
  const dataDir = resolve(e.CIPX_DATA_DIR);
  return {
    host: e.CIPX_HOST,
    port: e.CIPX_PORT,
    publicUrl: (e.CIPX_PUBLIC_URL ?? `http://localhost:${e.CIPX_PORT}`).replace(/\/$/, ''),
    dataDir,
    databaseUrl: e.DATABASE_URL,
    databasePool: e.CIPX_DATABASE_POOL,
    role: e.CIPX_ROLE,
    logLevel: e.CIPX_LOG_LEVEL,
    trustProxy: e.CIPX_TRUST_PROXY,
    sessionHours: e.CIPX_SESSION_HOURS,
    smtpUrl: e.CIPX_SMTP_URL,
    mailFrom: e.CIPX_MAIL_FROM,
    mailDir: e.CIPX_MAIL_DIR ? resolve(e.CIPX_MAIL_DIR) : resolve(dataDir, 'mail'),
    rateLimitPerMinute: e.CIPX_RATE_LIMIT_PER_MINUTE,
    lockoutAttempts: e.CIPX_SIGN_IN_LOCKOUT_ATTEMPTS,
    lockoutMinutes: e.CIPX_SIGN_IN_LOCKOUT_MINUTES,
    demoPassword: e.CIPX_DEMO_PASSWORD,
    attachmentMaxBytes: e.CIPX_ATTACHMENT_MAX_BYTES,
    pdfFont: resolve(e.CIPX_PDF_FONT),
  };
}
