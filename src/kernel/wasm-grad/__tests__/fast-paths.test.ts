import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  expectSameOnBoth,
  int,
  pick,
  rng,
  setUpBackends,
  values,
  withSimdKernels,
} from './compare';

beforeAll(setUpBackends);

const randShape = (r: () => number, rank: number) =>
  Array.from({ length: rank }, () => int(r, 1, 5));

describe('fast paths in front of slow WASM kernels', () => {
  it('MaxPoolGrad matches the CPU backend, ties included (they pick the first maximum)', async () => {
    const r = rng(10);
    for (let c = 0; c < 40; c++) {
      const shape: [number, number, number, number] = [
        int(r, 1, 3),
        int(r, 2, 9),
        int(r, 2, 9),
        int(r, 1, 5),
      ];
      const size = int(r, 1, 3);
      const stride = int(r, 1, 3);
      const pad = pick(r, ['same', 'valid'] as const);
      // Values on a coarse grid, so many windows hold equal maxima, as after ReLU + BatchNorm.
      const x = values(r, shape).map((v) => Math.round(v * 2) / 2);
      await expectSameOnBoth(() => {
        const input = tf.tensor4d(x, shape);
        return tf.grad((t: tf.Tensor4D) =>
          tf.sum(
            tf.mul(tf.maxPool(t, size, stride, pad), tf.sin(tf.maxPool(t, size, stride, pad))),
          ),
        )(input);
      }, `maxPool grad case ${c} ${shape} size ${size} stride ${stride} ${pad}`);
    }
  });

  it.each([
    ['our SIMD kernel', true],
    ['the JavaScript loop', false],
  ])(
    'MaxPoolGrad of the CNN’s 2×2, stride-2 pooling by %s matches the CPU backend, ties included',
    (_, simd) =>
      withSimdKernels(simd, async () => {
        const r = rng(13);
        for (let c = 0; c < 16; c++) {
          const shape: [number, number, number, number] = [
            int(r, 1, 3),
            2 * int(r, 1, 5),
            2 * int(r, 1, 5),
            int(r, 1, 13),
          ];
          const pad = pick(r, ['same', 'valid'] as const);
          // A coarse grid: most windows hold equal maxima somewhere, and some are all equal.
          const x = values(r, shape).map((v) => Math.round(v * 1.5) / 1.5);
          await expectSameOnBoth(() => {
            const input = tf.tensor4d(x, shape);
            return tf.grad((t: tf.Tensor4D) =>
              tf.sum(tf.mul(tf.maxPool(t, 2, 2, pad), tf.sin(tf.maxPool(t, 2, 2, pad)))),
            )(input);
          }, `2×2 maxPool grad case ${c} ${shape} ${pad}`);
        }
      }),
  );

  it('Tile, Sum and Mean agree with the CPU backend on every axis combination', async () => {
    const r = rng(11);
    for (let c = 0; c < 40; c++) {
      const rank = int(r, 1, 4);
      const shape = randShape(r, rank).map((d) => (r() < 0.4 ? 1 : d));
      const x = values(r, shape);
      const reps = shape.map(() => int(r, 1, 3));
      const axes = shape.map((_, i) => i).filter(() => r() < 0.6);
      const leading = shape.map((_, i) => i).slice(0, int(r, 1, rank));
      const keep = r() < 0.5;
      await expectSameOnBoth(
        () => [
          tf.tile(tf.tensor(x, shape), reps),
          tf.sum(tf.tensor(x, shape), axes, keep),
          tf.sum(tf.tensor(x, shape), leading, keep),
          tf.mean(tf.tensor(x, shape), leading, keep),
        ],
        `case ${c} shape ${shape} reps ${reps} axes ${axes} leading ${leading} keep ${keep}`,
      );
    }
  });

  it('BatchMatMul with transposes and broadcasting binary ops agree with the CPU backend', async () => {
    const r = rng(12);
    for (let c = 0; c < 30; c++) {
      const [batch, m, k, n] = [int(r, 1, 3), int(r, 1, 9), int(r, 1, 9), int(r, 1, 9)];
      const ta = r() < 0.5;
      const tb = r() < 0.5;
      const a = values(r, [batch, m, k]);
      const b = values(r, [batch, k, n]);
      const full = randShape(r, 4);
      const tail = full.slice(int(r, 0, 3)).map((d) => (r() < 0.3 ? 1 : d));
      const big = values(r, full);
      const small = values(r, tail);
      await expectSameOnBoth(
        () => [
          tf.matMul(
            tf.tensor3d(a, ta ? [batch, k, m] : [batch, m, k]),
            tf.tensor3d(b, tb ? [batch, n, k] : [batch, k, n]),
            ta,
            tb,
          ),
          tf.mul(tf.tensor(big, full), tf.tensor(small, tail)),
          tf.add(tf.tensor(small, tail), tf.tensor(big, full)),
          tf.sub(tf.tensor(small, tail), tf.tensor(big, full)),
          tf.div(tf.tensor(big, full), tf.add(tf.abs(tf.tensor(small, tail)), 1)),
        ],
        `case ${c} matmul ${batch}×${m}×${k}×${n} ${ta}/${tb}; ${full} with ${tail}`,
      );
    }
  });

  it('Identity shares memory yet each tensor lives until its own disposal', async () => {
    await tf.setBackend('wasm');
    const before = tf.memory();
    const x = tf.tensor2d([
      [1, 2],
      [3, 4],
    ]);
    const y = tf.clone(x);
    const z = y.clone();
    // One buffer for the three tensors, freed only with the last of them.
    expect(tf.memory().numDataBuffers - before.numDataBuffers).toBe(1);
    x.dispose();
    expect(Array.from(await y.data())).toEqual([1, 2, 3, 4]);
    y.dispose();
    expect(Array.from(z.dataSync())).toEqual([1, 2, 3, 4]);
    z.dispose();
    expect(tf.memory().numDataBuffers).toBe(before.numDataBuffers);
    expect(tf.memory().numBytes).toBe(before.numBytes);
    // Strings keep tfjs's own kernel.
    const s = tf.tidy(() => tf.clone(tf.tensor1d(['a', 'b'], 'string')));
    expect(await s.array()).toEqual(['a', 'b']);
    s.dispose();
  });
});
