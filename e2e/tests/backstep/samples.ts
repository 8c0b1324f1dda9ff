// The packaged extension and the sample files the suite opens; lines are found in the files
// themselves, so that an edited sample moves the expectations with it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../../harness';

export const SAMPLES = path.join(REPO_ROOT, 'samples');

/** backstep-<version>.vsix in the repository root, as tools/package.sh writes it. */
export function packagedVsix(): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
  const vsix = path.join(REPO_ROOT, `backstep-${manifest.version}.vsix`);
  if (!fs.existsSync(vsix)) throw new Error(`no ${path.basename(vsix)}: package the extension first (bash tools/package.sh)`);
  return vsix;
}

export function sampleText(file: string, folder = SAMPLES): string {
  return fs.readFileSync(path.join(folder, file), 'utf8');
}

/** The 1-based line of the first line of `text` that `pattern` matches. */
export function lineOf(text: string, pattern: RegExp, file = 'the model file'): number {
  const index = text.split('\n').findIndex((line) => pattern.test(line));
  if (index < 0) throw new Error(`${file} has no line matching ${String(pattern)}`);
  return index + 1;
}

/** Layer names of a model file's `model:` list, in order (`{ name: memory, … }`). */
export function layerNames(text: string): string[] {
  return [...text.matchAll(/^\s*-\s*\w+:\s*\{[^}]*\bname:\s*([\w-]+)/gm)].map((m) => m[1]!);
}

/** A number written as `key: N` in a model file, comments left out (the first one): `hidden`, `length`, `batch_size`. */
export function numberAfter(text: string, key: string, file = 'the model file'): number {
  const match = new RegExp(`\\b${key}:\\s*(\\d+)`).exec(text.replace(/#.*$/gm, ''));
  if (!match) throw new Error(`${file} has no "${key}: <number>"`);
  return Number(match[1]);
}
