// Screenshots and logs of one test, under test-artifacts/e2e/<test>/, kept after the run.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS_ROOT } from './paths';

/** A file-name-safe form of a test or step title. */
export function slug(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9.]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'unnamed';
}

/** The artifacts folder of a test, emptied of an earlier run's files. */
export function freshArtifactsDir(test: string): string {
  const dir = path.join(ARTIFACTS_ROOT, slug(test));
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** Saves `<dir>/<step>.png` and returns its path. */
export async function saveScreenshot(page: Page, dir: string, step: string): Promise<string> {
  const file = path.join(dir, `${slug(step)}.png`);
  await page.screenshot({ path: file });
  return file;
}
