import { readdirSync, readFileSync } from 'node:fs';

/**
 * Resident memory of this process's descendants (the browser the benchmark launched and its
 * renderer, GPU and utility processes), by Chromium process type, from /proc. Linux only; an empty
 * description elsewhere.
 */
export function childrenMemory(): string {
  const parent = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parent.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // The process ended while being read.
    }
  }
  const mine = (pid: number): boolean => {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) if (p === process.pid) return true;
    return false;
  };
  const byType = new Map<string, { count: number; mb: number }>();
  for (const pid of parent.keys()) {
    if (!mine(pid)) continue;
    try {
      const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
      const type = /--type=([a-z-]+)/.exec(readFileSync(`/proc/${pid}/cmdline`, 'utf8'))?.[1] ?? 'browser';
      const t = byType.get(type) ?? { count: 0, mb: 0 };
      byType.set(type, { count: t.count + 1, mb: t.mb + kb / 1024 });
    } catch {
      // The process ended while being read.
    }
  }
  return [...byType].map(([type, t]) => `${t.count} ${type} ${t.mb.toFixed(0)} MB`).join(', ');
}
