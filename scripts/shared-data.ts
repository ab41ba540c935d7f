import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * The one place that decides what a test does when a real data file is missing. The book data
 * live outside the repo (`../shared/data/`, see its README) and are never committed.
 * - Under `CI=1` a missing file fails: CI must prove the tests ran on the real data, and a
 *   silent skip would hide that they did not.
 * - In a developer's local run the test skips, and the skip says which file it wanted.
 */
export const SHARED_DATA_DIR =
  process.env.SHARED_DATA_DIR ?? resolve(process.cwd(), '../shared/data');

export class MissingSharedDataError extends Error {
  override name = 'MissingSharedDataError';
}

function inCi(): boolean {
  const ci = process.env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci !== 'false';
}

/** Why a test that needs `rel` cannot run here, or null when the file (or folder) is there. */
export function missingSharedData(rel: string): string | null {
  if (existsSync(resolve(SHARED_DATA_DIR, rel))) return null;
  return `${rel || 'the folder'} is absent from ${SHARED_DATA_DIR} (see ../shared/data/README.md)`;
}

/**
 * The absolute path of `rel` under the shared data folder. When it is absent: under CI=1 this
 * throws, naming the file; locally it prints what is skipped and returns null, and the caller
 * skips.
 */
export function sharedDataPath(rel: string, what = 'a test'): string | null {
  const missing = missingSharedData(rel);
  if (missing === null) return resolve(SHARED_DATA_DIR, rel);
  if (inCi())
    throw new MissingSharedDataError(
      `CI=1 and ${missing}: ${what} needs it, and CI may not skip. Put the book data there or set SHARED_DATA_DIR.`,
    );
  process.stderr.write(`skipped (local run): ${what}: ${missing}\n`);
  return null;
}
