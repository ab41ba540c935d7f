import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { precacheManifest } from '../vite-service-worker';

describe('the precache list written into sw.js', () => {
  const out = mkdtempSync(join(tmpdir(), 'tfnb-precache-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));
  const write = (path: string, text: string) => {
    mkdirSync(join(out, path, '..'), { recursive: true });
    writeFileSync(join(out, path), text);
  };
  write('index.html', '<html></html>');
  write('assets/worker-abc.js', 'self.onmessage = null;');
  write('assets/tfjs-backend-wasm-simd-x.wasm', '\0asm');
  write('assets/index-abc.js.map', '{}');
  write('sw.js', 'self.__TFNB_PRECACHE__');
  write('datasets/energy/energydata_complete.csv.gz', 'gz');

  it('holds the shell, the workers and the WASM, not the data sets, sw.js or source maps', () => {
    const { entries } = precacheManifest(out);
    expect(entries.map((e) => e.url)).toEqual([
      '/assets/tfjs-backend-wasm-simd-x.wasm',
      '/assets/worker-abc.js',
      '/index.html',
    ]);
  });

  it('changes its version when a file changes, so the browser installs the new sw.js', () => {
    const before = precacheManifest(out);
    write('index.html', '<html>new</html>');
    const after = precacheManifest(out);
    expect(after.version).not.toBe(before.version);
    expect(after.entries.find((e) => e.url === '/assets/worker-abc.js')?.revision).toBe(
      before.entries.find((e) => e.url === '/assets/worker-abc.js')?.revision,
    );
  });
});
