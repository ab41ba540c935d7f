import '../../checkpoint/__tests__/worker-globals';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CellId, HistogramsView, RunId } from '@/protocol';
import { installFusedAdam } from '../../../fused-adam/install';
import { setCurrentRun } from '../../../run-context';
import { toyData } from '../../checkpoint/__tests__/fixtures';
import { posted } from '../../checkpoint/__tests__/worker-globals';
import { globalNorm } from '../../clip/clip-gradients';
import { fit as train } from '../../fit';
import { manualSeed } from '../../seed';
import { trainLoop } from '../../train-loop';
import { binValues } from '../bins';
import { histograms } from '../index';
import { kernelMap } from '../kernel-map';

beforeAll(async () => {
  installFusedAdam();
  await tf.setBackend('cpu');
});

/** A real classifier with dropout and an L2 penalty, so the probe's loss must handle both. */
function classifier(optimizer: tf.Optimizer = tf.train.adam(0.01)) {
  manualSeed(7);
  const model = tf.sequential({
    layers: [
      tf.layers.dense({
        inputShape: [4],
        units: 8,
        activation: 'relu',
        name: 'hidden',
        kernelRegularizer: tf.regularizers.l2({ l2: 0.01 }),
      }),
      tf.layers.dropout({ rate: 0.2, name: 'drop' }),
      tf.layers.dense({ units: 1, activation: 'sigmoid', name: 'out' }),
    ],
  });
  model.compile({ optimizer, loss: 'binaryCrossentropy' });
  return model;
}

/** The latest histograms view each fit posted, in this run. */
function lastView(runId: RunId): HistogramsView {
  const views = posted.flatMap((m) =>
    m.type === 'display' && m.runId === runId && m.data['application/vnd.tfnb.histograms+json']
      ? [m.data['application/vnd.tfnb.histograms+json']]
      : [],
  );
  const view = views.at(-1);
  if (!view) throw new Error('no histograms view was posted');
  return view;
}

function newRun(): RunId {
  const runId = `run-${Math.random()}` as RunId;
  setCurrentRun({ runId, cellId: 'cell-h' as CellId });
  return runId;
}

describe('binValues', () => {
  it('puts every finite value in one of the bins, the max in the last', () => {
    const h = binValues([0, 1, 2, 3, 4, 10, Number.NaN], 5);
    expect(h.lo).toBe(0);
    expect(h.hi).toBe(10);
    expect(h.counts).toEqual([2, 2, 1, 0, 1]);
  });

  it('gives equal values one bin', () => {
    expect(binValues([2, 2, 2], 4)).toEqual({ lo: 2, hi: 2, counts: [3, 0, 0, 0] });
  });
});

describe('fit with histograms', () => {
  it('bins every parameter each epoch, and the gradient norm is tf.grads global norm on the validation batch', async () => {
    const runId = newRun();
    const { x, y } = toyData();
    const model = classifier();
    const vx = x.slice(0, 20);
    const vy = y.slice(0, 20);
    const history = await train(model, x, y, {
      epochs: 2,
      batchSize: 16,
      validationData: [vx, vy],
      histograms: { every: 1 },
    });
    const view = lastView(runId);
    // The same numbers on the History, out of the way of a printed one.
    expect(history.histograms?.epochs).toEqual([1, 2]);
    expect(history.histograms?.recordMs).toHaveLength(2);
    expect(Object.keys(history)).not.toContain('histograms');
    expect(view.state).toBe('done');
    expect(view.epochs).toEqual([1, 2]);
    expect(view.gradientBatch).toContain('validation batch (16 rows)');
    const weights = view.tracks.filter((t) => t.kind === 'weights');
    expect(weights.map((t) => t.name)).toEqual([
      'hidden/kernel',
      'hidden/bias',
      'out/kernel',
      'out/bias',
    ]);
    for (const e of [0, 1]) {
      const total = weights.reduce(
        (sum, t) => sum + (t.bins[e]?.counts.reduce((a, b) => a + b, 0) ?? 0),
        0,
      );
      expect(total).toBe(model.countParams());
      for (const t of view.tracks.filter((k) => k.kind === 'gradients')) {
        const size = t.shape.reduce((a, b) => a * b, 1);
        expect(t.bins[e]?.counts.reduce((a, b) => a + b, 0)).toBe(size);
      }
    }

    // The same loss, built here from tfjs's own pieces: inference mode, plus the L2 penalty.
    const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const expected = tf.tidy(() => {
      const { grads } = tf.variableGrads(() => {
        const p = model.predict(vx.slice(0, 16)) as tf.Tensor;
        const data = tf.metrics.binaryCrossentropy(vy.slice(0, 16), p).mean();
        const l2 = tf.mul(0.01, tf.sum(tf.square(vars[0] as tf.Variable)));
        return tf.add(data, l2) as tf.Scalar;
      }, vars);
      return globalNorm(Object.values(grads)).dataSync()[0] ?? Number.NaN;
    });
    const ours = Math.sqrt(view.norms.reduce((s, l) => s + (l.gradientNorm[1] ?? 0) ** 2, 0));
    expect(ours).toBeGreaterThan(0);
    expect(ours).toBeCloseTo(expected, 5);
    expect(view.norms.map((l) => l.layer)).toEqual(['hidden', 'out']);
    expect(view.kernels.map((k) => [k.layer, k.rows, k.cols])).toEqual([
      ['hidden', 4, 8],
      ['out', 8, 1],
    ]);
    tf.dispose([x, y, vx, vy]);
    model.dispose();
  });

  it('reports a weight change of 0 at learning rate 0, and ‖W_1 − W_0‖ otherwise', async () => {
    const { x, y } = toyData();
    const frozen = classifier(tf.train.sgd(0));
    let runId = newRun();
    await train(frozen, x, y, { epochs: 2, batchSize: 16, histograms: true });
    let view = lastView(runId);
    expect(view.gradientBatch).toContain('first training batch');
    for (const layer of view.norms) expect(layer.weightChange).toEqual([0, 0]);
    expect(view.norms.every((l) => (l.gradientNorm[0] ?? 0) > 0)).toBe(true);

    const model = classifier(tf.train.sgd(0.5));
    const before = model.getWeights().map((w) => w.dataSync().slice());
    runId = newRun();
    await train(model, x, y, { epochs: 1, batchSize: 16, histograms: true, validationSplit: 0.25 });
    view = lastView(runId);
    expect(view.gradientBatch).toContain('validationSplit');
    const after = model.getWeights().map((w) => w.dataSync());
    const hidden = Math.sqrt(
      [0, 1].reduce(
        (s, i) =>
          s + (after[i] ?? []).reduce((t, v, k) => t + (v - ((before[i] ?? [])[k] ?? 0)) ** 2, 0),
        0,
      ),
    );
    expect(view.norms[0]?.weightChange[0]).toBeCloseTo(hidden, 5);
    expect(hidden).toBeGreaterThan(0);
    tf.dispose([x, y]);
    frozen.dispose();
    model.dispose();
  });

  it('records every N-th epoch only', async () => {
    const runId = newRun();
    const { x, y } = toyData();
    const model = classifier();
    await train(model, x, y, { epochs: 4, batchSize: 32, histograms: { every: 2 } });
    expect(lastView(runId).epochs).toEqual([2, 4]);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('keeps the tensor count flat across epochs and frees its probe batch at the end', async () => {
    newRun();
    const { x, y } = toyData();
    const model = classifier();
    await train(model, x, y, { epochs: 1, batchSize: 16 }); // the optimizer's slots exist now
    const start = tf.memory().numTensors;
    const perEpoch: number[] = [];
    await train(model, x, y, {
      epochs: 5,
      batchSize: 16,
      validationData: [x, y],
      histograms: { every: 1 },
      callbacks: { onEpochEnd: async () => void perEpoch.push(tf.memory().numTensors) },
    });
    expect(new Set(perEpoch).size).toBe(1);
    expect(tf.memory().numTensors).toBe(start);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('refuses a bad option with a clear message', async () => {
    newRun();
    const { x, y } = toyData();
    const model = classifier();
    await expect(train(model, x, y, { epochs: 1, histograms: { every: 0 } })).rejects.toThrow(
      /histograms.every must be a whole number/,
    );
    tf.dispose([x, y]);
    model.dispose();
  });
});

describe('trainLoop with histograms', () => {
  it('records an uncompiled model with the loop’s own loss on the batch given', async () => {
    const runId = newRun();
    const { x, y } = toyData();
    manualSeed(2);
    const model = tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [4], units: 5, activation: 'tanh', name: 'h' }),
        tf.layers.dense({ units: 1, name: 'o' }),
      ],
    });
    const optimizer = tf.train.sgd(0.1);
    const mse = (t: tf.Tensor, p: tf.Tensor) => tf.losses.meanSquaredError(t, p);
    const vx = x.slice(48, 16);
    const vy = y.slice(48, 16);
    const counts: number[] = [];
    await trainLoop({
      model,
      optimizer,
      iterations: 3,
      epochs: 3,
      step: () => optimizer.minimize(() => mse(y, model.apply(x) as tf.Tensor) as tf.Scalar, true)!,
      histograms: { x: vx, y: vy, loss: mse },
      onEpochEnd: () => void counts.push(tf.memory().numTensors),
    });
    const view = lastView(runId);
    expect(view.epochs).toEqual([1, 2, 3]);
    expect(view.gradientBatch).toBe('the batch given (16 rows)');
    const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const expected = tf.tidy(() => {
      const { grads } = tf.variableGrads(
        () => mse(vy, model.predict(vx) as tf.Tensor) as tf.Scalar,
        vars,
      );
      return globalNorm(Object.values(grads)).dataSync()[0] ?? Number.NaN;
    });
    const ours = Math.sqrt(view.norms.reduce((s, l) => s + (l.gradientNorm[2] ?? 0) ** 2, 0));
    expect(ours).toBeCloseTo(expected, 5);
    expect(new Set(counts.slice(1)).size).toBe(1);
    expect(vx.isDisposed).toBe(false);
    tf.dispose([x, y, vx, vy]);
    model.dispose();
  });
});

describe('kernel heatmaps', () => {
  it('averages a large kernel in blocks down to 64 × 64', () => {
    const values = Array.from({ length: 130 * 3 }, (_, i) => Math.floor(i / 3));
    const map = kernelMap('big', [130, 3], values);
    expect([map.rows, map.cols, map.pooled]).toEqual([44, 3, true]);
    expect(map.values[0]).toBe(1); // rows 0, 1, 2 average to 1
  });

  it('shows a layer of a model by name, and names the layers it has when it is wrong', () => {
    const model = classifier();
    const rich = histograms.kernel(model, 'hidden');
    const view = rich.bundle['application/vnd.tfnb.histograms+json'];
    expect(view?.kernels[0]?.values).toHaveLength(32);
    expect(() => histograms.kernel(model, 'drop')).toThrow(
      expect.objectContaining({ hint: 'Layers with kernels: hidden, out.' }),
    );
    model.dispose();
  });
});
