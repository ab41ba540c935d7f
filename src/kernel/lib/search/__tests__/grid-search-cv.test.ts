import '../../checkpoint/__tests__/worker-globals';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CellId, RunId } from '@/protocol';
import { setCurrentRun } from '../../../run-context';
import { posted } from '../../checkpoint/__tests__/worker-globals';
import { manualSeed } from '../../seed';
import { kFold, stratifiedKFold } from '../folds';
import { gridSearchCV } from '../grid-search-cv';
import type { Params } from '../space';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('folds as scikit-learn makes them', () => {
  it('KFold: contiguous, the first n mod k folds one larger', () => {
    expect(kFold(10, 3).map((f) => f.test)).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ]);
    expect(kFold(10, 3)[1]?.train).toEqual([0, 1, 2, 3, 7, 8, 9]);
  });

  it('StratifiedKFold: the folds of sklearn 0.22+ for 4 zeros and 6 ones', () => {
    // np.bincount(y_order[i::3]) → [[2,2],[1,2],[1,2]]; each class takes its folds in order.
    expect(stratifiedKFold([0, 0, 0, 0, 1, 1, 1, 1, 1, 1], 3).map((f) => f.test)).toEqual([
      [0, 1, 4, 5],
      [2, 6, 7],
      [3, 8, 9],
    ]);
    // Classes are numbered by first appearance, not by value.
    expect(stratifiedKFold([1, 0, 1, 0, 1, 0], 3).map((f) => f.test)).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
    ]);
    expect(() => stratifiedKFold([0, 1, 1], 3)).toThrow(
      /more than the number of samples in every class/,
    );
  });
});

describe('gridSearchCV', () => {
  it('cross-validates every combination (the Learn Keras grid on random labels), ranks them and refits the best, leaking nothing', async () => {
    setCurrentRun({ runId: 'cv-run' as RunId, cellId: 'cv-cell' as CellId });
    manualSeed(5);
    // The book's data: uniform features and labels that do not depend on them.
    const x = tf.randomUniform([90, 3]);
    const y = tf.cast(tf.greater(tf.randomUniform([90, 1]), 0.5), 'float32');
    const built: Params[] = [];
    const before = tf.memory().numTensors;
    const result = await gridSearchCV({
      build: (params) => {
        built.push(params);
        const model = tf.sequential({
          layers: [
            tf.layers.dense({ inputShape: [3], units: 12, activation: 'relu' }),
            tf.layers.dense({ units: 1, activation: 'sigmoid' }),
          ],
        });
        model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy'] });
        return model;
      },
      paramGrid: { epochs: [1, 3], batch_size: [16, 32] },
      x,
      y,
      cv: 3,
    });

    // ParameterGrid order: names sorted (batch_size, epochs), the last fastest.
    expect(result.cvResults.map((r) => r.params)).toEqual([
      { batch_size: 16, epochs: 1 },
      { batch_size: 16, epochs: 3 },
      { batch_size: 32, epochs: 1 },
      { batch_size: 32, epochs: 3 },
    ]);
    expect(built).toHaveLength(4 * 3 + 1);
    for (const row of result.cvResults) {
      expect(row.splitScores).toHaveLength(3);
      for (const s of row.splitScores) {
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
      }
      const mean = row.splitScores.reduce((a, b) => a + b, 0) / 3;
      expect(row.mean).toBeCloseTo(mean, 12);
      expect(row.std).toBeCloseTo(
        Math.sqrt(row.splitScores.reduce((a, s) => a + (s - mean) ** 2, 0) / 3),
        12,
      );
    }
    const means = result.cvResults.map((r) => r.mean);
    expect(result.bestScore).toBe(Math.max(...means));
    expect(result.cvResults[result.bestIndex]?.rank).toBe(1);
    expect(result.best_params_).toEqual(result.cvResults[result.bestIndex]?.params);
    expect(result.cv_results_.mean_test_score).toEqual(means);
    expect(result.cv_results_.param_epochs).toEqual([1, 3, 1, 3]);
    // Random labels: nothing beats chance by much.
    for (const m of means) expect(Math.abs(m - 0.5)).toBeLessThan(0.2);
    expect(result.bestEstimator?.optimizer).toBeDefined();
    const heatmap = posted.findLast(
      (m) => m.type === 'display' && m.data['application/vnd.plotly.v1+json'] !== undefined,
    );
    expect(
      heatmap?.type === 'display' && heatmap.data['application/vnd.plotly.v1+json']?.data[0],
    ).toMatchObject({
      type: 'heatmap',
      x: ['1', '3'],
      y: ['16', '32'],
      z: [means.slice(0, 2), means.slice(2, 4)],
    });

    result.bestEstimator?.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
