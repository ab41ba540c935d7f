/// <reference types="node" />
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * The real data files live outside the repo (`../shared/data/`, see its README) and are never
 * committed. Tests that need one skip, saying which file is missing, when it is absent.
 */
export const DATA_DIR = process.env.SHARED_DATA_DIR ?? resolve(process.cwd(), '../shared/data');

export function sharedFile(rel: string): Uint8Array | null {
  const path = resolve(DATA_DIR, rel);
  return existsSync(path) ? new Uint8Array(readFileSync(path)) : null;
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
