import '../../checkpoint/__tests__/worker-globals';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CellId, RunId } from '@/protocol';
import { setCurrentRun } from '../../../run-context';
import { tinyModel, toyData } from '../../checkpoint/__tests__/fixtures';
import { setKernelNotebook } from '../../checkpoint/notebook-id';
import { fit as train } from '../../fit';
import { trainLoop } from '../../train-loop';
import { runs } from '../api';
import { defaultRunName, hparamValue } from '../describe';
import { type RunStart, toRunPoint } from '../recorder';

beforeAll(async () => {
  await tf.setBackend('cpu');
  setKernelNotebook('ml-for-finance/ch08-bitcoin.ipynb');
  setCurrentRun({ runId: 'r1' as RunId, cellId: 'cell-a' as CellId, executionCount: 4 });
});

describe('every fit and trainLoop is a run in IndexedDB', () => {
  it('records a real fit: the name given, known hyperparameters, every batch and epoch scalar', async () => {
    const { x, y } = toyData();
    const model = tinyModel();
    await train(model, x, y, {
      epochs: 3,
      batchSize: 16,
      validationSplit: 0.25,
      run: { name: 'bitcoin_lstm_v1_run_0', hparams: { units: 8 } },
    });
    const run = await runs.get('bitcoin_lstm_v1_run_0');
    expect(run.state).toBe('done');
    expect(run.source).toBe('fit');
    expect(run.notebook).toBe('ml-for-finance/ch08-bitcoin.ipynb');
    expect(run.cellId).toBe('cell-a');
    expect(run.hparams).toMatchObject({
      optimizer: 'Adam',
      lr: 0.01,
      loss: 'binaryCrossentropy',
      batchSize: 16,
      epochs: 3,
      validationSplit: 0.25,
      units: 8,
      backend: 'cpu',
    });
    expect(run.metrics).toEqual(expect.arrayContaining(['loss', 'acc', 'val_loss', 'val_acc']));
    // 48 training rows in batches of 16: 3 batches and one epoch point per epoch.
    const batches = run.points.filter((p) => p.kind === 'batch');
    const epochs = run.points.filter((p) => p.kind === 'epoch');
    expect(batches.map((p) => p.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(epochs.map((p) => p.epoch)).toEqual([1, 2, 3]);
    expect(epochs.map((p) => p.step)).toEqual([3, 6, 9]);
    expect(epochs.every((p) => Number.isFinite(p.logs.val_loss))).toBe(true);
    const walls = run.points.map((p) => p.wallMs);
    expect(walls).toEqual([...walls].sort((a, b) => a - b));
    expect(run.last.val_loss).toBe(epochs.at(-1)?.logs.val_loss);
    expect(run.sizeBytes).toBeGreaterThan(JSON.stringify(run.points).length);
  });

  it('records a trainLoop with a default name of notebook, cell and time', async () => {
    const w = tf.variable(tf.scalar(3));
    const optimizer = tf.train.sgd(0.1);
    await trainLoop({
      iterations: 5,
      optimizer,
      step: () => optimizer.minimize(() => w.square() as tf.Scalar, true) as tf.Scalar,
    });
    const [latest] = await runs.list();
    expect(latest?.source).toBe('trainLoop');
    expect(latest?.name).toMatch(/^ch08-bitcoin · \[4\] · \d\d:\d\d:\d\d$/);
    expect(latest?.hparams).toMatchObject({ optimizer: 'SGD', lr: 0.1, iterations: 5, epochs: 1 });
    const points = (await runs.get(latest!.id)).points;
    expect(points.map((p) => p.step)).toEqual([1, 2, 3, 4, 5]);
    expect(points.at(-1)?.epoch).toBe(1);
    // The loss of w² under SGD falls at every step.
    const losses = points.map((p) => p.logs.loss ?? Number.NaN);
    for (let i = 1; i < losses.length; i++) expect(losses[i]).toBeLessThan(losses[i - 1]!);
    w.dispose();
  });

  it('keeps run: false out, and refuses unknown names with the known ones', async () => {
    const before = (await runs.list()).length;
    const { x, y } = toyData();
    await train(tinyModel(), x, y, { epochs: 1, batchSize: 32, run: false });
    expect((await runs.list()).length).toBe(before);
    await expect(runs.show({ runs: ['nope'] })).rejects.toThrow(/No run named "nope"/);
    await expect(runs.show({ metrics: ['lossy'] })).rejects.toThrow(/log no "lossy"/);
    await expect(runs.show({ smoothing: 1 })).rejects.toThrow(/below 1/);
  });

  it('deletes a run by name', async () => {
    await runs.delete('bitcoin_lstm_v1_run_0');
    await expect(runs.get('bitcoin_lstm_v1_run_0')).rejects.toThrow(/No run named/);
  });
});

describe('run names and hyperparameter values', () => {
  it('names a run after its notebook, its cell and the time', () => {
    const at = new Date(2026, 0, 2, 9, 5, 7);
    expect(defaultRunName('tf-keras/lesson-3.ipynb', 12, at)).toBe('lesson-3 · [12] · 09:05:07');
    expect(defaultRunName('', undefined, at)).toBe('notebook · cell · 09:05:07');
  });

  it('keeps plain values and writes others as JSON', () => {
    expect(hparamValue(0.001)).toBe(0.001);
    expect(hparamValue('adam')).toBe('adam');
    expect(hparamValue([64, 32])).toBe('[64,32]');
    expect(hparamValue(Number.NaN)).toBe('NaN');
    expect(hparamValue(undefined)).toBeNull();
  });
});

describe('the chart x as a run point', () => {
  const start = (chartX: RunStart['chartX']): RunStart => ({
    source: 'fit',
    name: 'r',
    notebook: '',
    cellId: '',
    hparams: {},
    stepsPerEpoch: 4,
    chartX,
  });

  it('turns fit’s fractional epoch into a global step', () => {
    const p = toRunPoint(
      { step: 2.75, epoch: 2, kind: 'batch', logs: { loss: 1 } },
      start('epoch'),
      12,
    );
    expect(p).toEqual({ kind: 'batch', step: 11, epoch: 2.75, wallMs: 12, logs: { loss: 1 } });
  });

  it('turns a loop’s 0-based iteration into a 1-based step and a fraction of its epoch', () => {
    const p = toRunPoint(
      { step: 1, epoch: 0, kind: 'batch', logs: { loss: 1 } },
      start('iteration'),
      5,
    );
    expect(p.step).toBe(2);
    expect(p.epoch).toBe(0.5);
  });
});
