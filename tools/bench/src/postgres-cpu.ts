// CPU time of an embedded PostgreSQL (postmaster, its live children, and the children it has
// reaped), from /proc: on a shared machine wall time moves with other people's load, CPU hardly.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const TICKS_PER_SECOND = 100;

function stat(pid: number): { ppid: number; ticks: number; childTicks: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // After "pid (comm) ": state ppid … utime(14) stime(15) cutime(16) cstime(17), 1-based in proc(5).
    return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]), childTicks: Number(fields[13]) + Number(fields[14]) };
  } catch {
    return null;
  }
}

/** Milliseconds of CPU a live process has used so far (every thread; 0 when it is gone or unknown). */
export function processCpuMs(pid: number | undefined): number {
  const own = pid === undefined ? null : stat(pid);
  return own ? (own.ticks * 1000) / TICKS_PER_SECOND : 0;
}

/** Milliseconds of CPU used so far by the PostgreSQL whose data directory is given; null when unknown. */
export function postgresCpuMs(dataDir: string | undefined): number | null {
  if (!dataDir || !existsSync(join(dataDir, 'postmaster.pid'))) return null;
  const postmaster = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const own = stat(postmaster);
  if (!own) return null;
  let ticks = own.ticks + own.childTicks;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const child = stat(Number(entry));
    if (child?.ppid === postmaster) ticks += child.ticks;
  }
  return Math.round((ticks * 1000) / TICKS_PER_SECOND);
}
