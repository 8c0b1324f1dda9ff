import { readFileSync } from 'node:fs';
import { descendants } from './processTree';

/**
 * Resident memory of this process's descendants (the browser the benchmark launched and its
 * renderer, GPU and utility processes), by Chromium process type, from /proc. Linux only; an empty
 * description elsewhere.
 */
export function childrenMemory(): string {
  const byType = new Map<string, { count: number; mb: number }>();
  let pids: number[] = [];
  try {
    pids = descendants();
  } catch {
    return '';
  }
  for (const pid of pids) {
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
