// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MetricPoint } from '@/protocol';
import { LiveTrainingPlot } from '../live-training-plot';
import { fakeUPlot, manualFrames } from './fake-uplot';
import { batch, epochEnd } from './points';

function setup() {
  const frames = manualFrames();
  const { plots, ctor } = fakeUPlot();
  // jsdom lays nothing out: clientWidth is 0, so the plot uses its fallback width of 640 px.
  const el = document.createElement('div');
  const plot = new LiveTrainingPlot();
  plot.attach(ctor, el);
  return { frames, plots, plot, el };
}

/** The labels of a plot's series: its options' at build, or its series now (a FakePlot). */
const labels = (plot: { series: readonly { label?: unknown }[] }) =>
  plot.series.map((s) => s.label);

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('LiveTrainingPlot', () => {
  it('builds one plot per metric family, loss on top, with the curves as a table on x', () => {
    const { frames, plots, plot } = setup();
    plot.update(
      [batch(0.5, { loss: 1, acc: 0.5 }), epochEnd(1, 0, { loss: 0.8, val_loss: 0.9, acc: 0.6 })],
      'epoch',
    );
    // Plots are built in tasks of their own, one a task, never in a frame: a build and the
    // frame's layout and paint in one task were the page's longest task in training.
    frames.run();
    expect(plots).toHaveLength(0);
    frames.runTasks();
    expect(plots).toHaveLength(1);
    frames.runTasks();
    expect(plots).toHaveLength(2);
    expect(frames.pending()).toBe(0);
    expect(frames.pendingTasks()).toBe(0);
    const [lossPlot, accPlot] = plots;
    expect(labels(lossPlot!.options)).toEqual(['epoch', 'loss (batch)', 'loss', 'val_loss']);
    expect(lossPlot!.tables[0]).toEqual([
      [0.5, 1],
      [1, null],
      [null, 0.8],
      [null, 0.9],
    ]);
    expect(labels(accPlot!.options)).toEqual(['epoch', 'acc (batch)', 'acc']);
  });

  it('hands the existing plots the new table instead of building new ones', () => {
    const { frames, plots, plot } = setup();
    const points = [batch(1, { loss: 1 }), batch(2, { loss: 0.9 })];
    plot.update(points, 'iteration');
    frames.settle();
    plot.update([...points, batch(3, { loss: 0.8 })], 'iteration');
    frames.settle();
    expect(plots).toHaveLength(1);
    expect(plots[0]?.setData).toHaveBeenCalledTimes(1);
    expect(plots[0]?.tables.at(-1)).toEqual([
      [1, 2, 3],
      [1, 0.9, 0.8],
    ]);
  });

  it('draws many updates within one frame once, and counts its draws for the bench', () => {
    const { frames, plots, plot, el } = setup();
    const points = [batch(1, { loss: 1 })];
    plot.update(points, 'iteration');
    frames.settle();
    for (let i = 2; i < 12; i++) {
      points.push(batch(i, { loss: 1 / i }));
      plot.update(points.slice(), 'iteration');
    }
    expect(frames.pending()).toBe(1);
    frames.run();
    expect(plots[0]?.setData).toHaveBeenCalledTimes(1);
    expect(plots[0]?.tables.at(-1)?.[0]).toHaveLength(11);
    // The first frame (no plot yet), the build task and this frame.
    expect(el.dataset.draws).toBe('3');
    // A new view with nothing new in it (a state change) draws nothing.
    plot.update(points.slice(), 'iteration');
    expect(frames.pending()).toBe(0);
    expect(el.dataset.draws).toBe('3');
  });

  it('draws a long run decimated to the pixel columns while the buffer keeps every point', () => {
    const { frames, plots, plot } = setup();
    const points: MetricPoint[] = Array.from({ length: 50_000 }, (_, i) =>
      batch(i, { loss: i === 31_337 ? 99 : Math.exp(-i / 10_000) }),
    );
    plot.update(points, 'iteration');
    frames.settle();
    const [x, y] = plots[0]?.tables[0] ?? [];
    expect(x?.length).toBeLessThanOrEqual(2 * 640);
    expect(Math.max(...(y as number[]))).toBe(99);
    expect(plot.buffer.list()[0]?.x).toHaveLength(50_000);
  });

  it('adds the curves of a new series to the plot that shows it, e.g. the first validation epoch', () => {
    const { frames, plots, plot } = setup();
    const points = [batch(1, { loss: 1 })];
    plot.update(points, 'epoch');
    frames.settle();
    plot.update([...points, epochEnd(1, 0, { loss: 0.9, val_loss: 1.1 })], 'epoch');
    frames.settle();
    expect(plots).toHaveLength(1);
    expect(plots[0]?.destroy).not.toHaveBeenCalled();
    expect(labels(plots[0]!)).toEqual(['epoch', 'loss (batch)', 'loss', 'val_loss']);
    // The epoch ends where its last batch is: one row of the table.
    expect(plots[0]?.tables.at(-1)).toEqual([[1], [1], [0.9], [1.1]]);
  });

  it('builds the plots anew when a new metric needs its own plot, one plot a task', () => {
    const { frames, plots, plot } = setup();
    const points = [batch(1, { loss: 1 })];
    plot.update(points, 'epoch');
    frames.settle();
    plot.update([...points, batch(2, { loss: 0.9, acc: 0.5 })], 'epoch');
    frames.run();
    // The old plot stays until its replacement is built: no frame without a chart.
    expect(plots[0]?.destroy).not.toHaveBeenCalled();
    frames.runTasks();
    // Two plots are shorter than one: the first is rebuilt at the new height, then the second.
    expect(plots[0]?.destroy).toHaveBeenCalledTimes(1);
    expect(plots).toHaveLength(2);
    frames.runTasks();
    expect(plots).toHaveLength(3);
    expect(plots.slice(1).map((p) => p.options.height)).toEqual([170, 170]);
    expect(labels(plots[2]!)).toEqual(['epoch', 'acc']);
  });

  it('builds every plot at once for an export', () => {
    const { frames, plots, plot } = setup();
    plot.update([batch(1, { loss: 1, acc: 0.5, mae: 0.1 })], 'iteration');
    plot.drawAll();
    expect(plots).toHaveLength(3);
    expect(plot.subplots()).toHaveLength(3);
    frames.settle();
    expect(plots).toHaveLength(3);
  });

  it('adds a smoothed twin of the batch curve when smoothing is switched on', () => {
    const { frames, plots, plot } = setup();
    plot.update([batch(1, { loss: 2 }), batch(2, { loss: 2 })], 'iteration');
    frames.settle();
    plot.setSmoothing(true);
    frames.settle();
    expect(plots).toHaveLength(1);
    expect(labels(plots[0]!)).toEqual(['iteration', 'loss', 'loss (smoothed)']);
    const smoothed = plots[0]?.tables.at(-1)?.[2] as number[];
    expect(smoothed[0]).toBeCloseTo(2, 9);
    expect(smoothed[1]).toBeCloseTo(2, 9);
  });

  it('starts fresh curves when handed another chart id, even with more points', () => {
    const { frames, plots, plot } = setup();
    plot.update([batch(1, { loss: 1 })], 'iteration', 'run-1');
    frames.settle();
    plot.update([batch(1, { loss: 5 }), batch(2, { loss: 4 })], 'iteration', 'run-2');
    frames.settle();
    expect(plots.at(-1)?.tables.at(-1)).toEqual([
      [1, 2],
      [5, 4],
    ]);
  });

  it('reads the points anew when a long run thins its batch points, keeping the zoom', () => {
    const { frames, plots, plot } = setup();
    const points = [1, 2, 3, 4].map((n) => batch(n, { loss: n }));
    plot.update(points, 'iteration', 'long', 1);
    frames.settle();
    // Every other point dropped, one new one: the array is shorter, but it is the same run.
    plot.update([points[0]!, points[2]!, batch(5, { loss: 5 })], 'iteration', 'long', 2);
    frames.settle();
    expect(plot.buffer.pointCount).toBe(3);
    expect(plots.at(-1)?.tables.at(-1)).toEqual([
      [1, 3, 5],
      [1, 3, 5],
    ]);
  });

  it('shows a resumed run as one curve: the checkpoint history, then the new steps', () => {
    const { frames, plots, plot } = setup();
    const history = [epochEnd(1, 0, { loss: 1 }), epochEnd(2, 1, { loss: 0.8 })];
    plot.update(history, 'epoch', 'resumed');
    frames.settle();
    plot.update([...history, epochEnd(3, 2, { loss: 0.7 })], 'epoch', 'resumed');
    frames.settle();
    expect(plots).toHaveLength(1);
    expect(plots[0]?.tables.at(-1)).toEqual([
      [1, 2, 3],
      [1, 0.8, 0.7],
    ]);
  });

  it('keeps the x range the user zoomed to while points stream in, on every plot', () => {
    const { frames, plots, plot } = setup();
    const points = Array.from({ length: 100 }, (_, i) => batch(i, { loss: 1, acc: 0.5 }));
    plot.update(points, 'iteration');
    frames.settle();
    plots[0]?.select(10, 20);
    plot.update([...points, batch(100, { loss: 1, acc: 0.5 })], 'iteration');
    frames.settle();
    for (const p of plots) {
      expect(p.setScale).toHaveBeenLastCalledWith('x', { min: 10, max: 20 });
      // The window's points (and a neighbour each side) only.
      expect(p.tables.at(-1)?.[0]).toEqual(Array.from({ length: 13 }, (_, i) => i + 9));
    }
  });

  it('destroys its plots and stops drawing once disposed', () => {
    const { frames, plots, plot } = setup();
    plot.update([batch(1, { loss: 1 })], 'iteration');
    frames.settle();
    plot.update([batch(1, { loss: 1 }), batch(2, { loss: 1 })], 'iteration');
    plot.dispose();
    frames.run();
    expect(plots[0]?.destroy).toHaveBeenCalledTimes(1);
    expect(plots[0]?.setData).not.toHaveBeenCalled();
  });
});
