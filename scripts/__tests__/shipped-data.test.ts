import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATASETS } from '../../src/data/registry';
import { checkShipped, pack, SOURCES, shippedFiles, unpack } from '../shipped-data';

const SHARED = process.env.SHARED_DATA_DIR ?? resolve(process.cwd(), '../shared/data');
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('the book data shipped in public/datasets/', () => {
  it('ships every data set the licences allow, each file with a source and a sha256', () => {
    const ids = new Set(shippedFiles().map((s) => s.datasetId));
    expect([...ids].sort()).toEqual(
      [
        '20-newsgroups',
        'bitcoin-historical-prices',
        'bitcoin-test',
        'bitcoin-train',
        'cifar-10',
        'credit-card-default',
        'energy',
        'mnist',
        'somerville-happiness',
        'year-prediction-msd',
      ].sort(),
    );
    for (const { file } of shippedFiles()) {
      expect(SOURCES[file.shipped.path], file.shipped.path).toBeDefined();
      expect(file.shipped.path.startsWith('datasets/')).toBe(true);
    }
  });

  it('packs and unpacks a file byte for byte', () => {
    const bytes = new TextEncoder().encode('D,X1\r\n1,5\r\n'.repeat(50));
    expect(new Uint8Array(unpack(pack(bytes, 'gzip'), 'gzip'))).toEqual(bytes);
    expect(pack(bytes, 'gzip').byteLength).toBeLessThan(bytes.byteLength / 5);
  });

  it('does not ship what cannot be shipped: the full CIFAR-10 and YearPredictionMSD', () => {
    const full = (id: string, name: string) =>
      DATASETS.find((d) => d.id === id)?.files.find((f) => f.name === name);
    expect(full('cifar-10', 'cifar-10-binary.tar.gz')?.shipped).toBeUndefined();
    expect(full('year-prediction-msd', 'YearPredictionMSD.csv')?.shipped).toBeUndefined();
  });

  for (const shipped of shippedFiles()) {
    it(`${shipped.file.shipped.path} unpacks to the registry's sha256 and size`, () => {
      expect(checkShipped(shipped)).toEqual([]);
    });
  }

  it("each shipped file is rebuilt from a real file with the registry's sha256", () => {
    for (const { file } of shippedFiles()) {
      const rel = SOURCES[file.shipped.path]!;
      const source = resolve(SHARED, rel);
      if (!existsSync(source)) {
        // Under CI the real files must be there; elsewhere the committed copies were checked above.
        if (process.env.CI) throw new Error(`${rel} is absent from ${SHARED}`);
        continue;
      }
      const bytes = new Uint8Array(readFileSync(source));
      expect(sha256(bytes), rel).toBe(file.sha256);
    }
  });
});
