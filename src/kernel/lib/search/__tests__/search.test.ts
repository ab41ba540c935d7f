import '../../checkpoint/__tests__/worker-globals';
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CellId, PlotlyFigure, RunId, TableView } from '@/protocol';
import { setCurrentRun } from '../../../run-context';
import { toyData } from '../../checkpoint/__tests__/fixtures';
import { posted } from '../../checkpoint/__tests__/worker-globals';
import { checkInterrupt, clearInterrupt, requestInterrupt } from '../../interrupt';
import { manualSeed } from '../../seed';
import { search } from '../search';
import type { Params } from '../space';

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterEach(() => clearInterrupt());

const { choice, uniform, logUniform, quniform } = search;

describe('search spaces and seeded proposals', () => {
  it('draws the same points from the same seed, inside each dimension', async () => {
    const space = {
      dropout: uniform(0, 0.5),
      lr: logUniform(1e-5, 1e-1),
      units: choice([256, 512, 1024]),
      step: quniform(1, 10, 0.5),
      epochs: 1,
    };
    const seen = (seed: number) => {
      const out: Params[] = [];
      const record = (p: Params) => {
        out.push(p);
        return 0;
      };
      return search.random(space, record, { maxEvals: 12, seed }).then(() => out);
    };
    const a = await seen(3);
    expect(await seen(3)).toEqual(a);
    expect(await seen(4)).not.toEqual(a);
    for (const p of a) {
      expect(p.dropout as number).toBeGreaterThanOrEqual(0);
      expect(p.dropout as number).toBeLessThan(0.5);
      expect(p.lr as number).toBeGreaterThanOrEqual(1e-5);
      expect(p.lr as number).toBeLessThanOrEqual(1e-1);
      expect([256, 512, 1024]).toContain(p.units);
      expect(((p.step as number) * 2) % 1).toBe(0);
      expect(p.epochs).toBe(1);
    }
    expect(new Set(a.map((p) => p.units)).size).toBe(3);
  });

  it('walks a grid in order, last name fastest, and fills a live results table', async () => {
    const runId = 'grid-run' as RunId;
    setCurrentRun({ runId, cellId: 'grid-cell' as CellId });
    const result = await search.grid(
      { batchSize: [32, 64], act: choice(['relu', 'tanh', 'elu']) },
      (p) => (p.batchSize as number) / 32 + (p.act === 'tanh' ? 0 : 1),
    );
    expect(result.trials.map((t) => t.params)).toEqual([
      { batchSize: 32, act: 'relu' },
      { batchSize: 32, act: 'tanh' },
      { batchSize: 32, act: 'elu' },
      { batchSize: 64, act: 'relu' },
      { batchSize: 64, act: 'tanh' },
      { batchSize: 64, act: 'elu' },
    ]);
    expect(result.bestParams).toEqual({ batchSize: 32, act: 'tanh' });
    expect(result.bestRun).toEqual({ batchSize: 0, act: 1 });
    const tables = posted.flatMap((m) =>
      m.type === 'display' && m.runId === runId && m.data['application/vnd.tfnb.table+json']
        ? [m.data['application/vnd.tfnb.table+json'] as TableView]
        : [],
    );
    // The table grows one row per finished trial, then names the best.
    expect(tables.map((t) => t.rows.length)).toEqual([0, 1, 2, 3, 4, 5, 6, 6]);
    expect(tables.at(-1)?.rows[1]).toEqual([2, 32, 'tanh', 1, expect.any(Number), '★']);
    // Two parameters: a heatmap of the values, rows the first name's, columns the second's.
    const heatmap = posted.flatMap((m) =>
      m.type === 'display' && m.runId === runId && m.data['application/vnd.plotly.v1+json']
        ? [m.data['application/vnd.plotly.v1+json'] as PlotlyFigure]
        : [],
    );
    expect(heatmap).toHaveLength(1);
    expect(heatmap[0]?.data[0]).toMatchObject({
      type: 'heatmap',
      x: ['relu', 'tanh', 'elu'],
      y: ['32', '64'],
      z: [
        [2, 1, 2],
        [3, 2, 3],
      ],
    });
    await expect(search.grid({ lr: uniform(0, 1) }, () => 0)).rejects.toThrow(
      /needs a list of values/,
    );
  });

  it('TPE concentrates its proposals near the optimum after the random start-up trials', async () => {
    const space = { x: uniform(0, 1), k: choice(['a', 'b', 'c', 'd']) };
    const loss = (p: Params) => ((p.x as number) - 0.3) ** 2 + (p.k === 'c' ? 0 : 0.2);
    const tpe = await search.tpe(space, loss, { maxEvals: 60, seed: 1, nStartupJobs: 15 });
    const random = await search.random(space, loss, { maxEvals: 60, seed: 1 });
    const meanLoss = (ts: { value: number }[]) => ts.reduce((s, t) => s + t.value, 0) / ts.length;
    expect(meanLoss(tpe.trials.slice(30))).toBeLessThan(meanLoss(random.trials.slice(30)) / 2);
    expect(tpe.bestParams.k).toBe('c');
    expect(Math.abs((tpe.bestParams.x as number) - 0.3)).toBeLessThan(0.05);
  });
});

describe('searches that train', () => {
  it('train one model per trial, keep only the best, and leave the tensor count flat', async () => {
    const { x, y } = toyData();
    const before = tf.memory().numTensors;
    const atStart: number[] = [];
    const result = await search.random(
      { units: choice([4, 8, 16]), dropout: uniform(0, 0.5), batchSize: choice([16, 32]) },
      async (p) => {
        atStart.push(tf.memory().numTensors);
        manualSeed(1);
        const model = tf.sequential({
          layers: [
            tf.layers.dense({ inputShape: [4], units: p.units as number, activation: 'relu' }),
            tf.layers.dropout({ rate: p.dropout as number }),
            tf.layers.dense({ units: 1, activation: 'sigmoid' }),
          ],
        });
        model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy'] });
        await model.fit(x, y, { epochs: 2, batchSize: p.batchSize as number, verbose: 0 });
        const scores = model.evaluate(x, y) as tf.Scalar[];
        const accuracy = (await scores[1]!.data())[0]!;
        tf.dispose(scores);
        return { loss: -accuracy, model };
      },
      { maxEvals: 5, seed: 7 },
    );
    // From the second trial on, the one kept model is the only thing alive between trials.
    expect(atStart.length).toBe(5);
    expect(new Set(atStart.slice(1)).size, String(atStart)).toBe(1);
    expect(result.bestModel).toBeDefined();
    result.bestModel?.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(result.bestValue).toBe(Math.min(...result.trials.map((t) => t.value)));
    expect(Object.keys(result.bestRun)).toEqual(['units', 'dropout', 'batchSize']);
    expect([0, 1, 2]).toContain(result.bestRun.units);
    expect(result.bestRun.dropout).toBe(result.bestParams.dropout);
  });

  it('keeps the finished trials when interrupted', async () => {
    const trials = new search.Trials();
    await expect(
      search.random(
        { a: uniform(0, 1) },
        (p, trial) => {
          if (trial.index === 2) {
            requestInterrupt();
            checkInterrupt();
          }
          return p.a as number;
        },
        { maxEvals: 6, trials },
      ),
    ).rejects.toThrow(/interrupt/i);
    expect(trials.length).toBe(2);
  });
});
