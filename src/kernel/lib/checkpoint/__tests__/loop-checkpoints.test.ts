import './worker-globals';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { trainLoop } from '../../train-loop';
import { CheckpointError } from '../errors';
import { requestResume } from '../resume-request';
import { getCheckpoint } from '../store';
import { optimizerValues, tinyModel, toyData, weightValues } from './fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A hand-written loop over the toy data in 4 batches of 16, as the chapter-4 notebooks write theirs. */
function loopOf(model: tf.LayersModel, epochs: number) {
  const { x, y } = toyData();
  const optimizer = model.optimizer;
  return {
    iterations: 4,
    epochs,
    model,
    optimizer,
    step: (i: number) => {
      const xb = x.slice([i * 16, 0], [16, 4]);
      const yb = y.slice([i * 16, 0], [16, 1]);
      return optimizer.minimize(
        () => tf.losses.sigmoidCrossEntropy(yb, model.apply(xb) as tf.Tensor) as tf.Scalar,
        true,
      ) as tf.Scalar;
    },
    onEpochEnd: () => ({ val_marker: Math.random() }),
  };
}

describe('trainLoop checkpoints', () => {
  it("saves every N epochs, and a reload's resume request continues it: 2 + 1 epochs equal 3 straight", async () => {
    const straight = tinyModel(21);
    const whole = await trainLoop(loopOf(straight, 3));

    const cut = tinyModel(21);
    // A run cut off after epoch 2 of 3: what a reload mid-run leaves in IndexedDB.
    await trainLoop({ ...loopOf(cut, 2), checkpointEvery: 1, checkpointName: 'loop-run' });
    const saved = await getCheckpoint('loop-run');
    expect(saved.meta.epoch).toBe(2);
    expect(saved.meta.history.filter((p) => p.kind === 'epoch')).toHaveLength(2);

    // After the reload: the page asks for the resume, the notebook's cells build a fresh model.
    tinyModel(999);
    Math.random();
    const rebuilt = tinyModel(4321);
    requestResume('loop-run');
    const history = await trainLoop({
      ...loopOf(rebuilt, 3),
      checkpointEvery: 1,
      checkpointName: 'loop-run',
    });

    expect(history.epochs.loss).toEqual(whole.epochs.loss);
    // the seeded generator came back too: onEpochEnd's draws repeat those of the straight run
    expect(history.epochs.val_marker).toEqual(whole.epochs.val_marker);
    expect(await weightValues(rebuilt)).toEqual(await weightValues(straight));
    expect(await optimizerValues(rebuilt.optimizer)).toEqual(
      await optimizerValues(straight.optimizer),
    );
    expect((await getCheckpoint('loop-run')).meta).toMatchObject({ epoch: 3, finished: true });
  });

  it('refuses to checkpoint a loop whose model is missing or not compiled with its optimizer', async () => {
    const model = tinyModel(3);
    const loop = loopOf(model, 1);
    const { model: _m, ...withoutModel } = loop;
    await expect(trainLoop({ ...withoutModel, checkpointEvery: 1 })).rejects.toThrow(
      CheckpointError,
    );
    await expect(
      trainLoop({ ...loop, optimizer: tf.train.adam(0.01), checkpointEvery: 1 }),
    ).rejects.toThrow(/not compiled with the loop's optimizer/);
  });
});
