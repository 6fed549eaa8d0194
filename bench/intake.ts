import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import type { Db } from '../apps/server/src/platform/db/database.js';
import { createCopier, readTemplate, templateShape, writeCopy } from './lib/baseline.js';
import { startCpuSplit, type CpuSplit } from './lib/cpu.js';
import { createClient, fileReport, percentile, runLanes, type RunResult } from './lib/load.js';
import { startDbCounters } from './lib/pg-stats.js';
import { newestProfile, summarizeProfile, type ProfileSummary } from './lib/profile.js';
import { startServer } from './lib/server.js';
import { createBenchDatabase, prepareDatabase, type BenchDbKind } from './lib/setup.js';
import { startSmtpSink } from './lib/smtp-sink.js';

// `npm run bench -- intake [--db postgres|pglite|both] [--reports N] [--concurrency C]`
//
// Reports/s accepted over HTTP with API tokens (P2, issue 3) against a baseline in the same
// run: the same rows written by direct SQL, one transaction per report, same concurrency.
// ratio = API rate ÷ baseline rate. Goal on PostgreSQL: ratio ≥ 0.5 and ≥ 1,000 reports/s.

const RESULTS = fileURLToPath(new URL('results/', import.meta.url));
const RUN_DEADLINE_MS = 240_000;
const DRAIN_TIMEOUT_MS = 60_000;

const USAGE = `usage: npm run bench -- intake [options]
  --db postgres|pglite|both   databases to run (default both)
  --reports N                 filings per run (default 5000 on PostgreSQL, 1000 on PGlite)
  --concurrency C             filings in flight (default 32)
  --reporters K               demo operators filing, one API token each (default 200)
  --pool P                    the server's PostgreSQL pool (CIPX_DATABASE_POOL, default 10)
  --no-severity               file without the reporter's provisional severity rating
  --three-step                file the old way: create, rate, submit (three requests);
                              default is one POST /reports with submit: true
  --profile                   write a CPU profile of the server (to a temp directory) and
                              summarise the measured run's share of it
PostgreSQL: a throwaway database on BENCH_DATABASE_URL or TEST_DATABASE_URL
(default postgres://cipx:…@127.0.0.1:5432/cipx), dropped at the end.`;

function positive(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer`);
  return n;
}

interface Options {
  dbs: BenchDbKind[];
  reports: number | undefined;
  concurrency: number;
  reporters: number;
  pool: number;
  severity: boolean;
  threeStep: boolean;
  profile: boolean;
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      db: { type: 'string', default: 'both' },
      reports: { type: 'string' },
      concurrency: { type: 'string' },
      reporters: { type: 'string' },
      pool: { type: 'string' },
      'no-severity': { type: 'boolean', default: false },
      'three-step': { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const dbs: BenchDbKind[] =
    values.db === 'both'
      ? ['postgres', 'pglite']
      : values.db === 'postgres' || values.db === 'pglite'
        ? [values.db]
        : [];
  if (dbs.length === 0) throw new Error('--db must be postgres, pglite or both');
  return {
    dbs,
    reports: values.reports === undefined ? undefined : positive(values.reports, 'reports', 1),
    concurrency: positive(values.concurrency, 'concurrency', 32),
    reporters: positive(values.reporters, 'reporters', 200),
    pool: positive(values.pool, 'pool', 10),
    severity: !values['no-severity'],
    threeStep: values['three-step'],
    profile: values.profile,
  };
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

function latencies(run: RunResult) {
  const sorted = [...run.latenciesMs].sort((a, b) => a - b);
  const steps = Object.fromEntries(
    Object.entries(run.stepsMs).map(([step, values]) => {
      const s = [...values].sort((a, b) => a - b);
      return [step, { p50_ms: round(percentile(s, 50)), p99_ms: round(percentile(s, 99)) }];
    }),
  );
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), steps };
}

/** Outbox rows by kind: how many the worker finished, failed, or has not run (yet, or not due). */
async function outboxState(db: Db) {
  const rows = await db.db
    .selectFrom('outbox')
    .select((eb) => [
      'kind',
      eb.fn.countAll<string>().as('total'),
      sql<string>`count(*) FILTER (WHERE done_at IS NOT NULL)`.as('done'),
      sql<string>`count(*) FILTER (WHERE failed_at IS NOT NULL)`.as('failed'),
      sql<string>`count(*) FILTER (WHERE done_at IS NULL AND failed_at IS NULL AND run_at > now())`.as(
        'not_due',
      ),
    ])
    .groupBy('kind')
    .orderBy('kind')
    .execute();
  return Object.fromEntries(
    rows.map((r) => [
      r.kind,
      { total: Number(r.total), done: Number(r.done), failed: Number(r.failed), not_due: Number(r.not_due) },
    ]),
  );
}

async function auditState(db: Db) {
  const pending = await db.db
    .selectFrom('audit_pending')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  const chained = await db.db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return { pending: Number(pending.n), chained: Number(chained.n) };
}

/** CPU milliseconds per report of the parties a filing uses (not the machine's other work). */
function perReport(split: CpuSplit | null, reports: number) {
  if (!split) return null;
  const ms = (seconds: number) => round((seconds * 1000) / reports, 2);
  return { server: ms(split.server), postgres: ms(split.postgres), bench: ms(split.bench) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function runOne(kind: BenchDbKind, options: Options, stamp: string) {
  const reports = options.reports ?? (kind === 'postgres' ? 5000 : 1000);
  const { concurrency } = options;
  const warmup = Math.min(200, Math.max(concurrency, Math.ceil(reports / 20)));
  const log = (message: string) => process.stderr.write(`[intake ${kind}] ${message}\n`);
  const started = performance.now();
  const bench = await createBenchDatabase(kind);
  // Profiles are large and not results: they go to a temp directory, their summary to the JSON.
  const profileDir = options.profile
    ? mkdtempSync(join(tmpdir(), `cipx-intake-profile-${kind}-`))
    : undefined;
  let sink: Awaited<ReturnType<typeof startSmtpSink>> | undefined;
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  let client: ReturnType<typeof createClient> | undefined;
  let db: Db | undefined;
  try {
    log(`database ${bench.label}`);
    const prepared = await prepareDatabase(bench, options.reporters);
    log(
      `migrated ${round(prepared.seconds.migrate)} s, seeded ${prepared.counts.organizations} organizations ` +
        `${round(prepared.seconds.seed)} s, ${prepared.reporters.length} reporters with tokens ${round(prepared.seconds.reporters)} s`,
    );
    sink = await startSmtpSink();
    server = await startServer({
      databaseUrl: bench.url,
      dataDir: bench.dataDir,
      smtpUrl: sink.url,
      poolSize: options.pool,
      cpuProfileDir: profileDir,
    });
    log(`server ${server.url} (pid ${server.pid})`);
    client = createClient(server.url, concurrency);
    const http = client;
    const { reporters } = prepared;
    const filing = (i: number) =>
      fileReport(http, reporters[i % reporters.length] as (typeof reporters)[number], i, {
        severity: options.severity,
        threeStep: options.threeStep,
      });

    const warm = await runLanes(warmup, concurrency, RUN_DEADLINE_MS, filing);
    if (warm.errors > 0) throw new Error(`warm-up failed: ${JSON.stringify(warm.firstErrors[0])}`);
    const templateId = warm.ids[0] as string;
    log(
      `warm-up ${warmup} filings at ${round(warm.rate)} /s; measuring ${reports} at concurrency ${concurrency}`,
    );

    const window = { fromUs: monotonicUs(), toUs: 0 };
    const apiCounters = await startDbCounters(bench.url);
    const apiCpu = startCpuSplit(server.pid);
    const api = await runLanes(reports, concurrency, RUN_DEADLINE_MS, (i) => filing(warmup + i));
    const apiCpuSplit = apiCpu.stop();
    const apiDb = await apiCounters.stop(reports);
    window.toUs = monotonicUs();
    const apiLatency = latencies(api);
    log(
      `API ${round(api.rate)} reports/s, p50 ${round(apiLatency.p50)} ms, p99 ${round(apiLatency.p99)} ms, errors ${api.errors}`,
    );
    log(`API steps ${JSON.stringify(apiLatency.steps)}; CPU seconds ${JSON.stringify(apiCpuSplit)}`);
    for (const e of api.firstErrors) log(`error at ${e.step}: ${e.status} ${e.body.slice(0, 300)}`);

    // The worker mails each arrival; the run waits (bounded) until the sink stops receiving.
    const drainStarted = performance.now();
    let mails = await sink.count();
    for (let quiet = 0; quiet < 3 && performance.now() - drainStarted < DRAIN_TIMEOUT_MS;) {
      await sleep(1000);
      const now = await sink.count();
      quiet = now === mails ? quiet + 1 : 0;
      mails = now;
    }
    const drainSeconds = Math.max(0, (performance.now() - drainStarted) / 1000 - 3);
    if (apiDb) {
      log(`PostgreSQL per filing: ${JSON.stringify(apiDb.database)}`);
      for (const t of apiDb.tables.slice(0, 6)) log(`  ${JSON.stringify(t)}`);
    }
    client.close();
    client = undefined;
    await server.stop();
    server = undefined;

    let profile: ProfileSummary | undefined;
    const profileFile = profileDir ? newestProfile(profileDir) : undefined;
    if (profileFile) profile = summarizeProfile(profileFile, window);

    // The baseline opens the database only now: PGlite serves one process at a time.
    db = await bench.open(concurrency);
    const outbox = await outboxState(db);
    const audit = await auditState(db);
    const template = await readTemplate(db.db, templateId);
    const copier = createCopier(template);
    const database = db;
    const copyTask = async (i: number) => {
      await writeCopy(database.db, copier.copy(i));
      return { id: '', steps: {} };
    };
    await runLanes(warmup, concurrency, RUN_DEADLINE_MS, copyTask);
    const baselineCounters = await startDbCounters(bench.url);
    const baselineCpu = startCpuSplit(-1);
    const baseline = await runLanes(reports, concurrency, RUN_DEADLINE_MS, (i) => copyTask(warmup + i));
    const baselineCpuSplit = baselineCpu.stop();
    const baselineDb = await baselineCounters.stop(reports);
    const copies = await db.db
      .selectFrom('reports')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('number', 'like', 'B-%')
      .executeTakeFirstOrThrow();
    if (Number(copies.n) !== warmup + reports - baseline.errors) {
      throw new Error(`baseline wrote ${copies.n} reports, expected ${warmup + reports - baseline.errors}`);
    }
    for (const e of baseline.firstErrors) log(`baseline error: ${e.body.slice(0, 300)}`);
    log(
      `baseline ${round(baseline.rate)} reports/s (${JSON.stringify(templateShape(template))}); CPU seconds ${JSON.stringify(baselineCpuSplit)}`,
    );
    log(`worker: ${mails} mails, outbox ${JSON.stringify(outbox)}, audit ${JSON.stringify(audit)}`);

    const ratio = api.rate / baseline.rate;
    const figures = {
      reports,
      concurrency,
      api_rps: round(api.rate),
      baseline_rps: round(baseline.rate),
      p50_ms: round(apiLatency.p50),
      p99_ms: round(apiLatency.p99),
      errors: api.errors + baseline.errors,
      ratio: round(ratio, 3),
    };
    console.log(
      `intake ${kind} ${Object.entries(figures)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')}`,
    );
    const result = {
      bench: 'intake',
      db: kind,
      at: new Date().toISOString(),
      figures,
      goal:
        kind === 'postgres'
          ? { ratio_at_least: 0.5, api_rps_at_least: 1000, met: ratio >= 0.5 && api.rate >= 1000 }
          : null,
      filing: {
        requests: !options.threeStep
          ? [
              options.severity
                ? 'POST /api/v1/reports (Idempotency-Key, submit: true, provisionalSeverity)'
                : 'POST /api/v1/reports (Idempotency-Key, submit: true)',
            ]
          : options.severity
            ? [
                'POST /api/v1/reports (Idempotency-Key)',
                'POST /api/v1/reports/{id}/severity',
                'POST /api/v1/reports/{id}/submit',
              ]
            : ['POST /api/v1/reports (Idempotency-Key)', 'POST /api/v1/reports/{id}/submit'],
        auth: 'Bearer API token (reports:write), one per reporter',
        steps: apiLatency.steps,
      },
      api: {
        seconds: round(api.seconds, 2),
        errors: api.errors,
        first_errors: api.firstErrors,
        cpu_seconds: apiCpuSplit,
        cpu_ms_per_report: perReport(apiCpuSplit, reports),
        postgres_per_report: apiDb,
      },
      baseline: {
        seconds: round(baseline.seconds, 2),
        errors: baseline.errors,
        rows_per_report: templateShape(template),
        connections: kind === 'pglite' ? 1 : concurrency,
        method: 'one transaction per report, one INSERT … jsonb_populate_recordset per table',
        cpu_seconds: baselineCpuSplit,
        cpu_ms_per_report: perReport(baselineCpuSplit, reports),
        postgres_per_report: baselineDb,
      },
      worker: {
        mails,
        drain_seconds_after_run: round(drainSeconds, 1),
        outbox,
        audit,
      },
      setup: {
        reporters: options.reporters,
        warmup_filings: warmup,
        server_pool: kind === 'postgres' ? options.pool : 1,
        seconds: prepared.seconds,
        organizations: prepared.counts.organizations,
        recipient_contacts: prepared.counts.recipientContacts,
        total_seconds: round((performance.now() - started) / 1000, 1),
      },
      machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? '', node: process.version },
      ...(profile ? { profile } : {}),
    };
    mkdirSync(RESULTS, { recursive: true });
    const file = join(RESULTS, `intake-${kind}-${stamp}.json`);
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    log(`wrote ${file}`);
    if (profile) {
      log(`server CPU profile (measured run only) ${profile.file}`);
      for (const a of profile.areas) log(`  ${String(a.share).padStart(5)} %  ${a.area}`);
      for (const f of profile.functions.slice(0, 10)) log(`  ${String(f.share).padStart(5)} %  ${f.fn}`);
    }
    return result;
  } finally {
    client?.close();
    await server?.stop();
    await db?.close();
    await sink?.stop();
    await bench.drop();
  }
}

async function main(): Promise<number> {
  let options: Options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  let failed = false;
  for (const kind of options.dbs) {
    try {
      const result = await runOne(kind, options, stamp);
      if (result.figures.errors > 0) failed = true;
    } catch (error) {
      failed = true;
      console.error(
        `[intake ${kind}] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    }
  }
  return failed ? 1 : 0;
}

process.exitCode = await main();
