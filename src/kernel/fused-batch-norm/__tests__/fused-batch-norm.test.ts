import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activity403 } from '../../wasm-grad/__tests__/activity-403';
import {
  expectClose,
  int,
  on,
  rng,
  values,
  withSimdKernels,
} from '../../wasm-grad/__tests__/compare';
import { registerWasmGradKernels } from '../../wasm-grad/register';
import { installFusedBatchNorm } from '../install';
import { BATCH_NORM_TRAIN, batchNormTrain, batchNormTrainConfigs } from '../kernel';

beforeAll(async () => {
  registerWasmGradKernels();
  installFusedBatchNorm();
  await tf.setBackend('wasm');
  await tf.ready();
});
afterAll(() => tf.setBackend('cpu'));

const BACKENDS = ['cpu', 'wasm'] as const;

/** tfjs-layers' training path, unfused: moments, then FusedBatchNorm. */
function unfused(x: tf.Tensor, gamma: tf.Tensor1D, beta: tf.Tensor1D, epsilon: number) {
  const axes = Array.from({ length: x.rank - 1 }, (_, i) => i);
  const { mean, variance } = tf.moments(x, axes);
  return [tf.batchNorm(x, mean, variance, beta, gamma, epsilon), mean, variance] as const;
}

/**
 * A loss that weighs every output element differently, so each of dx, dγ, dβ is a distinct
 * random sum; with `viaStats`, the batch mean and variance feed the loss too (their gradient
 * terms in dx are otherwise multiplied by zero and a wrong one would go unseen).
 */
function gradients(
  norm: typeof unfused,
  shape: number[],
  seed: number,
  viaStats: boolean,
): () => tf.Tensor[] {
  const r = rng(seed);
  const channels = shape[shape.length - 1] as number;
  // An offset and spread per channel away from 0 and 1, as a ReLU's output has; every third
  // seed a mean 30–100× the spread, the hard case for a one-pass variance.
  const offset = seed % 3 === 2 ? 100 : 2;
  const xs = values(r, shape).map((v, i) => 3 * v * (1 + (i % channels)) + offset);
  const g = values(r, [channels]).map((v) => v + 1.5);
  const b = values(r, [channels]);
  const w = values(r, shape);
  const u = values(r, [channels]);
  const v = values(r, [channels]);
  return () => {
    const loss = (x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor) => {
      const [y, mean, variance] = norm(x, gamma as tf.Tensor1D, beta as tf.Tensor1D, 1e-5);
      const main = tf.sum(tf.mul(y, tf.tensor(w, shape)));
      if (!viaStats) return main;
      return tf.addN([
        main,
        tf.sum(tf.mul(mean, tf.tensor1d(u))),
        tf.sum(tf.mul(variance, tf.tensor1d(v))),
      ]);
    };
    const params = [tf.tensor(xs, shape), tf.tensor1d(g), tf.tensor1d(b)];
    const forward = norm(
      params[0] as tf.Tensor,
      params[1] as tf.Tensor1D,
      params[2] as tf.Tensor1D,
      1e-5,
    );
    return [...forward, ...tf.grads(loss)(params)];
  };
}

const NAMES = ['y', 'mean', 'variance', 'dx', 'dγ', 'dβ'];

describe('fused training-mode batch norm', () => {
  it('gives the outputs and gradients of tfjs’s unfused moments + batchNorm, on random shapes', async () => {
    // On WASM twice: our SIMD passes (kernels.c) and the JavaScript ones they replace where
    // they cannot load. Channel counts 1–13 give every SIMD period (C, 2C, 4C floats); the
    // larger shapes run long enough for its float32 sums to be flushed to float64.
    const routes = [
      ['cpu', true],
      ['wasm', true],
      ['wasm', false],
    ] as const;
    const r = rng(40);
    for (let trial = 0; trial < 12; trial++) {
      const channels = trial < 8 ? int(r, 1, 7) : int(r, 1, 13);
      const shape =
        trial >= 10
          ? [int(r, 2, 4), int(r, 10, 20), int(r, 10, 20), channels]
          : trial % 2 === 0
            ? [int(r, 1, 4), int(r, 1, 6), int(r, 1, 6), channels]
            : [int(r, 2, 30), channels];
      const viaStats = trial % 4 >= 2;
      for (const [backend, simd] of routes) {
        await withSimdKernels(simd, async () => {
          const expected = await on(backend, gradients(unfused, shape, trial, viaStats));
          const actual = await on(backend, gradients(batchNormTrain, shape, trial, viaStats));
          expected.forEach((e, i) => {
            expectClose(
              actual[i] as Float32Array,
              e,
              1e-5,
              `${backend}${simd ? '' : ' (JS passes)'} [${shape}]${viaStats ? ' with mean/variance in the loss' : ''}: ${NAMES[i]}`,
            );
          });
        });
      }
    }
  });

  it('is what tf.layers.batchNormalization runs in training, and only there', async () => {
    const layer = tf.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-5 });
    const x = tf.randomNormal([4, 3, 3, 5], 1, 2, 'float32', 1);
    // tf.profile reuses one object for every profile: copy the names before the next.
    const kernels = async (f: () => void) => [...(await tf.profile(f)).kernelNames];
    const training = await kernels(() => {
      tf.dispose(layer.apply(x, { training: true }) as tf.Tensor);
    });
    const inference = await kernels(() => {
      tf.dispose(layer.apply(x) as tf.Tensor);
    });
    expect(training).toContain(BATCH_NORM_TRAIN);
    expect(training).not.toContain('FusedBatchNorm');
    expect(inference).toContain('FusedBatchNorm');
    expect(inference).not.toContain(BATCH_NORM_TRAIN);
    layer.dispose();
    x.dispose();
  });
});

/** Three Adam steps of the notebook's loop; the losses and every weight (moving stats too). */
async function threeSteps(backend: 'cpu' | 'wasm') {
  await tf.setBackend(backend);
  const model = activity403();
  const optimizer = tf.train.adam(0.001);
  const r = rng(41);
  const x = tf.tensor4d(values(r, [6, 32, 32, 3]), [6, 32, 32, 3]);
  const y = tf.oneHot([0, 1, 2, 3, 4, 5], 10);
  const initial = model.getWeights().map((w) => Float32Array.from(w.dataSync()));
  const losses: number[] = [];
  for (let step = 0; step < 3; step++) {
    const loss = optimizer.minimize(
      () =>
        tf.losses.softmaxCrossEntropy(
          y,
          model.apply(x, { training: true }) as tf.Tensor,
        ) as tf.Scalar,
      true,
    ) as tf.Scalar;
    losses.push((await loss.data())[0] as number);
    loss.dispose();
  }
  const weights = model.getWeights().map((w) => Float32Array.from(w.dataSync()));
  model.dispose();
  optimizer.dispose();
  tf.dispose([x, y]);
  return { losses, weights, initial };
}

describe('Activity 4.03 with the fused batch norm', () => {
  for (const backend of BACKENDS) {
    it(`takes the same Adam steps on ${backend} as with tfjs's batch norm`, async () => {
      const fused = await threeSteps(backend);
      tf.unregisterKernel(BATCH_NORM_TRAIN, backend);
      let plain: Awaited<ReturnType<typeof threeSteps>>;
      try {
        plain = await threeSteps(backend);
      } finally {
        const config = batchNormTrainConfigs.find(
          (c) => c.kernelName === BATCH_NORM_TRAIN && c.backendName === backend,
        );
        if (config) tf.registerKernel(config);
      }
      const { initial } = plain;
      expect(fused.losses[2]).toBeLessThan(fused.losses[0] as number);
      fused.losses.forEach((l, i) => {
        expect(l).toBeCloseTo(plain.losses[i] as number, 4);
      });
      // Every weight (moving statistics too) moved, and by the same steps: within 10 % of its
      // largest step. Not 1e-5 (the strict check is the test above): Adam divides by √v, so a
      // gradient near zero in float noise (the two paths sum in different orders) still takes a
      // step of up to ±lr. Measured: < 0.3 % for all but conv3's kernel and bias (3–7 %), whose
      // 6-image batch leaves channels with few non-zero ReLU outputs, so BN's 1/σ is large.
      fused.weights.forEach((w, i) => {
        const init = initial[i] as Float32Array;
        const largest = (plain.weights[i] as Float32Array).reduce(
          (m, v, j) => Math.max(m, Math.abs(v - (init[j] as number))),
          0,
        );
        expect(largest, `weight ${i} moved`).toBeGreaterThan(0);
        const worst = w.reduce(
          (m, v, j) => Math.max(m, Math.abs(v - ((plain.weights[i] as Float32Array)[j] as number))),
          0,
        );
        expect(worst, `weight ${i}: step difference`).toBeLessThan(0.1 * largest);
      });
    }, 120_000);
  }
});
