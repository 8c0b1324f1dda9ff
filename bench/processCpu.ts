import { readdirSync, readFileSync } from 'node:fs';
import { descendants } from './processTree';

/**
 * CPU time of this process's child processes (the browser the benchmark launched, its renderer and
 * GPU processes), every thread, from /proc/<pid>/task/<tid>/schedstat (nanoseconds on a CPU).
 * Unlike wall time it does not grow when other work shares the machine. Linux only; NaN elsewhere.
 */
export function childrenCpuMs(): number {
  try {
    let ns = 0;
    for (const pid of descendants()) {
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
