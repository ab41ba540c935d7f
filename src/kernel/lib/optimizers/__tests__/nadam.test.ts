import '../../checkpoint/__tests__/worker-globals';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { getLearningRate } from '../../callbacks/learning-rate';
import { LearningRateScheduler } from '../../callbacks/learning-rate-scheduler';
import { optimizerValues, toyData, weightValues } from '../../checkpoint/__tests__/fixtures';
import { checkpoint } from '../../checkpoint/api';
import { fit as train } from '../../fit';
import { manualSeed } from '../../seed';
import { Nadam, nadam } from '../nadam';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/**
 * Keras 2's Nadam.get_updates (keras/optimizers.py), written out in float64 for one weight
 * vector: the reference the tfjs optimizer must follow.
 */
function kerasNadam(grads: (w: number[]) => number[], w0: number[], steps: number) {
  const lr = 0.002;
  const [beta1, beta2, eps, scheduleDecay] = [0.9, 0.999, 1e-7, 0.004];
  let mSchedule = 1;
  let p = [...w0];
  let m = p.map(() => 0);
  let v = p.map(() => 0);
  const path: number[][] = [];
  for (let iterations = 0; iterations < steps; iterations++) {
    const g = grads(p);
    const t = iterations + 1;
    const momentumCacheT = beta1 * (1 - 0.5 * 0.96 ** (t * scheduleDecay));
    const momentumCacheT1 = beta1 * (1 - 0.5 * 0.96 ** ((t + 1) * scheduleDecay));
    const mScheduleNew = mSchedule * momentumCacheT;
    const mScheduleNext = mSchedule * momentumCacheT * momentumCacheT1;
    mSchedule = mScheduleNew;
    const gPrime = g.map((gi) => gi / (1 - mScheduleNew));
    const mT = m.map((mi, i) => beta1 * mi + (1 - beta1) * g[i]!);
    const mTPrime = mT.map((mi) => mi / (1 - mScheduleNext));
    const vT = v.map((vi, i) => beta2 * vi + (1 - beta2) * g[i]! ** 2);
    const vTPrime = vT.map((vi) => vi / (1 - beta2 ** t));
    const mTBar = gPrime.map((gi, i) => (1 - momentumCacheT) * gi + momentumCacheT1 * mTPrime[i]!);
    p = p.map((pi, i) => pi - (lr * mTBar[i]!) / (Math.sqrt(vTPrime[i]!) + eps));
    m = mT;
    v = vT;
    path.push(p);
  }
  return path;
}

describe('Nadam', () => {
  it('takes the steps of Keras’s Nadam update rule', async () => {
    // loss = Σ c_i (w_i − a_i)²; gradient 2 c_i (w_i − a_i), with very different scales.
    const c = [1, 30, 0.02, 4];
    const a = [0.5, -2, 10, 0];
    const w0 = [0, 1, -3, 0.25];
    const expected = kerasNadam((w) => w.map((wi, i) => 2 * c[i]! * (wi - a[i]!)), w0, 6);

    const w = tf.variable(tf.tensor1d(w0));
    const optimizer = nadam();
    const path: number[][] = [];
    for (let step = 0; step < 6; step++) {
      optimizer.minimize(() =>
        tf.sum(tf.mul(tf.tensor1d(c), tf.square(tf.sub(w, tf.tensor1d(a))))),
      );
      path.push(Array.from(await w.data()));
    }
    expect(optimizer.iterations).toBe(6);
    for (const [s, row] of path.entries())
      for (const [i, value] of row.entries()) expect(value).toBeCloseTo(expected[s]![i]!, 5);
    // Not Adam: the same six steps with tf.train.adam land elsewhere.
    const adamW = tf.variable(tf.tensor1d(w0));
    const adam = tf.train.adam(0.002, 0.9, 0.999, 1e-7);
    for (let step = 0; step < 6; step++)
      adam.minimize(() => tf.sum(tf.mul(tf.tensor1d(c), tf.square(tf.sub(adamW, tf.tensor1d(a))))));
    expect(Math.abs((await adamW.data())[1]! - expected[5]![1]!)).toBeGreaterThan(1e-4);
  });

  it('trains a model through compile and fit, and its rate can be scheduled', async () => {
    const { x, y } = toyData();
    manualSeed(4);
    const model = tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [4], units: 8, activation: 'relu' }),
        tf.layers.dense({ units: 1, activation: 'sigmoid' }),
      ],
    });
    model.compile({ optimizer: nadam(0.01), loss: 'binaryCrossentropy' });
    const history = await train(model, x, y, {
      verbose: 0,
      epochs: 5,
      batchSize: 16,
      callbacks: [new LearningRateScheduler((epoch) => 0.02 / (epoch + 1))],
    });
    const loss = history.history.loss as number[];
    expect(loss.at(-1)!).toBeLessThan(loss[0]!);
    expect(getLearningRate(model.optimizer)).toBeCloseTo(0.004, 12);
  });

  it('is saved and restored by checkpoints like Adam: 2 epochs + load + 1 equals 3 straight', async () => {
    const { x, y } = toyData();
    const build = () => {
      manualSeed(6);
      const model = tf.sequential({
        layers: [
          tf.layers.dense({ inputShape: [4], units: 8, activation: 'tanh' }),
          tf.layers.dense({ units: 1, activation: 'sigmoid' }),
        ],
      });
      model.compile({ optimizer: new Nadam({ learningRate: 0.01 }), loss: 'binaryCrossentropy' });
      return model;
    };
    const inOrder = { verbose: 0 as const, batchSize: 16, shuffle: false };
    const straight = build();
    await train(straight, x, y, { ...inOrder, epochs: 3 });
    const first = build();
    await train(first, x, y, { ...inOrder, epochs: 2, checkpointName: 'nadam-two' });

    const loaded = await checkpoint.load('nadam-two');
    expect(loaded.optimizerRestored).toBe(true);
    expect(loaded.model.optimizer).toBeInstanceOf(Nadam);
    expect((loaded.model.optimizer as Nadam).getConfig()).toEqual(
      (first.optimizer as Nadam).getConfig(),
    );
    expect(await optimizerValues(loaded.model.optimizer)).toEqual(
      await optimizerValues(first.optimizer),
    );
    await train(loaded.model, x, y, { ...inOrder, epochs: 3, resumeFrom: loaded });
    const a = await weightValues(loaded.model);
    const b = await weightValues(straight);
    for (const [i, w] of a.entries())
      for (const [j, value] of w.entries()) expect(value).toBeCloseTo(b[i]![j]!, 6);
  });

  it('refuses a beta outside [0, 1) with a clear message', () => {
    expect(() => new Nadam({ beta1: 1 })).toThrow(/Nadam's beta1 cannot be 1/);
  });
});
