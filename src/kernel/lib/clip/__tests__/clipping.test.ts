import '../../checkpoint/__tests__/worker-globals';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { installFusedAdam } from '../../../fused-adam/install';
import { toyData } from '../../checkpoint/__tests__/fixtures';
import { fit as train } from '../../fit';
import { manualSeed } from '../../seed';
import { trainLoop } from '../../train-loop';
import { clipGradients } from '../clip-gradients';

beforeAll(async () => {
  installFusedAdam();
  await tf.setBackend('cpu');
});

interface Step {
  values: Float32Array[];
  maxAbs: number;
  norm: number;
}

/** Keeps every gradient list the optimizer is asked to apply (after any clipping). */
function recordGradients(optimizer: tf.Optimizer): Step[] {
  const steps: Step[] = [];
  const proto = Object.getPrototypeOf(optimizer) as tf.Optimizer;
  optimizer.applyGradients = (gradients) => {
    const tensors = Array.isArray(gradients)
      ? gradients.map((g) => g.tensor)
      : Object.values(gradients);
    const values = tensors.map((t) => t.dataSync() as Float32Array);
    let sumSq = 0;
    let maxAbs = 0;
    for (const v of values)
      for (const e of v) {
        sumSq += e * e;
        maxAbs = Math.max(maxAbs, Math.abs(e));
      }
    steps.push({ values, maxAbs, norm: Math.sqrt(sumSq) });
    proto.applyGradients.call(optimizer, gradients);
  };
  return steps;
}

/** A regression net whose gradients are large: targets far from its outputs. */
function net(options: { seed?: number; l2?: number; dropout?: number; optimizer?: tf.Optimizer }) {
  manualSeed(options.seed ?? 1);
  const model = tf.sequential();
  model.add(
    tf.layers.dense({
      inputShape: [4],
      units: 16,
      activation: 'relu',
      ...(options.l2 ? { kernelRegularizer: tf.regularizers.l2({ l2: options.l2 }) } : {}),
    }),
  );
  if (options.dropout) model.add(tf.layers.dropout({ rate: options.dropout, seed: 3 }));
  model.add(tf.layers.dense({ units: 1 }));
  const optimizer = options.optimizer ?? tf.train.sgd(0.001);
  model.compile({ optimizer, loss: 'meanSquaredError' });
  return { model, steps: recordGradients(optimizer) };
}

const { x, y } = toyData();
const far = tf.mul(y, 50);
const run = { verbose: 0 as const, batchSize: 16, shuffle: false, epochs: 2 };

function scaled(values: Float32Array[], by: number): number[][] {
  return values.map((v) => Array.from(v, (e) => e * by));
}

function close(a: number[][] | Float32Array[], b: number[][] | Float32Array[]) {
  expect(a.length).toBe(b.length);
  a.forEach((v, i) => {
    const w = Array.from(b[i] ?? []);
    for (const [j, e] of Array.from(v).entries()) expect(e).toBeCloseTo(w[j] ?? Number.NaN, 5);
  });
}

describe('gradient clipping in fit', () => {
  it('clipvalue bounds every gradient entry, where unclipped steps go past it', async () => {
    const raw = net({});
    await train(raw.model, x, far, run);
    const clipped = net({});
    await train(clipped.model, x, far, { ...run, clipvalue: 0.5 });

    expect(raw.steps).toHaveLength(8);
    expect(Math.max(...raw.steps.map((s) => s.maxAbs))).toBeGreaterThan(5);
    expect(clipped.steps).toHaveLength(8);
    for (const s of clipped.steps) expect(s.maxAbs).toBeLessThanOrEqual(Math.fround(0.5));
    // First batch, same weights: each entry is the raw one clipped.
    close(
      clipped.steps[0]!.values,
      raw.steps[0]!.values.map((v) =>
        Float32Array.from(v, (e) => Math.min(0.5, Math.max(-0.5, e))),
      ),
    );
  });

  it('clipnorm scales all gradients together by the global norm (Keras 2)', async () => {
    const raw = net({});
    await train(raw.model, x, far, run);
    const clipped = net({});
    await train(clipped.model, x, far, { ...run, clipnorm: 1 });

    expect(raw.steps[0]!.norm).toBeGreaterThan(10);
    for (const s of clipped.steps) expect(s.norm).toBeLessThanOrEqual(1 + 1e-5);
    expect(clipped.steps[0]!.norm).toBeCloseTo(1, 5);
    // One factor for every tensor: the direction of the whole gradient is kept.
    close(clipped.steps[0]!.values, scaled(raw.steps[0]!.values, 1 / raw.steps[0]!.norm));
  });

  it('clips the gradient of the full loss: regulariser penalties and dropout still count', async () => {
    const plain = net({});
    await train(plain.model, x, far, { ...run, epochs: 1 });
    const penalised = net({ l2: 5 });
    await train(penalised.model, x, far, { ...run, epochs: 1 });
    const penalisedClipped = net({ l2: 5 });
    await train(penalisedClipped.model, x, far, { ...run, epochs: 1, clipnorm: 1 });
    const dropped = net({ dropout: 0.5 });
    await train(dropped.model, x, far, { ...run, epochs: 1, clipnorm: 1 });

    // The penalty changes the first kernel's gradient, and clipping works on that sum.
    expect(penalised.steps[0]!.values[0]).not.toEqual(plain.steps[0]!.values[0]);
    const p = penalised.steps[0]!;
    close(penalisedClipped.steps[0]!.values, scaled(p.values, 1 / p.norm));
    // Dropout in training mode: other gradients than the same net without it, still bounded.
    const plainClipped = scaled(plain.steps[0]!.values, 1 / plain.steps[0]!.norm);
    expect(Array.from(dropped.steps[0]!.values[0]!)).not.toEqual(plainClipped[0]!.map(Math.fround));
    for (const s of dropped.steps) expect(s.norm).toBeLessThanOrEqual(1 + 1e-5);
  });

  it('composes with the fused Adam and gives the optimizer back unwrapped', async () => {
    const adam = tf.train.adam(0.01);
    const { model, steps } = net({ optimizer: adam });
    const before = Object.getOwnPropertyDescriptor(adam, 'applyGradients')?.value;
    await train(model, x, far, { ...run, clipvalue: 0.1, clipnorm: 0.3 });
    for (const s of steps) {
      expect(s.maxAbs).toBeLessThanOrEqual(Math.fround(0.1));
      expect(s.norm).toBeLessThanOrEqual(0.3 + 1e-5);
    }
    expect(Object.getOwnPropertyDescriptor(adam, 'applyGradients')?.value).toBe(before);
    const bare = tf.train.adam(0.01);
    const m2 = net({ optimizer: bare }).model;
    delete (bare as Partial<tf.Optimizer>).applyGradients;
    await train(m2, x, far, { ...run, clipvalue: 0.1 });
    expect(Object.hasOwn(bare, 'applyGradients')).toBe(false);
  });

  it('refuses a clipnorm that is not a positive number, before training', async () => {
    const { model, steps } = net({});
    await expect(train(model, x, far, { ...run, clipnorm: -1 })).rejects.toThrow(
      /clipnorm must be a number > 0; got -1/,
    );
    expect(steps).toHaveLength(0);
  });
});

describe('gradient clipping in trainLoop and by hand', () => {
  it('trainLoop clips what optimizer.minimize applies', async () => {
    const { model } = net({});
    const optimizer = tf.train.sgd(0.001);
    const steps = recordGradients(optimizer);
    await trainLoop({
      iterations: 3,
      optimizer,
      clipnorm: 0.25,
      step: () =>
        optimizer.minimize(
          () => tf.losses.meanSquaredError(far, model.predict(x) as tf.Tensor) as tf.Scalar,
          true,
        ) as tf.Scalar,
    });
    expect(steps).toHaveLength(3);
    for (const s of steps) expect(s.norm).toBeCloseTo(0.25, 5);
  });

  it('trainLoop refuses clipping without the optimizer', async () => {
    await expect(trainLoop({ iterations: 1, clipvalue: 1, step: () => 0 })).rejects.toThrow(
      /only when it is given the optimizer/,
    );
  });

  it('clipGradients works on computeGradients’ output in a custom loop', () => {
    const a = tf.tensor1d([3, -4]);
    const b = tf.tensor1d([12]);
    const out = clipGradients({ a, b }, { clipnorm: 6.5 });
    expect(Array.from(out.a!.dataSync())).toEqual([1.5, -2]);
    expect(Array.from(out.b!.dataSync())).toEqual([6]);
    const both = clipGradients([a, b], { clipnorm: 6.5, clipvalue: 1.8 });
    expect(Array.from(both[0]!.dataSync())).toEqual([1.5, Math.fround(-1.8)]);
  });
});
