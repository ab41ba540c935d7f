/// <reference types="node" />
import { readFileSync } from 'node:fs';
import { SHARED_DATA_DIR, sharedDataPath } from '../../../scripts/shared-data';

/**
 * The real data files live outside the repo (`../shared/data/`, see its README) and are never
 * committed. A missing one fails the run under CI=1, naming it; a local run skips the tests
 * that need it and prints what it skipped (scripts/shared-data.ts decides both).
 */
export const DATA_DIR = SHARED_DATA_DIR;

export function sharedFile(rel: string): Uint8Array | null {
  const path = sharedDataPath(rel, 'a unit test');
  return path === null ? null : new Uint8Array(readFileSync(path));
}

/** A describe/it title that says why it was skipped when the file is absent. */
export function titled(title: string, rel: string, bytes: Uint8Array | null): string {
  return bytes ? title : `${title} [skipped: ${rel} is absent from ${DATA_DIR}]`;
}

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Counts line breaks the way the README does: CRLF, then bare CR, then bare LF. */
export function countLineBreaks(b: Uint8Array): { crlf: number; cr: number; lf: number } {
  let crlf = 0;
  let cr = 0;
  let lf = 0;
  for (let i = 0; i < b.length; i++) {
    if (b[i] === 13) {
      if (b[i + 1] === 10) {
        crlf++;
        i++;
      } else cr++;
    } else if (b[i] === 10) lf++;
  }
  return { crlf, cr, lf };
}
