import './helpers';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { installFusedAdam } from '../../../fused-adam/install';
import { fit as train } from '../../fit';
import { trainLoop } from '../../train-loop';
import { cosineAnnealing } from '../cosine-annealing';
import { getLearningRate } from '../learning-rate';
import { LearningRateScheduler } from '../learning-rate-scheduler';
import { ReduceLROnPlateau } from '../reduce-lr-on-plateau';
import { printed, tinyModel, toyData, weightValues } from './helpers';

beforeAll(async () => {
  // As in the kernel: Adam's step goes through the fused kernel on CPU.
  installFusedAdam();
  await tf.setBackend('cpu');
});

const quiet = { verbose: 0 as const, batchSize: 16, shuffle: false };

const optimizers: Record<string, (lr: number) => tf.Optimizer> = {
  sgd: (lr) => tf.train.sgd(lr),
  momentum: (lr) => tf.train.momentum(lr, 0.9),
  adam: (lr) => tf.train.adam(lr),
  rmsprop: (lr) => tf.train.rmsprop(lr),
  adamax: (lr) => tf.train.adamax(lr),
  adagrad: (lr) => tf.train.adagrad(lr),
};

function compiled(optimizer: tf.Optimizer): tf.Sequential {
  const model = tinyModel(3);
  model.compile({ optimizer, loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  return model;
}

describe('LearningRateScheduler', () => {
  for (const [name, make] of Object.entries(optimizers)) {
    it(`makes ${name} step at the scheduled rate, not the one it was built with`, async () => {
      const { x, y } = toyData();
      const scheduled = compiled(make(0.1));
      const scheduler = new LearningRateScheduler((epoch) => (epoch === 0 ? 0.003 : 0.0005));
      const history = await train(scheduled, x, y, { ...quiet, epochs: 2, callbacks: [scheduler] });

      // The same two epochs, with the optimizer built at the scheduled rates by hand.
      const reference = compiled(make(0.003));
      await train(reference, x, y, {
        ...quiet,
        epochs: 2,
        callbacks: {
          onEpochBegin: async (epoch) => {
            if (epoch === 1) {
              const o = reference.optimizer as unknown as {
                learningRate: number;
                setLearningRate?: (r: number) => void;
              };
              if (o.setLearningRate) o.setLearningRate(0.0005);
              else o.learningRate = 0.0005;
            }
          },
        },
      });
      const unscheduled = compiled(make(0.1));
      await train(unscheduled, x, y, { ...quiet, epochs: 2 });

      expect(scheduler.rates).toEqual([0.003, 0.0005]);
      expect(history.history.lr).toEqual([0.003, 0.0005]);
      expect(getLearningRate(scheduled.optimizer)).toBe(0.0005);
      expect(await weightValues(scheduled)).toEqual(await weightValues(reference));
      expect(await weightValues(scheduled)).not.toEqual(await weightValues(unscheduled));
    });
  }

  it('sets the cosine schedule’s rates and prints Keras’s line when verbose', async () => {
    const { x, y } = toyData();
    const model = compiled(tf.train.sgd(1));
    const schedule = cosineAnnealing({ lr: 0.01, cycle: 10 });
    let history: tf.History | undefined;
    const { out } = await printed(async () => {
      history = await train(model, x, y, {
        ...quiet,
        epochs: 3,
        callbacks: [new LearningRateScheduler(schedule, 1)],
      });
    });
    expect(history?.history.lr).toEqual([schedule(0, 1), schedule(1, 1), schedule(2, 1)]);
    expect(out).toContain(
      'Epoch 00002: LearningRateScheduler setting learning rate to 0.009755282581475769.',
    );
  });

  it('stops the cell with a clear error when the schedule returns no number', async () => {
    const { x, y } = toyData();
    const model = compiled(tf.train.sgd(1));
    const bad = new LearningRateScheduler(() => undefined as unknown as number);
    await expect(train(model, x, y, { ...quiet, epochs: 1, callbacks: [bad] })).rejects.toThrow(
      /returned undefined for epoch 0/,
    );
  });
});

describe('cosineAnnealing', () => {
  const round = (v: number) => Number(v.toFixed(6));
  it('gives the Finance book’s values without restarts (cycle 5) and with restarts (cycle 10)', () => {
    const v1 = cosineAnnealing({ lr: 1e-2, cycle: 5, restarts: false });
    expect(Array.from({ length: 10 }, (_, t) => round(v1(t, 0)))).toEqual([
      0.01, 0.009045, 0.006545, 0.003455, 0.000955, 0.000955, 0.000955, 0.000955, 0.000955,
      0.000955,
    ]);
    const v2 = cosineAnnealing({ lr: 1e-2, cycle: 10 });
    expect(Array.from({ length: 11 }, (_, t) => round(v2(t, 0)))).toEqual([
      0.01, 0.009755, 0.009045, 0.007939, 0.006545, 0.005, 0.003455, 0.002061, 0.000955, 0.000245,
      0.01,
    ]);
  });

  it('lengthens each cycle by cycleMult and refuses a cycle of 0', () => {
    const s = cosineAnnealing({ lr: 1, cycle: 2, cycleMult: 2 });
    expect([0, 2, 6].map((t) => s(t, 0))).toEqual([1, 1, 1]);
    expect(s(3, 0)).toBeCloseTo(0.5 * (Math.cos(Math.PI / 4) + 1));
    expect(() => cosineAnnealing({ lr: 0.01, cycle: 0 })).toThrow(/cycle ≥ 1/);
  });
});

describe('ReduceLROnPlateau', () => {
  it('divides the rate by ten after `patience` epochs without improvement, then again', async () => {
    const { x, y } = toyData();
    // A rate so small that the loss cannot move by min_delta: a plateau from the first epoch.
    const model = compiled(tf.train.sgd(1e-9));
    const history = await train(model, x, y, {
      ...quiet,
      epochs: 6,
      callbacks: [new ReduceLROnPlateau({ monitor: 'loss', patience: 2 })],
    });
    const lr = history.history.lr as number[];
    const expected = [1e-9, 1e-9, 1e-9, 1e-10, 1e-10, 1e-11];
    expect(lr.length).toBe(6);
    for (const [i, v] of lr.entries()) expect(v / expected[i]!).toBeCloseTo(1, 12);
    expect(getLearningRate(model.optimizer) / 1e-11).toBeCloseTo(1, 12);
  });

  it('refuses a factor of 1 or more, and an unknown option', () => {
    expect(() => new ReduceLROnPlateau({ factor: 1 })).toThrow(/factor of 1/);
    expect(() => new ReduceLROnPlateau({ patiense: 3 } as unknown as { patience: number })).toThrow(
      /no option "patiense"/,
    );
  });
});

describe('trainLoop with callbacks', () => {
  it('changes the loop optimizer’s rate per epoch and records it in the history', async () => {
    const { x, y } = toyData();
    const model = tinyModel(4);
    const optimizer = tf.train.adam(0.1);
    const scheduler = new LearningRateScheduler((epoch) => 0.01 / (epoch + 1));
    const history = await trainLoop({
      iterations: 4,
      epochs: 3,
      optimizer,
      model,
      callbacks: [scheduler],
      step: () =>
        optimizer.minimize(
          () => tf.losses.meanSquaredError(y, model.predict(x) as tf.Tensor) as tf.Scalar,
          true,
        ) as tf.Scalar,
    });
    expect(history.epochs.lr).toEqual([0.01, 0.005, 0.01 / 3]);
    expect(getLearningRate(optimizer)).toBe(0.01 / 3);
  });
});
