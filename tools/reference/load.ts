import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { ReferenceCase } from './adapter';

export interface ReferenceFile {
  file: string;
  op: string;
  kind: string;
  cases: ReferenceCase[];
}

/** A file that could not be read as a reference file, with the reason. */
export interface BrokenFile {
  file: string;
  error: string;
}

/** Every `*.json` in `dir`, sorted by name; files that are not reference files are reported, not thrown. */
export function loadReferenceDir(dir: string): { files: ReferenceFile[]; broken: BrokenFile[] } {
  const names = readdirSync(dir).filter((n) => n.endsWith('.json')).sort();
  const files: ReferenceFile[] = [];
  const broken: BrokenFile[] = [];
  for (const name of names) {
    try {
      files.push(parseReferenceFile(name, readFileSync(join(dir, name), 'utf8')));
    } catch (e) {
      broken.push({ file: name, error: (e as Error).message });
    }
  }
  return { files, broken };
}

export function parseReferenceFile(file: string, text: string): ReferenceFile {
  const json: unknown = JSON.parse(text);
  if (json === null || typeof json !== 'object') throw new Error('not a JSON object');
  const { op, kind, cases } = json as { op?: unknown; kind?: unknown; cases?: unknown };
  if (typeof op !== 'string') throw new Error('missing "op"');
  if (typeof kind !== 'string') throw new Error('missing "kind"');
  if (!Array.isArray(cases)) throw new Error('missing "cases" list');
  cases.forEach((c, i) => {
    if (c === null || typeof c !== 'object' || typeof (c as { name?: unknown }).name !== 'string') {
      throw new Error(`case ${i} has no "name"`);
    }
  });
  return { file: basename(file), op, kind, cases: cases as ReferenceCase[] };
}
