import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/*
 * CPU time a process has used, from /proc/<pid>/stat (Linux): utime + stime, in clock ticks, of all
 * its threads (a Node process's worker threads, PGlite and tsx's loader included). Children that
 * ended are not in it (cutime / cstime are left out: a runtime starts no child processes of its own
 * except the scripts sandbox, which lives as long as the runtime and is not counted).
 */

/** utime and stime (fields 14 and 15) of a /proc/<pid>/stat line, in clock ticks. */
export function parseProcStat(text: string): { userTicks: number; systemTicks: number } {
  // The command name (field 2) is in parentheses and may hold spaces and ')': the fields that
  // follow start after the LAST ')'.
  const end = text.lastIndexOf(')');
  if (end === -1) throw new Error(`not a /proc/<pid>/stat line: ${text.slice(0, 80)}`);
  const fields = text.slice(end + 1).trim().split(/\s+/);
  // fields[0] is field 3 (state), so field n is fields[n - 3].
  const userTicks = Number(fields[14 - 3]);
  const systemTicks = Number(fields[15 - 3]);
  if (!Number.isFinite(userTicks) || !Number.isFinite(systemTicks)) throw new Error(`no utime / stime in: ${text.slice(0, 200)}`);
  return { userTicks, systemTicks };
}

let ticksPerSecond: number | null = null;

/** The kernel's clock ticks per second (getconf CLK_TCK; 100 on every usual Linux). */
export function clockTicksPerSecond(): number {
  if (ticksPerSecond === null) {
    try {
      const value = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
      ticksPerSecond = Number.isFinite(value) && value > 0 ? value : 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** CPU ticks (user + system) of `pid` so far; null when there is no such process here (ended, or on another machine). */
export function readCpuTicks(pid: number): number | null {
  try {
    const { userTicks, systemTicks } = parseProcStat(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
    return userTicks + systemTicks;
  } catch {
    return null;
  }
}

/** Ticks per pid, for the pids that could be read. */
export function cpuSnapshot(pids: Iterable<number>): Map<number, number> {
  const snapshot = new Map<number, number>();
  for (const pid of pids) {
    const ticks = readCpuTicks(pid);
    if (ticks !== null) snapshot.set(pid, ticks);
  }
  return snapshot;
}

/**
 * CPU seconds used between two snapshots, summed over their pids: a pid only in `after` started in
 * between and counts from zero; a pid only in `before` ended in between and its last part is lost
 * (the caller says so). Null when `after` read no pid at all (nothing measurable here).
 */
export function cpuSecondsBetween(before: ReadonlyMap<number, number>, after: ReadonlyMap<number, number>, ticksPerS: number): number | null {
  if (after.size === 0) return null;
  let ticks = 0;
  for (const [pid, end] of after) ticks += Math.max(0, end - (before.get(pid) ?? 0));
  return ticks / ticksPerS;
}
