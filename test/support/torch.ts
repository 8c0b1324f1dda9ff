import { spawnSync } from 'node:child_process';

/** Debian's Python, which has python3-torch (the `python3` on PATH may be another without it). */
export const PYTHON = '/usr/bin/python3';

/** Tests that need torch run where it is installed (`npm run setup` installs it in CI). */
export const hasTorch = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;
