import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { assertDataset, identify, validate } from '../dataset-check';
import { parseIdx, readIdx } from '../idx';
import { dataset } from '../registry';
import { sha256Hex } from '../sha256';
import { makeTable, numberColumn } from '../table';
import { sharedFile, titled, utf8 } from './shared-data';

describe('IDX (MNIST)', () => {
  it('reads a small uint8 and a big-endian int32 file', async () => {
    const u8 = new Uint8Array([0, 0, 0x08, 2, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6]);
    expect(parseIdx('a', u8)).toMatchObject({ dtype: 'uint8', shape: [2, 3] });
    const i32 = new Uint8Array([0, 0, 0x0c, 1, 0, 0, 0, 2, 0, 0, 1, 0, 0xff, 0xff, 0xff, 0xfe]);
    expect(Array.from(parseIdx('b', i32).data)).toEqual([256, -2]);
    expect((await readIdx('c.gz', gzipSync(u8))).shape).toEqual([2, 3]);
  });

  it('refuses a cut-off file, saying how many bytes the header promises', () => {
    const cut = new Uint8Array([0, 0, 0x08, 1, 0, 0, 0, 5, 1, 2]);
    expect(() => parseIdx('cut', cut)).toThrow(/promises 13 bytes \(shape 5\), the file has 10/);
  });

  const LABELS = 'mnist/t10k-labels-idx1-ubyte.gz';
  const labels = sharedFile(LABELS);
  it.skipIf(!labels)(
    titled('reads the real MNIST test labels: 10,000, with the README counts', LABELS, labels),
    async () => {
      const a = await readIdx('t10k-labels-idx1-ubyte.gz', labels!);
      expect(a.shape).toEqual([10000]);
      const counts = new Array(10).fill(0);
      for (const v of a.data) counts[v]++;
      expect(counts).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
    },
  );

  const IMAGES = 'mnist/t10k-images-idx3-ubyte.gz';
  const images = sharedFile(IMAGES);
  it.skipIf(!images)(
    titled('reads the real MNIST test images: 10,000 × 28 × 28', IMAGES, images),
    async () => {
      const a = await readIdx('t10k-images-idx3-ubyte.gz', images!);
      expect(a).toMatchObject({ dtype: 'uint8', shape: [10000, 28, 28] });
      expect(a.data.length).toBe(7840000);
      expect(await sha256Hex(images!)).toBe(
        dataset('mnist').files.find((f) => f.name === 't10k-images-idx3-ubyte.gz')!.sha256,
      );
    },
  );
});

describe('registry', () => {
  it('tells a wrong file from the data set by its columns', () => {
    const wrong = makeTable(
      'other.csv',
      ['a', 'b', 'c'].map((n) => numberColumn(n, Float64Array.from([1]))),
    );
    const v = validate(dataset('credit-card-default'), wrong);
    expect(v.ok).toBe(false);
    expect(v.problems[0]).toBe('expected 25 columns ID, LIMIT_BAL, SEX…, got 3 (a, b, c)');
    expect(() => assertDataset(dataset('credit-card-default'), wrong)).toThrow(
      expect.objectContaining({ kind: 'wrong-dataset' }),
    );
  });

  it('knows every book data set with a licence, a citation and files', () => {
    for (const id of [
      'somerville-happiness',
      'energy',
      'year-prediction-msd',
      'credit-card-default',
      'bitcoin-historical-prices',
      'cifar-10',
      'mnist',
    ]) {
      const d = dataset(id);
      expect(d.licence && d.citation && d.url).toBeTruthy();
      expect(d.files.length).toBeGreaterThan(0);
    }
    expect(() => dataset('nope')).toThrow(/no data set "nope"/);
  });

  it('identifies known copies by sha256', async () => {
    const entry = dataset('credit-card-default');
    expect(
      identify(entry, '4c4b2c987f96c04cd71e6c326653cf3b3195fea4a970346ba86a9a6713c036ac'),
    ).toMatchObject({ match: 'variant' });
    expect(identify(entry, await sha256Hex(utf8('x')))).toEqual({ match: 'unknown' });
    expect(await sha256Hex(utf8('abc'))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });
});
