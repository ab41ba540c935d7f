import './helpers';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkpoint } from '../../checkpoint/api';
import { fit as train } from '../../fit';
import { trainLoop } from '../../train-loop';
import { EarlyStopping } from '../early-stopping';
import { formatFilepath } from '../filepath-template';
import { LearningRateScheduler } from '../learning-rate-scheduler';
import { ModelCheckpoint } from '../model-checkpoint';
import { TerminateOnNaN } from '../terminate-on-nan';
import { printed, tinyModel, toyData, weightValues } from './helpers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const quiet = { verbose: 0 as const, batchSize: 16, shuffle: false };

/** A callback that keeps the weights at the end of every epoch. */
function weightsPerEpoch(model: tf.LayersModel) {
  const epochs: Float32Array[][] = [];
  const callback = new tf.CustomCallback({
    onEpochEnd: async () => {
      epochs.push(await weightValues(model));
    },
  });
  return { epochs, callback };
}

describe('EarlyStopping', () => {
  it('stops after `patience` epochs without improvement and restores the best epoch’s weights', async () => {
    const { x, y } = toyData();
    const model = tinyModel(21);
    model.compile({ optimizer: tf.train.sgd(0.5), loss: 'binaryCrossentropy' });
    // Good steps for four epochs, then a rate that makes the loss climb.
    const schedule = new LearningRateScheduler((epoch) => (epoch < 4 ? 0.5 : 40));
    const stopper = new EarlyStopping({ monitor: 'loss', patience: 2, restore_best_weights: true });
    const kept = weightsPerEpoch(model);
    const history = await train(model, x, y, {
      ...quiet,
      epochs: 30,
      callbacks: [schedule, kept.callback, stopper],
    });
    const losses = history.history.loss as number[];
    const best = losses.indexOf(Math.min(...losses));

    expect(losses.length).toBeLessThan(30);
    expect(stopper.stoppedEpoch).toBe(losses.length - 1);
    expect(stopper.stoppedEpoch - stopper.bestEpoch).toBe(2);
    expect(stopper.bestEpoch).toBe(best);
    expect(await weightValues(model)).toEqual(kept.epochs[best]);
    expect(await weightValues(model)).not.toEqual(kept.epochs.at(-1));
  });

  it('warns as Keras does when the monitored metric is not logged, and trains on', async () => {
    const { x, y } = toyData();
    const model = tinyModel(2);
    let history: tf.History | undefined;
    const { err } = await printed(async () => {
      history = await train(model, x, y, {
        ...quiet,
        epochs: 3,
        callbacks: [new EarlyStopping({ monitor: 'val_loss' })],
      });
    });
    expect(history?.epoch).toEqual([0, 1, 2]);
    expect(err).toContain(
      'Early stopping conditioned on metric `val_loss` which is not available. Available metrics are: loss,acc',
    );
  });

  it('stops a trainLoop on the validation loss its onEpochEnd returns', async () => {
    const model = tinyModel(5);
    const optimizer = tf.train.sgd(0.1);
    const stopper = new EarlyStopping({ patience: 2, restoreBestWeights: true });
    const valLoss = [0.9, 0.5, 0.6, 0.7, 0.4, 0.3];
    const kept: Float32Array[][] = [];
    const { x, y } = toyData();
    const history = await trainLoop({
      iterations: 2,
      epochs: valLoss.length,
      model,
      optimizer,
      callbacks: [stopper],
      step: () =>
        optimizer.minimize(
          () => tf.losses.meanSquaredError(y, model.predict(x) as tf.Tensor) as tf.Scalar,
          true,
        ) as tf.Scalar,
      onEpochEnd: async (epoch) => {
        kept.push(await weightValues(model));
        return { val_loss: valLoss[epoch]! };
      },
    });
    expect(history.epochs.val_loss).toEqual([0.9, 0.5, 0.6, 0.7]);
    expect(stopper.bestEpoch).toBe(1);
    expect(await weightValues(model)).toEqual(kept[1]);
  });
});

describe('ModelCheckpoint filepath', () => {
  it('fills Keras’s templates as Python’s format does', () => {
    const logs = { epoch: 3, val_acc: 0.91875, loss: 0.000012345 };
    expect(formatFilepath('ModelWeights-{epoch:02d}-{val_acc:.2f}', logs)).toBe(
      'ModelWeights-03-0.92',
    );
    expect(formatFilepath('ModelWeights-{epoch:.2f}-{val_acc:.2f}.hdf5', logs)).toBe(
      'ModelWeights-3.00-0.92.hdf5',
    );
    expect(formatFilepath('w-{epoch}-{val_accuracy:.3f}-{loss:.2e}{{x}}', logs)).toBe(
      'w-3-0.919-1.23e-05{x}',
    );
    expect(formatFilepath('{epoch:4d}|{loss:g}', logs)).toBe('   3|1.2345e-05');
    expect(() => formatFilepath('m-{val_los:.2f}', logs)).toThrow(/no "val_los" among epoch/);
  });
});

describe('ModelCheckpoint', () => {
  for (const monitor of ['val_acc', 'val_accuracy']) {
    it(`saves only improving epochs with save_best_only and monitor "${monitor}"`, async () => {
      const { x, y } = toyData();
      const model = tinyModel(8);
      const name = `best-${monitor}-{epoch:02d}-{${monitor}:.4f}`;
      const saver = new ModelCheckpoint(name, { monitor, save_best_only: true });
      const kept = weightsPerEpoch(model);
      const history = await train(model, x, y, {
        ...quiet,
        epochs: 8,
        validationSplit: 0.25,
        callbacks: [kept.callback, saver],
      });
      const valAcc = history.history.val_acc as number[];
      // The epochs that beat every earlier one are the epochs saved.
      const improving = valAcc.flatMap((v, i) =>
        valAcc.slice(0, i).every((u) => v > u) ? [i] : [],
      );
      const expected = improving.map(
        (i) => `best-${monitor}-${String(i + 1).padStart(2, '0')}-${valAcc[i]!.toFixed(4)}`,
      );
      expect(improving.length).toBeGreaterThan(1);
      expect(improving.length).toBeLessThan(8);
      expect(saver.saved).toEqual(expected);
      const stored = (await checkpoint.list()).map((c) => c.name);
      for (const n of expected) expect(stored).toContain(n);

      const last = improving.at(-1)!;
      const loaded = await checkpoint.load(expected.at(-1)!);
      expect(loaded.epoch).toBe(last + 1);
      expect(await weightValues(loaded.model)).toEqual(kept.epochs[last]);
    });
  }

  it('warns as Keras does when save_best_only has no validation metric, and saves nothing', async () => {
    const { x, y } = toyData();
    const saver = new ModelCheckpoint('never-{epoch}', {
      save_best_only: true,
      monitor: 'val_acc',
    });
    const { err } = await printed(() =>
      train(tinyModel(9), x, y, { ...quiet, epochs: 2, callbacks: [saver] }),
    );
    expect(saver.saved).toEqual([]);
    expect(err).toContain('Can save best model only with val_acc available, skipping.');
  });

  it('saves every epoch without save_best_only, printing Keras’s line when verbose', async () => {
    const { x, y } = toyData();
    const saver = new ModelCheckpoint('every-{epoch:02d}-{loss:.3f}', { verbose: 1 });
    const { out } = await printed(() =>
      train(tinyModel(10), x, y, { ...quiet, epochs: 2, callbacks: [saver] }),
    );
    expect(saver.saved).toHaveLength(2);
    expect(saver.saved[0]).toMatch(/^every-01-\d\.\d{3}$/);
    expect(out).toContain(`Epoch 00002: saving model to ${saver.saved[1]}`);
  });
});

describe('TerminateOnNaN', () => {
  it('stops a plain model.fit at the first batch whose loss is NaN', async () => {
    const { x, y } = toyData();
    // Rows 32.. hold a NaN: the third batch of 16 is the first bad one.
    const poisoned = tf.concat([x.slice([0, 0], [32, 4]), tf.fill([32, 4], Number.NaN)]);
    const model = tinyModel(12);
    const stopper = new TerminateOnNaN();
    let batches = 0;
    const { out } = await printed(() =>
      model.fit(poisoned, y, {
        ...quiet,
        epochs: 3,
        callbacks: [
          new tf.CustomCallback({
            onBatchEnd: async () => {
              batches++;
            },
          }),
          stopper,
        ],
      }),
    );
    expect(stopper.stoppedAtBatch).toBe(2);
    expect(batches).toBe(3);
    expect(out).toContain('Batch 2: Invalid loss, terminating training');
  });
});
