import { existsSync, readdirSync, readFileSync } from 'node:fs';

// CPU seconds spent by each party during a measured run, from /proc (Linux): the server
// under test, the PostgreSQL backends, this load generator, and everything else on the
// machine (other work sharing the cores shows up there). Elsewhere the split is empty.

const TICKS_PER_SECOND = 100;

interface ProcessTimes {
  pid: number;
  ppid: number;
  comm: string;
  seconds: number;
}

function readAll(): ProcessTimes[] {
  const out: ProcessTimes[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    // comm may contain spaces and parentheses: the fields after it start at the last ')'.
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat.slice(close + 2).split(' ');
    const ppid = Number(fields[1]);
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    out.push({ pid: Number(entry), ppid, comm, seconds: (utime + stime) / TICKS_PER_SECOND });
  }
  return out;
}

export type CpuSplit = Record<'server' | 'postgres' | 'bench' | 'other' | 'idle', number>;

function machineSeconds(): { busy: number; idle: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const [, user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).map(Number);
  const busy = (user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0);
  return { busy: busy / TICKS_PER_SECOND, idle: ((idle ?? 0) + (iowait ?? 0)) / TICKS_PER_SECOND };
}

/** Starts measuring; `stop()` returns CPU seconds per party since the start. */
export function startCpuSplit(serverPid: number): { stop(): CpuSplit | null } {
  if (!existsSync('/proc/stat')) return { stop: () => null };
  const before = new Map(readAll().map((p) => [p.pid, p.seconds]));
  const machineBefore = machineSeconds();
  return {
    stop() {
      const machine = machineSeconds();
      const split: CpuSplit = { server: 0, postgres: 0, bench: 0, other: 0, idle: 0 };
      let attributed = 0;
      for (const p of readAll()) {
        const used = p.seconds - (before.get(p.pid) ?? 0);
        if (used <= 0) continue;
        const party =
          p.pid === serverPid
            ? 'server'
            : p.comm === 'postgres' || p.comm.startsWith('postgres:')
              ? 'postgres'
              : p.pid === process.pid
                ? 'bench'
                : null;
        if (party) {
          split[party] += used;
          attributed += used;
        }
      }
      const busy = machine.busy - machineBefore.busy;
      split.other = Math.max(0, busy - attributed);
      split.idle = machine.idle - machineBefore.idle;
      for (const k of Object.keys(split) as (keyof CpuSplit)[]) split[k] = Math.round(split[k] * 10) / 10;
      return split;
    },
  };
}
