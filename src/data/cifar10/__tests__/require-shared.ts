/// <reference types="node" />
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DATA_DIR } from '../../__tests__/shared-data';

/**
 * A real file from ../shared/data. Absent: under CI=1 the test FAILS naming the file (the
 * project never lets CI pass without its real data); elsewhere the caller skips and says why.
 */
export function requireShared(rel: string): Uint8Array | null {
  const path = resolve(DATA_DIR, rel);
  if (existsSync(path)) return new Uint8Array(readFileSync(path));
  if (process.env.CI) throw new Error(`Missing real data file ${rel} (looked in ${DATA_DIR}).`);
  return null;
}
