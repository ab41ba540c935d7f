import '../../checkpoint/__tests__/worker-globals';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CellId, RunId, StepDebuggerView } from '@/protocol';
import { installFusedAdam } from '../../../fused-adam/install';
import { setCurrentRun } from '../../../run-context';
import { toyData } from '../../checkpoint/__tests__/fixtures';
import { posted } from '../../checkpoint/__tests__/worker-globals';
import { manualSeed } from '../../seed';
import { answerDebugger, debug, StepperError } from '../stepper';

beforeAll(async () => {
  installFusedAdam();
  await tf.setBackend('cpu');
});

function mlp() {
  manualSeed(3);
  return tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [4], units: 6, activation: 'relu', name: 'hidden' }),
      tf.layers.dense({ units: 1, activation: 'sigmoid', name: 'out' }),
    ],
  });
}

function lastView(runId: RunId): StepDebuggerView {
  const views = posted.flatMap((m) =>
    m.type === 'display' && m.runId === runId && m.data['application/vnd.tfnb.step-debugger+json']
      ? [m.data['application/vnd.tfnb.step-debugger+json']]
      : [],
  );
  const view = views.at(-1);
  if (!view) throw new Error('no step debugger view was posted');
  return view;
}

describe('debug.stepper', () => {
  it('trains one batch per step, with the loss trainOnBatch gives, and wraps at the epoch end', async () => {
    const runId = `run-${Math.random()}` as RunId;
    setCurrentRun({ runId, cellId: 'cell-d' as CellId });
    const { x, y } = toyData();
    const model = mlp();
    const twin = mlp(); // the same seed: the same initial weights
    const dbg = debug.stepper(model, x, y, {
      batchSize: 16,
      optimizer: tf.train.sgd(0.5),
      loss: 'binaryCrossentropy',
    });
    twin.compile({ optimizer: tf.train.sgd(0.5), loss: 'binaryCrossentropy' });
    expect(lastView(runId)).toMatchObject({
      step: 0,
      batchesPerEpoch: 4,
      layers: ['hidden', 'out'],
    });

    const first = await dbg.stepOnce();
    const expected = (await twin.trainOnBatch(x.slice(0, 16), y.slice(0, 16))) as number;
    expect(first).toBeCloseTo(expected, 6);
    const second = await dbg.stepOnce();
    const expected2 = (await twin.trainOnBatch(x.slice(16, 16), y.slice(16, 16))) as number;
    expect(second).toBeCloseTo(expected2, 6);
    expect(lastView(runId)).toMatchObject({
      step: 2,
      epoch: 0,
      losses: [first, second],
      busy: false,
    });

    await dbg.continue(3);
    expect(lastView(runId)).toMatchObject({ step: 5, epoch: 1 });
    tf.dispose([x, y]);
    model.dispose();
    twin.dispose();
  });

  it('shows a layer: its output on the last batch and its weights, with their statistics', async () => {
    const runId = `run-${Math.random()}` as RunId;
    setCurrentRun({ runId, cellId: 'cell-d' as CellId });
    const { x, y } = toyData();
    const model = mlp();
    model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });
    const dbg = debug.stepper(model, x, y, { batchSize: 8 });
    await dbg.stepOnce();
    await answerDebugger(dbg.debuggerId, { kind: 'inspect', layer: 'hidden' });
    const view = lastView(runId);
    const [output, kernel, bias] = view.inspected?.tensors ?? [];
    expect(output).toMatchObject({ name: 'hidden output', shape: [8, 6] });
    expect(output?.min).toBeGreaterThanOrEqual(0); // after a ReLU
    const expectedOutput = tf.tidy(
      () =>
        (
          tf
            .model({
              inputs: model.inputs,
              outputs: model.getLayer('hidden').output as tf.SymbolicTensor,
            })
            .predict(x.slice(0, 8)) as tf.Tensor
        )
          .mean()
          .dataSync()[0],
    );
    expect(output?.mean).toBeCloseTo(expectedOutput ?? Number.NaN, 5);
    expect(kernel).toMatchObject({ name: 'hidden/kernel', shape: [4, 6] });
    const kernelMean = tf.tidy(
      () => model.getLayer('hidden').getWeights()[0]?.mean().dataSync()[0],
    );
    expect(kernel?.mean).toBeCloseTo(kernelMean ?? Number.NaN, 6);
    expect(bias?.histogram.counts.reduce((a, b) => a + b, 0)).toBe(6);
    expect(kernel?.sample).toHaveLength(6);

    // The page's Step re-reads the picked layer on the new batch.
    await answerDebugger(dbg.debuggerId, { kind: 'step', batches: 2 });
    expect(lastView(runId)).toMatchObject({ step: 3, inspected: { layer: 'hidden' } });

    await answerDebugger(dbg.debuggerId, { kind: 'inspect', layer: 'nope' });
    expect(lastView(runId).problem).toMatch(/has no layer "nope"/);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('holds no tensors between steps', async () => {
    setCurrentRun({ runId: 'run-flat' as RunId, cellId: 'cell-d' as CellId });
    const { x, y } = toyData();
    const model = mlp();
    const dbg = debug.stepper(model, x, y, {
      batchSize: 16,
      optimizer: tf.train.adam(0.01),
      loss: 'meanSquaredError',
    });
    await dbg.stepOnce();
    dbg.inspect('out');
    const counts: number[] = [];
    for (let i = 0; i < 5; i++) {
      await dbg.stepOnce();
      dbg.inspect('hidden');
      counts.push(tf.memory().numTensors);
    }
    expect(new Set(counts).size).toBe(1);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('refuses an uncompiled model without optimizer and loss, and a bad Continue', async () => {
    setCurrentRun({ runId: 'run-bad' as RunId, cellId: 'cell-d' as CellId });
    const { x, y } = toyData();
    const model = mlp();
    expect(() => debug.stepper(model, x, y)).toThrow(StepperError);
    const dbg = debug.stepper(model, x, y, { optimizer: 'sgd', loss: 'meanSquaredError' });
    await expect(dbg.continue(0)).rejects.toThrow(/whole number of batches/);
    tf.dispose([x, y]);
    model.dispose();
  });
});
