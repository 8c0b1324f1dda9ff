import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time of this process's child processes (the browser the benchmark launched, its renderer and
 * GPU processes), every thread, from /proc/<pid>/task/<tid>/schedstat (nanoseconds on a CPU).
 * Unlike wall time it does not grow when other work shares the machine. Linux only; NaN elsewhere.
 */
export function childrenCpuMs(): number {
  try {
    const parent = new Map<number, number>();
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        // Field 4 (ppid) comes after the command name in parentheses, which may itself hold spaces.
        parent.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      } catch {
        // The process ended while being read.
      }
    }
    const mine = (pid: number): boolean => {
      for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) if (p === process.pid) return true;
      return false;
    };
    let ns = 0;
    for (const pid of parent.keys()) {
      if (!mine(pid)) continue;
      try {
        for (const tid of readdirSync(`/proc/${pid}/task`)) ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
      } catch {
        // The process ended while being read.
      }
    }
    return ns / 1e6;
  } catch {
    return NaN;
  }
}
