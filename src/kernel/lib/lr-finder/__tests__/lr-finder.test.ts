import '../../checkpoint/__tests__/worker-globals';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CellId, PlotlyFigure, RunId } from '@/protocol';
import { setCurrentRun } from '../../../run-context';
import { getLearningRate } from '../../callbacks/learning-rate';
import { toyData } from '../../checkpoint/__tests__/fixtures';
import { posted } from '../../checkpoint/__tests__/worker-globals';
import { manualSeed } from '../../seed';
import { geometricRates, lrFinder } from '../lr-finder';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function build(lr: number, seen: { lr: number; optimizerLr: number }[]) {
  manualSeed(2);
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [4], units: 16, activation: 'relu' }),
      tf.layers.dropout({ rate: 0.2 }),
      tf.layers.dense({ units: 1, activation: 'sigmoid' }),
    ],
  });
  const optimizer = tf.train.adam(lr);
  model.compile({ optimizer, loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  const entry = { lr, optimizerLr: Number.NaN };
  seen.push(entry);
  // What the optimizer holds once training starts: the ladder's rate.
  model.fit = ((original) =>
    function (this: tf.LayersModel, ...args: Parameters<typeof original>) {
      entry.optimizerLr = getLearningRate(optimizer);
      return original.apply(this, args);
    })(model.fit);
  return model;
}

describe('lrFinder', () => {
  it('knows the Finance book’s ladder: 1e-6·2^i for i = 0…19', () => {
    const rates = geometricRates();
    expect(rates).toHaveLength(20);
    expect(rates[0]).toBe(1e-6);
    expect(rates[10]).toBeCloseTo(1.024e-3, 15);
    expect(rates[19]).toBeCloseTo(0.524288, 12);
  });

  it('trains a fresh model per rate, leaks no tensors, and plots loss against rate on a log axis with the suggestion', async () => {
    const runId = 'lr-run' as RunId;
    setCurrentRun({ runId, cellId: 'lr-cell' as CellId });
    const { x, y } = toyData();
    const seen: { lr: number; optimizerLr: number }[] = [];
    const before = tf.memory().numTensors;
    const result = await lrFinder({
      build: (lr) => build(lr, seen),
      x,
      y,
      start: 1e-5,
      factor: 4,
      count: 9,
      epochs: 3,
      batchSize: 16,
    });
    expect(tf.memory().numTensors).toBe(before);

    expect(result.rates).toEqual(geometricRates(1e-5, 4, 9));
    expect(seen.map((s) => s.lr)).toEqual(result.rates);
    expect(seen.map((s) => s.optimizerLr)).toEqual(result.rates);
    expect(result.losses).toHaveLength(9);
    // Tiny rates barely move the loss; a good one lowers it well below.
    const finite = result.losses.filter(Number.isFinite);
    const lowest = Math.min(...finite);
    expect(result.losses[0]! - lowest).toBeGreaterThan(0.1);
    expect(result.best).toBe(result.rates[result.losses.indexOf(lowest)]);
    expect(result.suggested).toBe(result.best / 2);

    const figures = posted.flatMap((m) =>
      m.type === 'display' && m.runId === runId && m.data['application/vnd.plotly.v1+json']
        ? [m]
        : [],
    );
    // One figure, updated in place after each rate, then with the suggestion.
    expect(new Set(figures.map((f) => f.displayId)).size).toBe(1);
    const last = figures.at(-1)!.data['application/vnd.plotly.v1+json'] as PlotlyFigure;
    expect((last.layout?.xaxis as { type?: string } | undefined)?.type).toBe('log');
    expect(last.data[0]?.x).toEqual(result.rates);
    expect(last.data[1]?.x).toEqual([result.suggested, result.suggested]);
  });

  it('refuses a model that build did not compile, and disposes it', async () => {
    const { x, y } = toyData();
    const before = tf.memory().numTensors;
    await expect(
      lrFinder({
        build: () => tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 1 })] }),
        x,
        y,
        count: 2,
      }),
    ).rejects.toThrow(/not compiled/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
