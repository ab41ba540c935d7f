import './worker-globals';
import * as tf from '@tensorflow/tfjs';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
// Named apart from Jasmine's focused-test `fit`, which the linter flags.
import { fit as train } from '../../fit';
import { checkpoint } from '../api';
import { CheckpointError } from '../errors';
import { getCheckpoint } from '../store';
import { packCheckpoint } from '../zip';
import { optimizerValues, tinyModel, toyData, weightValues } from './fixtures';
import { posted } from './worker-globals';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const quiet = { verbose: 0 as const, batchSize: 16 };
// tfjs reshuffles one index array cumulatively across the epochs of one fit() call, so a split
// run sees other (equally random) batches than an unsplit one; same batch order means no shuffle.
const inOrder = { ...quiet, shuffle: false };

describe('checkpoint.save and checkpoint.load', () => {
  it('give back bit-identical weights and Adam state (moments and step)', async () => {
    const model = tinyModel();
    const { x, y } = toyData();
    await train(model, x, y, { ...quiet, epochs: 2 });
    await checkpoint.save(model, 'bits', { epoch: 2 });
    const loaded = await checkpoint.load('bits');

    expect(loaded.epoch).toBe(2);
    expect(loaded.optimizerRestored).toBe(true);
    expect(await weightValues(loaded.model)).toEqual(await weightValues(model));
    const before = await optimizerValues(model.optimizer);
    expect(before.length).toBe(1 + 2 * model.trainableWeights.length);
    expect(await optimizerValues(loaded.model.optimizer)).toEqual(before);
    expect(posted.some((m) => m.type === 'checkpoint-saved' && m.summary.name === 'bits')).toBe(
      true,
    );
  });

  it('training 2 epochs, saving, loading and training 1 more equals 3 epochs straight', async () => {
    const { x, y } = toyData();
    const straight = tinyModel(11);
    const straightHistory = await train(straight, x, y, { ...inOrder, epochs: 3 });

    const first = tinyModel(11);
    await train(first, x, y, { ...inOrder, epochs: 2, checkpointName: 'two-plus-one' });
    // Anything may happen between the save and the resume, a reload included.
    tinyModel(99);
    Math.random();
    const resumed = await checkpoint.load('two-plus-one');
    const history = await train(resumed.model, x, y, {
      ...inOrder,
      epochs: 3,
      resumeFrom: resumed,
    });

    // The History covers the whole run: the first two epochs come from the checkpoint.
    expect(history.epoch).toEqual([0, 1, 2]);
    expect(history.history.loss).toEqual(straightHistory.history.loss);
    expect(await weightValues(resumed.model)).toEqual(await weightValues(straight));
    expect(await optimizerValues(resumed.model.optimizer)).toEqual(
      await optimizerValues(straight.optimizer),
    );
  });

  it('resumes into a freshly built model of the same architecture, named differently', async () => {
    const { x, y } = toyData();
    const straight = tinyModel(5);
    await train(straight, x, y, { ...inOrder, epochs: 3 });
    const first = tinyModel(5);
    await train(first, x, y, {
      ...inOrder,
      epochs: 2,
      checkpointEvery: 1,
      checkpointName: 'fresh',
    });
    const rebuilt = tinyModel(1234);
    expect(rebuilt.layers[0]?.name).not.toBe(first.layers[0]?.name);
    await train(rebuilt, x, y, { ...inOrder, epochs: 3, resumeFrom: 'fresh' });
    expect(await weightValues(rebuilt)).toEqual(await weightValues(straight));
  });

  it('restores the seeded generator, so a shuffled resume repeats exactly', async () => {
    const { x, y } = toyData();
    await train(tinyModel(6), x, y, { ...quiet, epochs: 2, checkpointName: 'shuffled' });
    const runs: Float32Array[][] = [];
    for (const noise of [1, 50]) {
      for (let i = 0; i < noise; i++) Math.random();
      const model = tinyModel(noise);
      await train(model, x, y, { ...quiet, epochs: 4, resumeFrom: 'shuffled' });
      runs.push(await weightValues(model));
    }
    expect(runs[1]).toEqual(runs[0]);
  });

  it('keeps the whole metric history, so a resumed chart continues the curve', async () => {
    const { x, y } = toyData();
    const model = tinyModel(3);
    await train(model, x, y, { ...quiet, epochs: 2, checkpointEvery: 1, checkpointName: 'curve' });
    const saved = await getCheckpoint('curve');
    expect(saved.meta.history.filter((p) => p.kind === 'epoch').map((p) => p.step)).toEqual([1, 2]);
    expect(saved.meta.history.filter((p) => p.kind === 'batch')).toHaveLength(2 * 4);
    expect(saved.meta).toMatchObject({ epoch: 2, targetEpochs: 2, finished: true });
  });

  it('marks a checkpoint saved mid-run as unfinished, so the notebook can offer to resume', async () => {
    const { x, y } = toyData();
    const model = tinyModel(4);
    const stopAfterTwo = new tf.CustomCallback({
      onEpochEnd: async (epoch) => {
        if (epoch === 1) model.stopTraining = true;
      },
    });
    // A callback that stops training counts as a finished run; only a cut-off run is not.
    await train(model, x, y, {
      ...quiet,
      epochs: 5,
      checkpointEvery: 1,
      checkpointName: 'stopped',
      callbacks: [stopAfterTwo],
    });
    expect((await getCheckpoint('stopped')).meta).toMatchObject({ epoch: 2, finished: true });

    const cut = tinyModel(4);
    const crash = new tf.CustomCallback({
      onEpochEnd: async (epoch) => {
        if (epoch === 1) throw new Error('tab closed');
      },
    });
    await expect(
      train(cut, x, y, {
        ...quiet,
        epochs: 5,
        checkpointEvery: 1,
        checkpointName: 'cut',
        callbacks: [crash],
      }),
    ).rejects.toThrow('tab closed');
    expect((await getCheckpoint('cut')).meta).toMatchObject({
      epoch: 2,
      targetEpochs: 5,
      finished: false,
    });
  });
});

describe('faults', () => {
  it('refuses a checkpoint of another architecture for resume and leaves the model as it was', async () => {
    const { x, y } = toyData();
    await checkpoint.save(tinyModel(1, 8), 'eight-wide');
    const other = tinyModel(2, 16);
    const before = await weightValues(other);
    const error = await train(other, x, y, { ...quiet, epochs: 1, resumeFrom: 'eight-wide' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CheckpointError);
    expect((error as CheckpointError).problem).toBe('mismatch');
    expect((error as CheckpointError).message).toMatch(/another architecture.*4×8.*4×16/);
    expect(await weightValues(other)).toEqual(before);
  });

  it('refuses optimizer state of another optimizer class', async () => {
    const { x, y } = toyData();
    await checkpoint.save(tinyModel(1), 'adam-state');
    const sgd = tinyModel(1);
    sgd.compile({ optimizer: 'sgd', loss: 'binaryCrossentropy' });
    await expect(train(sgd, x, y, { ...quiet, resumeFrom: 'adam-state' })).rejects.toThrow(
      /Adam optimizer, but this model is compiled with SGD/,
    );
  });

  it('says which checkpoints exist when asked for one that does not', async () => {
    await expect(checkpoint.load('no-such')).rejects.toThrow(/no checkpoint named "no-such"/);
  });

  it('keeps the previous checkpoint intact when the quota runs out mid-save', async () => {
    const model = tinyModel(21);
    await checkpoint.save(model, 'quota', { epoch: 1 });
    const kept = await weightValues(model);
    model.setWeights(model.getWeights().map((w) => tf.zerosLike(w)));

    // The summary is written after the weights in the same transaction: failing there proves
    // the half-written new weights are rolled back too.
    const store = globalThis.IDBObjectStore.prototype;
    const put = store.put;
    store.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (this.name === 'meta') throw new DOMException('quota', 'QuotaExceededError');
      return put.apply(this, args);
    };
    try {
      const error = await checkpoint.save(model, 'quota', { epoch: 2 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CheckpointError);
      expect((error as CheckpointError).problem).toBe('quota');
      expect((error as CheckpointError).message).toMatch(/storage quota is full.*intact/);
    } finally {
      store.put = put;
    }
    const loaded = await checkpoint.load('quota');
    expect(loaded.epoch).toBe(1);
    expect(await weightValues(loaded.model)).toEqual(kept);
  });
});

describe('the zip outside this app', () => {
  it('loads with stock tf.loadLayersModel from its model.json + weights.bin and predicts the same', async () => {
    const { x, y } = toyData();
    const model = tinyModel(8);
    await train(model, x, y, { ...quiet, epochs: 1 });
    await checkpoint.save(model, 'stock');
    const files = unzipSync(await packCheckpoint(await getCheckpoint('stock')));
    const modelJson = JSON.parse(strFromU8(files['model.json']!));
    const weights = files['weights.bin']!;
    // What an HTTP server would answer for the unzipped folder.
    const served = tf.io.fromMemory(
      modelJson.modelTopology,
      modelJson.weightsManifest[0].weights,
      weights.slice().buffer,
    );
    const stock = await tf.loadLayersModel(served);
    const ours = await (model.predict(x) as tf.Tensor).data();
    const theirs = await (stock.predict(x) as tf.Tensor).data();
    expect(Array.from(theirs)).toEqual(Array.from(ours));
  });
});

describe('checkpoint.files and checkpoint.fromFiles (a download and upload without dialogs)', () => {
  it('round-trips the downloaded .zip and the tfjs pair to bit-identical predictions', async () => {
    const { x, y } = toyData();
    const model = tinyModel(9);
    await train(model, x, y, { ...quiet, epochs: 1 });
    await checkpoint.save(model, 'files');
    const ours = Array.from(await (model.predict(x) as tf.Tensor).data());

    const zip = await checkpoint.files('files');
    expect(zip.map((f) => f.fileName)).toEqual(['files.zip']);
    const fromZip = await checkpoint.fromFiles(zip);
    expect(fromZip.optimizerRestored).toBe(true);
    expect(Array.from(await (fromZip.model.predict(x) as tf.Tensor).data())).toEqual(ours);

    const pair = await checkpoint.files('files', { format: 'tfjs' });
    expect(pair.map((f) => f.fileName)).toEqual(['files.json', 'files.weights.bin']);
    const fromPair = await checkpoint.fromFiles(pair);
    expect(Array.from(await (fromPair.model.predict(x) as tf.Tensor).data())).toEqual(ours);
  });

  it('refuses bytes that are not a checkpoint, as an upload would', async () => {
    await expect(
      checkpoint.fromFiles([{ name: 'notes.txt', bytes: new Uint8Array([1, 2, 3]) }]),
    ).rejects.toBeInstanceOf(CheckpointError);
  });
});
