import { describe, expect, it } from 'vitest';
import type { RunPoint, RunSummary } from '@/protocol';
import { ema } from '../../smoothing';
import { runToCsv, runToJson } from '../run-export';
import { defaultMetrics, forLogAxis, groupByBase, metricSeries, runCurves } from '../run-series';
import { runsPlotOptions, runsTable, tracesOf } from '../runs-plot';

const points: RunPoint[] = [
  { kind: 'batch', step: 1, epoch: 0.5, wallMs: 100, logs: { loss: 1.0, acc: 0.5 } },
  { kind: 'batch', step: 2, epoch: 1, wallMs: 200, logs: { loss: 0.8, acc: 0.6 } },
  { kind: 'epoch', step: 2, epoch: 1, wallMs: 250, logs: { loss: 0.9, val_loss: 0.95 } },
  { kind: 'batch', step: 3, epoch: 1.5, wallMs: 300, logs: { loss: 0.6, acc: 0.7 } },
  { kind: 'batch', step: 4, epoch: 2, wallMs: 400, logs: { loss: 0.5, acc: 0.8 } },
  { kind: 'epoch', step: 4, epoch: 2, wallMs: 450, logs: { loss: 0.55, val_loss: 0.7 } },
];

function summary(id: string, name: string): RunSummary {
  return {
    id,
    name,
    notebook: 'nb.ipynb',
    cellId: 'c',
    source: 'fit',
    hparams: { lr: 0.01 },
    metrics: ['loss', 'acc', 'val_loss'],
    startedAt: 0,
    durationMs: 450,
    state: 'done',
    last: {},
    pointCount: points.length,
    sizeBytes: 0,
  };
}

describe('run curves', () => {
  it('takes batch values, falling back to epoch ends for validation, on each x axis', () => {
    expect(metricSeries(points, 'loss', 'step', 'batch')).toEqual({
      x: [1, 2, 3, 4],
      y: [1.0, 0.8, 0.6, 0.5],
    });
    expect(metricSeries(points, 'val_loss', 'step', 'batch')).toEqual({
      x: [2, 4],
      y: [0.95, 0.7],
    });
    expect(metricSeries(points, 'loss', 'epoch', 'epoch')).toEqual({ x: [1, 2], y: [0.9, 0.55] });
    expect(metricSeries(points, 'loss', 'wall', 'batch').x).toEqual([0.1, 0.2, 0.3, 0.4]);
    // A loop without epochs has only batch values: per epoch falls back to them.
    expect(metricSeries(points, 'acc', 'step', 'epoch').y).toEqual([0.5, 0.6, 0.7, 0.8]);
  });

  it('groups train and validation of a metric in one chart, loss first, a colour per run', () => {
    const runs = [
      { summary: summary('a', 'run_a'), points, color: '#111111' },
      { summary: summary('b', 'run_b'), points, color: '#222222' },
    ];
    const curves = runCurves(runs, ['acc', 'loss', 'val_loss'], 'step', 'batch');
    const groups = groupByBase(curves);
    expect(groups.map((g) => g.metric)).toEqual(['loss', 'acc']);
    expect(
      groups[0]?.curves.map((c) => `${c.runName}:${c.metric}:${c.validation}:${c.color}`),
    ).toEqual([
      'run_a:loss:false:#111111',
      'run_a:val_loss:true:#111111',
      'run_b:loss:false:#222222',
      'run_b:val_loss:true:#222222',
    ]);
  });

  it('starts with the asked metrics, else loss and val_loss, else the first', () => {
    expect(defaultMetrics(['loss', 'acc', 'val_loss'])).toEqual(['loss', 'val_loss']);
    expect(defaultMetrics(['acc', 'mae'])).toEqual(['acc']);
    expect(defaultMetrics(['loss', 'acc'], ['acc', 'gone'])).toEqual(['acc']);
  });
});

describe('smoothing and log axis in the chart table', () => {
  const curve = runCurves(
    [{ summary: summary('a', 'a'), points, color: '#000000' }],
    ['loss'],
    'step',
    'batch',
  );

  it('draws the raw curve faint behind the debiased EMA at the slider weight', () => {
    const traces = tracesOf(curve, 0.9);
    expect(traces.map((t) => [t.smoothed, t.faint])).toEqual([
      [false, true],
      [true, false],
    ]);
    const table = runsTable(traces, { smoothing: 0.9, logY: false, xLabel: 'step', buckets: 100 });
    expect(table[0]).toEqual([1, 2, 3, 4]);
    expect(table[1]).toEqual([1.0, 0.8, 0.6, 0.5]);
    // TensorBoard's debiasing: the first smoothed value is the first raw value, not 0.1 of it.
    const smoothed = table[2] as number[];
    expect(smoothed[0]).toBeCloseTo(1.0, 12);
    expect(smoothed[1]).toBeCloseTo((0.9 * 0.1 * 1.0 + 0.1 * 0.8) / (1 - 0.9 ** 2), 12);
    expect(smoothed).toEqual(ema([1.0, 0.8, 0.6, 0.5], 0.9));
    // Heavier smoothing lags further behind the falling raw curve.
    const lighter = runsTable(tracesOf(curve, 0.3), {
      smoothing: 0.3,
      logY: false,
      xLabel: 'step',
      buckets: 100,
    });
    expect((lighter[2] as number[])[3]).toBeLessThan(smoothed[3]!);
    // At 0 there is nothing to smooth: one full-strength raw line.
    expect(tracesOf(curve, 0)).toEqual([{ curve: curve[0], smoothed: false, faint: false }]);
  });

  it('leaves values a log axis cannot draw empty, and sets a log scale', () => {
    expect(forLogAxis([1, 0, -2, null, 0.1])).toEqual([1, null, null, null, 0.1]);
    const traces = tracesOf(curve, 0);
    const options = runsPlotOptions(
      'loss',
      traces,
      { smoothing: 0, logY: true, xLabel: 'step', buckets: 100 },
      { width: 400, height: 200, syncKey: 'k' },
    );
    expect(options.scales?.y).toEqual({ distr: 3 });
    expect(options.series[1]?.label).toBe('a · loss');
  });
});

describe('run export', () => {
  it('writes one CSV row per point with step, epoch, wall time and every metric', () => {
    const csv = runToCsv(summary('a', 'my run'), points.slice(0, 3));
    expect(csv.split('\n')).toEqual([
      'step,epoch,wall_time_s,kind,loss,acc,val_loss',
      '1,0.5,0.1,batch,1,0.5,',
      '2,1,0.2,batch,0.8,0.6,',
      '2,1,0.25,epoch,0.9,,0.95',
      '',
    ]);
  });

  it('writes the summary and points as JSON that reads back', () => {
    const back = JSON.parse(runToJson(summary('a', 'r'), points)) as RunSummary & {
      points: RunPoint[];
    };
    expect(back.name).toBe('r');
    expect(back.hparams).toEqual({ lr: 0.01 });
    expect(back.points).toEqual(points);
  });
});
