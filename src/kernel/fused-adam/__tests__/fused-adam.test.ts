import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installFusedAdam } from '../install';
import { FUSED_ADAM, fusedAdamConfigs } from '../kernel';

beforeAll(async () => {
  installFusedAdam();
  await tf.setBackend('wasm');
  await tf.ready();
});
afterAll(() => tf.setBackend('cpu'));

/** Activity 3.02's shape in small: dense layers with ReLU and dropout, softmax, Adam. */
function classifier(seed: number): tf.LayersModel {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({
        inputShape: [6],
        units: 12,
        activation: 'relu',
        kernelInitializer: tf.initializers.glorotUniform({ seed }),
      }),
      tf.layers.dense({
        units: 8,
        activation: 'relu',
        kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }),
      }),
      tf.layers.dense({
        units: 3,
        activation: 'softmax',
        kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 2 }),
      }),
    ],
  });
  model.compile({
    optimizer: tf.train.adam(0.01, 0.9, 0.999, 1e-8),
    loss: 'categoricalCrossentropy',
  });
  return model;
}

function data(): [tf.Tensor2D, tf.Tensor2D] {
  const x = tf.randomUniform([64, 6], -1, 1, 'float32', 3) as tf.Tensor2D;
  const labels = tf.randomUniform([64], 0, 3, 'int32', 4) as tf.Tensor1D;
  return [x, tf.oneHot(labels, 3).toFloat() as tf.Tensor2D];
}

/** Trains with tfjs's own Adam: without our kernel, the patched optimizer hands over to it. */
async function withoutFusedKernel<T>(backend: string, run: () => Promise<T>): Promise<T> {
  tf.unregisterKernel(FUSED_ADAM, backend);
  try {
    return await run();
  } finally {
    const config = fusedAdamConfigs.find((c) => c.backendName === backend);
    if (config) tf.registerKernel(config);
  }
}

async function train(model: tf.LayersModel): Promise<Float32Array[]> {
  const [x, y] = data();
  await model.fit(x, y, { epochs: 5, batchSize: 16, shuffle: false, verbose: 0 });
  tf.dispose([x, y]);
  return Promise.all(model.getWeights().map(async (w) => (await w.data()) as Float32Array));
}

describe('fused Adam', () => {
  for (const backend of ['wasm', 'cpu']) {
    it(`takes the same 20 steps as tfjs's Adam on ${backend}`, async () => {
      await tf.setBackend(backend);
      const fused = await train(classifier(1));
      const reference = await withoutFusedKernel(backend, () => train(classifier(1)));
      expect(fused.length).toBe(reference.length);
      fused.forEach((weights, i) => {
        const ref = reference[i] as Float32Array;
        let worst = 0;
        for (let j = 0; j < ref.length; j++)
          worst = Math.max(worst, Math.abs((weights[j] ?? 0) - (ref[j] ?? 0)));
        // Both round to float32; ours rounds once per element instead of once per kernel.
        expect(worst).toBeLessThan(1e-5);
      });
      // And the model did move: 20 steps of lr 0.01 are far above that tolerance.
      const untrained = classifier(1).getWeights()[0]?.dataSync() ?? new Float32Array();
      expect(Math.abs((fused[0]?.[0] ?? 0) - (untrained[0] ?? 0))).toBeGreaterThan(1e-3);
    });
  }

  it("keeps tfjs's optimizer state: moments named after the variables, the step count, the β powers", async () => {
    await tf.setBackend('wasm');
    const model = classifier(2);
    await train(model);
    const fusedState = await model.optimizer.getWeights();
    const reference = classifier(2);
    await withoutFusedKernel('wasm', () => train(reference));
    const referenceState = await reference.optimizer.getWeights();
    // The two models' layers have different numbers in their names; the layout must match.
    const layout = (names: string[]) => names.map((n) => n.replace(/\d+/g, '#'));
    expect(layout(fusedState.map((w) => w.name))).toEqual(
      layout(referenceState.map((w) => w.name)),
    );
    expect(fusedState.map((w) => w.name).slice(1, 3)).toEqual(
      model.trainableWeights.slice(0, 2).map((w) => `${w.read().name}/m`),
    );
    expect(fusedState[0]?.tensor.dataSync()[0]).toBe(20); // iterations
    for (const [i, w] of fusedState.entries()) {
      const ref = referenceState[i]?.tensor.dataSync() ?? new Float32Array();
      const ours = w.tensor.dataSync();
      for (let j = 0; j < ref.length; j++) expect(ours[j]).toBeCloseTo(ref[j] ?? Number.NaN, 5);
    }
  });

  it('resumes from setWeights exactly where the saved optimizer stopped', async () => {
    await tf.setBackend('wasm');
    const [x, y] = data();
    const straight = classifier(3);
    await straight.fit(x, y, { epochs: 4, batchSize: 16, shuffle: false, verbose: 0 });
    const first = classifier(3);
    await first.fit(x, y, { epochs: 2, batchSize: 16, shuffle: false, verbose: 0 });
    const resumed = classifier(3);
    resumed.setWeights(first.getWeights());
    // A fresh optimizer only has its slots after a step; tfjs's checkpoints restore them so.
    await resumed.optimizer.setWeights(await first.optimizer.getWeights());
    await resumed.fit(x, y, { epochs: 2, batchSize: 16, shuffle: false, verbose: 0 });
    const a = straight.getWeights().map((w) => w.dataSync());
    const b = resumed.getWeights().map((w) => w.dataSync());
    a.forEach((weights, i) => {
      for (let j = 0; j < weights.length; j++)
        expect(b[i]?.[j]).toBeCloseTo(weights[j] ?? Number.NaN, 6);
    });
    tf.dispose([x, y]);
  });

  it('leaves no tensors behind from a step', async () => {
    await tf.setBackend('wasm');
    const model = classifier(4);
    const [x, y] = data();
    await model.fit(x, y, { epochs: 1, batchSize: 16, verbose: 0 });
    const before = tf.memory().numTensors;
    await model.fit(x, y, { epochs: 3, batchSize: 16, verbose: 0 });
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, y]);
  });

  it("leaves tfjs's Adam in charge of a backend without the kernel", async () => {
    expect(tf.getKernel(FUSED_ADAM, 'webgl')).toBeUndefined();
  });
});
