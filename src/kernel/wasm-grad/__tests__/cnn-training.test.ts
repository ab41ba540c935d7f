import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { activity403 } from './activity-403';
import { expectClose, on, rng, setUpBackends, values } from './compare';

beforeAll(setUpBackends);

describe('training a CNN on WASM', () => {
  it('gives the gradients of conv + BN + ReLU + max-pool + dense that the CPU backend gives', async () => {
    const r = rng(20);
    const xs = values(r, [4, 9, 9, 3]);
    const w1 = values(r, [3, 3, 3, 6]);
    const w2 = values(r, [2, 2, 6, 5]);
    const dense = values(r, [4 * 4 * 5, 3]);
    const grads = () => {
      const x = tf.tensor4d(xs, [4, 9, 9, 3]);
      const params = [
        tf.tensor4d(w1, [3, 3, 3, 6]),
        tf.tensor1d([0.1, -0.2, 0.3, 0, 0.5, -0.1]),
        tf.tensor1d([1, 1.5, 0.5, 2, 1, 0.7]),
        tf.tensor4d(w2, [2, 2, 6, 5]),
        tf.tensor2d(dense, [80, 3]),
      ];
      const loss = (...p: tf.Tensor[]) => {
        const [k1, beta, gamma, k2, wd] = p as [
          tf.Tensor4D,
          tf.Tensor1D,
          tf.Tensor1D,
          tf.Tensor4D,
          tf.Tensor2D,
        ];
        let h = tf.relu(tf.conv2d(x, k1, 1, 'same'));
        const { mean, variance } = tf.moments(h, [0, 1, 2]);
        h = tf.batchNorm(h, mean, variance, beta, gamma, 1e-5);
        h = tf.maxPool(h, 2, 2, 'valid');
        h = tf.relu(tf.conv2d(h, k2, [1, 1], 'same'));
        const logits = tf.matMul(tf.reshape(h, [4, 80]), wd);
        return tf.mean(tf.square(tf.sub(tf.softmax(logits), tf.oneHot([0, 1, 2, 1], 3))));
      };
      return tf.grads(loss)(params);
    };
    const cpu = await on('cpu', grads);
    const wasm = await on('wasm', grads);
    const names = ['conv1 kernel', 'BN beta', 'BN gamma', 'conv2 kernel', 'dense kernel'];
    cpu.forEach((c, i) => {
      expectClose(wasm[i] as Float32Array, c, 1e-4, names[i] ?? `grad ${i}`);
    });
  });

  it('trains Activity 4.03 as on CPU: same losses and the same conv weights after 3 Adam steps', async () => {
    const r = rng(21);
    const batch = 8;
    const xs = values(r, [batch, 32, 32, 3]);
    const labels = Array.from({ length: batch }, (_, i) => i % 10);
    let initial: Float32Array[] | undefined;
    const train = async (backend: 'wasm' | 'cpu') => {
      await tf.setBackend(backend);
      const model = activity403({ dropout: true, output: 'softmax' });
      if (initial === undefined)
        initial = model.getWeights().map((w) => Float32Array.from(w.dataSync()));
      else
        model.setWeights(
          model.getWeights().map((w, i) => tf.tensor(initial?.[i] as Float32Array, w.shape)),
        );
      const optimizer = tf.train.adam(0.001);
      model.compile({ optimizer, loss: 'categoricalCrossentropy' });
      const x = tf.tensor4d(xs, [batch, 32, 32, 3]);
      const y = tf.oneHot(labels, 10);
      const losses: number[] = [];
      for (let step = 0; step < 3; step++) losses.push(Number(await model.trainOnBatch(x, y)));
      const weights = model.getWeights().map((w) => Float32Array.from(w.dataSync()));
      model.dispose();
      optimizer.dispose();
      tf.dispose([x, y]);
      return { losses, weights };
    };
    const cpu = await train('cpu');
    const wasm = await train('wasm');
    expect(wasm.losses[2]).not.toBe(wasm.losses[0]);
    wasm.losses.forEach((l, i) => {
      expect(l).toBeCloseTo(cpu.losses[i] as number, 4);
    });
    // conv1, conv2, conv3 kernels: they moved, and by the same steps (within 5 % of the step).
    for (const i of [0, 6, 12]) {
      const init = initial?.[i] as Float32Array;
      const step = (w: Float32Array) => w.map((v, j) => v - (init[j] as number));
      const cpuStep = step(cpu.weights[i] as Float32Array);
      const wasmStep = step(wasm.weights[i] as Float32Array);
      const largest = cpuStep.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      expect(largest, `conv weight ${i} moved`).toBeGreaterThan(0);
      const worst = wasmStep.reduce(
        (m, v, j) => Math.max(m, Math.abs(v - (cpuStep[j] as number))),
        0,
      );
      expect(worst, `conv weight ${i}: step difference`).toBeLessThan(0.05 * largest);
    }
  }, 120_000);
});
