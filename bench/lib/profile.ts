import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// Summarises a V8 .cpuprofile (node --cpu-prof): self time per function and per area
// (a package under node_modules, a server module, node internals), so a run can say where
// the server's time went.

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface ProfileSummary {
  file: string;
  totalMs: number;
  areas: { area: string; ms: number; share: number }[];
  functions: { fn: string; ms: number; share: number }[];
}

function areaOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg?.[1]) return pkg[1];
  const server = /apps\/server\/src\/(modules\/[^/]+|platform\/[^/]+|[^/]+)/.exec(url);
  if (server?.[1]) return `server:${server[1]}`;
  if (url.includes('packages/contracts')) return 'contracts';
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0] ?? ''}`;
  return url.split('/').slice(-2).join('/');
}

/**
 * `window` limits the summary to samples taken between two instants of CLOCK_MONOTONIC in
 * microseconds (`process.hrtime.bigint() / 1000n` in any process on this machine; V8 stamps
 * its samples with the same clock on Linux), e.g. the measured run only.
 */
export function summarizeProfile(
  file: string,
  window?: { fromUs: number; toUs: number },
  top = 15,
): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfMs = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let at = profile.startTime;
  for (let k = 0; k < samples.length; k++) {
    const delta = deltas[k] ?? 0;
    at += delta;
    if (window && (at < window.fromUs || at > window.toUs)) continue;
    const id = samples[k] as number;
    selfMs.set(id, (selfMs.get(id) ?? 0) + delta / 1000);
  }
  const areas = new Map<string, number>();
  const functions = new Map<string, number>();
  let total = 0;
  for (const [id, ms] of selfMs) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    total += ms;
    const area = areaOf(url, functionName);
    areas.set(area, (areas.get(area) ?? 0) + ms);
    const where =
      url === '' ? '' : ` ${url.replace(/^.*\/(node_modules|apps|packages)\//, '$1/')}:${lineNumber + 1}`;
    const fn = `${functionName || '(anonymous)'}${where}`;
    functions.set(fn, (functions.get(fn) ?? 0) + ms);
  }
  const ranked = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => ({ name, ms: Math.round(ms), share: Math.round((ms / total) * 1000) / 10 }));
  return {
    file,
    totalMs: Math.round(total),
    areas: ranked(areas).map(({ name, ms, share }) => ({ area: name, ms, share })),
    functions: ranked(functions).map(({ name, ms, share }) => ({ fn: name, ms, share })),
  };
}

/**
 * The newest main-thread .cpuprofile in `dir`, if any: node names them
 * CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile, and thread 0 is the main thread (tsx
 * adds a loader thread that is idle while the server runs).
 */
export function newestProfile(dir: string): string | undefined {
  const files = readdirSync(dir)
    .filter((f) => /^CPU\.\d+\.\d+\.\d+\.0\.\d+\.cpuprofile$/.test(f))
    .sort();
  const last = files.at(-1);
  return last === undefined ? undefined : join(dir, last);
}
