import './worker-globals';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { zipBomb } from '@/data/__tests__/bombs';
import { modelBundle } from '../download';
import { CheckpointError, type CheckpointProblem } from '../errors';
import type { CheckpointArtifacts } from '../format';
import { readUploadedCheckpoint } from '../upload';
import { packCheckpoint, unpackCheckpoint } from '../zip';

function artifacts(): CheckpointArtifacts {
  const weights = new Float32Array([1, 2, 3, 4, 5, 6, 0.5]);
  const moments = new Float32Array(14).map((_, i) => i / 7);
  const iter = new Float32Array([3]);
  const optimizerBytes = new Uint8Array(15 * 4);
  optimizerBytes.set(new Uint8Array(iter.buffer), 0);
  optimizerBytes.set(new Uint8Array(moments.buffer), 4);
  return {
    model: {
      modelTopology: { class_name: 'Sequential', config: { name: 'toy', layers: [] } },
      trainingConfig: { loss: 'meanSquaredError', metrics: [], optimizer_config: {} },
      weightSpecs: [
        { name: 'dense/kernel', shape: [6, 1], dtype: 'float32' },
        { name: 'dense/bias', shape: [1], dtype: 'float32' },
      ],
      weightData: weights.buffer,
    },
    optimizer: {
      className: 'Adam',
      config: { learningRate: 0.01 },
      weightSpecs: [
        { name: 'iter', shape: [], dtype: 'float32', group: 'optimizer' },
        { name: 'dense/kernel/m', shape: [6, 1], dtype: 'float32', group: 'optimizer' },
        { name: 'dense/bias/m', shape: [1], dtype: 'float32', group: 'optimizer' },
        { name: 'dense/kernel/v', shape: [6, 1], dtype: 'float32', group: 'optimizer' },
        { name: 'dense/bias/v', shape: [1], dtype: 'float32', group: 'optimizer' },
      ],
      weightData: optimizerBytes.buffer,
    },
    meta: {
      name: 'toy',
      epoch: 3,
      targetEpochs: 10,
      finished: false,
      history: [
        { step: 1, epoch: 0, kind: 'epoch', logs: { loss: 0.5, val_loss: 0.6 } },
        { step: 2, epoch: 1, kind: 'epoch', logs: { loss: 0.4, val_loss: 0.45 } },
      ],
      seed: { seed: 42, state: 123456 },
      notebook: 'book/ch.ipynb',
      cellId: 'cell-1',
      savedAt: 1_700_000_000_000,
      backend: 'cpu',
      tfjsVersion: '4.22.0',
    },
  };
}

function bytesOf(buffer: ArrayBuffer): number[] {
  return Array.from(new Uint8Array(buffer));
}

async function problemOf(promise: Promise<unknown>): Promise<CheckpointProblem | string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (error instanceof CheckpointError) return error.problem;
  return `not a CheckpointError: ${String(error)}`;
}

describe('checkpoint zip', () => {
  it('round-trips every byte and field through pack and unpack', async () => {
    const original = artifacts();
    const back = await unpackCheckpoint(await packCheckpoint(original), 'toy.zip');
    expect(bytesOf(back.model.weightData)).toEqual(bytesOf(original.model.weightData));
    expect(bytesOf(back.optimizer!.weightData)).toEqual(bytesOf(original.optimizer!.weightData));
    expect({
      ...back,
      model: { ...back.model, weightData: null },
      optimizer: { ...back.optimizer, weightData: null },
    }).toEqual({
      ...original,
      model: { ...original.model, weightData: null, generatedBy: 'TensorFlow.js' },
      optimizer: { ...original.optimizer, weightData: null },
    });
  });

  it('holds model.json + weights.bin as stock tfjs lays them out, beside checkpoint.json', async () => {
    const files = unzipSync(await packCheckpoint(artifacts()));
    expect(Object.keys(files).sort()).toEqual([
      'checkpoint.json',
      'model.json',
      'optimizer.bin',
      'weights.bin',
    ]);
    const modelJson = JSON.parse(strFromU8(files['model.json']!));
    expect(modelJson.weightsManifest).toEqual([
      { paths: ['weights.bin'], weights: artifacts().model.weightSpecs },
    ]);
    expect(modelJson.format).toBe('layers-model');
    const checkpoint = JSON.parse(strFromU8(files['checkpoint.json']!));
    expect(checkpoint).toMatchObject({ format: 1, epoch: 3, optimizer: { className: 'Adam' } });
  });

  it('offers the plain tfjs pair: name.json pointing at ./name.weights.bin', async () => {
    const [json, bin] = await modelBundle(artifacts(), 'tfjs');
    expect(json?.fileName).toBe('toy.json');
    expect(bin?.fileName).toBe('toy.weights.bin');
    expect(JSON.parse(strFromU8(json!.bytes)).weightsManifest[0].paths).toEqual([
      './toy.weights.bin',
    ]);
    // Uploading the pair back gives the same weights.
    const back = await readUploadedCheckpoint([
      { name: json!.fileName, bytes: json!.bytes.slice().buffer },
      { name: bin!.fileName, bytes: bin!.bytes.slice().buffer },
    ]);
    expect(bytesOf(back.model.weightData)).toEqual(bytesOf(artifacts().model.weightData));
    expect(back.optimizer).toBeNull();
    expect(back.meta.name).toBe('toy');
  });
});

describe('uploaded files that are not a good checkpoint are refused', () => {
  it('a truncated zip', async () => {
    const zip = await packCheckpoint(artifacts());
    const cut = zip.slice(0, Math.floor(zip.length / 2));
    expect(await problemOf(readUploadedCheckpoint([{ name: 'toy.zip', bytes: cut.buffer }]))).toBe(
      'corrupt',
    );
  });

  it('a zip whose weights were damaged', async () => {
    const members = unzipSync(await packCheckpoint(artifacts()));
    members['weights.bin']![5]! ^= 0xff;
    const damaged = zipSync(members);
    expect(
      await problemOf(readUploadedCheckpoint([{ name: 'toy.zip', bytes: damaged.slice().buffer }])),
    ).toBe('corrupt');
  });

  it('a zip bomb, before unpacking when its directory admits the size, else while', async () => {
    const model = strToU8('{}');
    for (const claimed of [undefined, 4096]) {
      const bomb = zipBomb([
        { name: 'model.json', data: model },
        { name: 'weights.bin', zerosMiB: 1024, ...(claimed ? { claimed } : {}) },
      ]);
      const error = await readUploadedCheckpoint([{ name: 'bomb.zip', bytes: bomb.slice().buffer }])
        .then(() => null)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CheckpointError);
      expect((error as CheckpointError).problem).toBe('too-large');
      const message = (error as CheckpointError).message;
      expect(message).toMatch(/^bomb\.zip: /);
      expect(message).toContain('200 × its size');
      expect(message).toContain(
        claimed ? 'while being unpacked, in weights.bin' : 'before anything was unpacked',
      );
    }
  });

  it('a .zip name on bytes that are not a zip', async () => {
    const bytes = strToU8('this is not a zip').buffer;
    expect(await problemOf(readUploadedCheckpoint([{ name: 'toy.zip', bytes }]))).toBe('corrupt');
  });

  it('a zip of something else', async () => {
    const other = zipSync({ 'notes.txt': strToU8('hello') });
    expect(
      await problemOf(readUploadedCheckpoint([{ name: 'other.zip', bytes: other.slice().buffer }])),
    ).toBe('not-checkpoint');
  });

  it('a CSV file', async () => {
    const bytes = strToU8('a,b\n1,2\n').buffer;
    const error = await readUploadedCheckpoint([{ name: 'data.csv', bytes }]).catch((e) => e);
    expect(error).toBeInstanceOf(CheckpointError);
    expect(error.problem).toBe('not-checkpoint');
    expect(error.message).toContain('data.csv is not a checkpoint');
  });

  it('a JSON file that is no tfjs model', async () => {
    const bytes = strToU8('{"name": "package"}').buffer;
    expect(await problemOf(readUploadedCheckpoint([{ name: 'package.json', bytes }]))).toBe(
      'not-checkpoint',
    );
  });

  it('a model.json whose weights do not match it', async () => {
    const [json] = await modelBundle(artifacts(), 'tfjs');
    const wrong = new Float32Array(5).buffer;
    const error = await readUploadedCheckpoint([
      { name: 'toy.json', bytes: json!.bytes.slice().buffer },
      { name: 'toy.weights.bin', bytes: wrong },
    ]).catch((e) => e);
    expect(error.problem).toBe('mismatch');
    expect(error.message).toMatch(/describes 28 bytes of weights, but toy\.weights\.bin hold 20/);
  });

  it('a model.json without its weight file', async () => {
    const [json] = await modelBundle(artifacts(), 'tfjs');
    expect(
      await problemOf(
        readUploadedCheckpoint([{ name: 'toy.json', bytes: json!.bytes.slice().buffer }]),
      ),
    ).toBe('missing');
  });
});
