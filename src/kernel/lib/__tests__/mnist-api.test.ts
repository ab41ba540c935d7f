import '../checkpoint/__tests__/worker-globals';
import { describe, expect, it } from 'vitest';
import { sharedFile, titled } from '@/data/__tests__/shared-data';
import { readIdx } from '@/data/idx';
import { mnistSplit } from '../mnist-api';

const IMAGES = 'mnist/t10k-images-idx3-ubyte.gz';
const LABELS = 'mnist/t10k-labels-idx1-ubyte.gz';
const images = sharedFile(IMAGES);
const labels = sharedFile(LABELS);

const idx = (shape: number[], data: Uint8Array) => ({ dtype: 'uint8' as const, shape, data });

describe('data.load("mnist") splits', () => {
  it.skipIf(!images || !labels)(
    titled(
      'the real test files become 10,000 uint8 images of 28×28×1 with their labels',
      IMAGES,
      images && labels,
    ),
    async () => {
      const split = mnistSplit(
        { file: 't10k-images-idx3-ubyte.gz', idx: await readIdx('i', images!) },
        { file: 't10k-labels-idx1-ubyte.gz', idx: await readIdx('l', labels!) },
      );
      expect(split.count).toBe(10000);
      expect(split.shape).toEqual([10000, 28, 28, 1]);
      expect(split.images).toBeInstanceOf(Uint8Array);
      expect(split.images.length).toBe(10000 * 784);
      // The first test digit of MNIST is a 7.
      expect(split.labels[0]).toBe(7);
    },
  );

  it('refuses images and labels of different counts, naming both files', () => {
    expect(() =>
      mnistSplit(
        { file: 'img.gz', idx: idx([2, 28, 28], new Uint8Array(2 * 784)) },
        { file: 'lab.gz', idx: idx([3], new Uint8Array(3)) },
      ),
    ).toThrow(/img\.gz has 2 images but lab\.gz has 3 labels/);
  });

  it('refuses a labels file given as the images, saying what MNIST images are', () => {
    expect(() =>
      mnistSplit(
        { file: 'train-labels-idx1-ubyte.gz', idx: idx([3], new Uint8Array(3)) },
        { file: 'lab.gz', idx: idx([3], new Uint8Array(3)) },
      ),
    ).toThrow(/shape \[3\], not MNIST's uint8 images, shape \[N, 28, 28\]/);
  });

  it('refuses labels that are not digits', () => {
    expect(() =>
      mnistSplit(
        { file: 'img.gz', idx: idx([1, 28, 28], new Uint8Array(784)) },
        { file: 'emnist-labels.gz', idx: idx([1], Uint8Array.of(25)) },
      ),
    ).toThrow(/label 25 at position 0 is not a digit/);
  });
});
