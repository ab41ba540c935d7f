import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  mutateImages,
  mutateLoaded,
  roleOfColumns,
  seededPermutation,
  setMutation,
} from '../lib/mutations';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

afterEach(() => setMutation(undefined));

describe('the kernel mutations', () => {
  it('leave loaded tensors alone unless a mutation is set', () => {
    const x = tf.tensor2d([
      [1, 2],
      [3, 4],
    ]);
    expect(mutateLoaded(x, 'features')).toBe(x);
  });

  it('zero-features zeroes the inputs and keeps the target', () => {
    setMutation('zero-features');
    const x = mutateLoaded(
      tf.tensor2d([
        [1, 2],
        [3, 4],
      ]),
      'features',
    );
    expect(x.arraySync()).toEqual([
      [0, 0],
      [0, 0],
    ]);
    const y = tf.tensor2d([[1], [0]]);
    expect(mutateLoaded(y, 'target')).toBe(y);
  });

  it('shuffle-labels permutes the targets the same way every run, keeping their values', () => {
    setMutation('shuffle-labels');
    const values = Array.from({ length: 50 }, (_, i) => [i]);
    const a = mutateLoaded(tf.tensor2d(values), 'target').arraySync().flat();
    const b = mutateLoaded(tf.tensor2d(values), 'target').arraySync().flat();
    expect(a).toEqual(b);
    expect(a).not.toEqual(values.flat());
    expect([...a].sort((p, q) => p - q)).toEqual(values.flat());
  });

  it('no-training computes the loss but moves no weight; lr/20 moves it 20 times less', () => {
    const step = (mutation?: 'no-training' | 'lr/20') => {
      setMutation(mutation);
      const w = tf.variable(tf.scalar(1));
      const loss = tf.train.sgd(0.1).minimize(() => w.square() as tf.Scalar, true);
      return { loss: loss?.dataSync()[0], w: w.dataSync()[0] ?? Number.NaN };
    };
    expect(step()).toEqual({ loss: 1, w: expect.closeTo(0.8, 6) });
    expect(step('no-training')).toEqual({ loss: 1, w: 1 });
    expect(step('lr/20').w).toBeCloseTo(1 - 0.2 / 20, 6);
  });

  it('take a one-column tensor for a target and a wider one for inputs', () => {
    expect(roleOfColumns(1)).toBe('target');
    expect(roleOfColumns(27)).toBe('features');
    expect(seededPermutation(5)).toHaveLength(5);
  });

  it('reach image data sets too: zero-features blanks the images, shuffle-labels permutes the labels, the loaded bytes stay', () => {
    const split = {
      images: Uint8Array.from([9, 8, 7, 6]),
      labels: Uint8Array.from({ length: 40 }, (_, i) => i % 10),
    };
    expect(mutateImages(split)).toBe(split);
    setMutation('zero-features');
    const blank = mutateImages(split);
    expect(Array.from(blank.images)).toEqual([0, 0, 0, 0]);
    expect(blank.labels).toBe(split.labels);
    expect(Array.from(split.images)).toEqual([9, 8, 7, 6]);
    setMutation('shuffle-labels');
    const shuffled = mutateImages(split);
    expect(Array.from(shuffled.labels)).not.toEqual(Array.from(split.labels));
    expect(Array.from(shuffled.labels).sort((a, b) => a - b)).toEqual(
      Array.from(split.labels).sort((a, b) => a - b),
    );
    expect(shuffled.images).toBe(split.images);
  });
});
