import { afterEach, describe, expect, it, vi } from 'vitest';
import { LiveTrainingPlot } from '../live-training-plot';
import { fakePlotly, manualFrames } from './fake-plotly';
import { batch, epochEnd } from './points';

// Only `dataset` of the element is touched outside Plotly (the draw counter).
const el = { dataset: {} } as unknown as HTMLElement;

function setup() {
  const frames = manualFrames();
  const { api, plotly } = fakePlotly();
  const plot = new LiveTrainingPlot();
  plot.attach(plotly, el);
  return { frames, api, plot };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('LiveTrainingPlot', () => {
  it('plots the whole figure once, then extends traces with only the new points', async () => {
    const { frames, api, plot } = setup();
    const points = [batch(1, { loss: 1 }), batch(2, { loss: 0.9 })];
    plot.update(points, 'iteration');
    await frames.run();
    expect(api.react).toHaveBeenCalledTimes(1);
    const data = api.react.mock.calls[0]?.[1];
    expect(data).toMatchObject([{ name: 'loss', x: [1, 2], y: [1, 0.9] }]);

    plot.update([...points, batch(3, { loss: 0.8 })], 'iteration');
    await frames.run();
    expect(api.react).toHaveBeenCalledTimes(1);
    expect(api.extendTraces).toHaveBeenCalledWith(el, { x: [[3]], y: [[0.8]] }, [0]);
  });

  it('coalesces many updates within a frame into one Plotly call', async () => {
    const { frames, api, plot } = setup();
    const points = [batch(1, { loss: 1 })];
    plot.update(points, 'iteration');
    await frames.run();
    for (let i = 2; i < 12; i++) {
      points.push(batch(i, { loss: 1 / i }));
      plot.update(points.slice(), 'iteration');
    }
    expect(frames.pending()).toBe(1);
    await frames.run();
    expect(api.extendTraces).toHaveBeenCalledTimes(1);
    expect(api.extendTraces.mock.calls[0]?.[1]).toMatchObject({
      x: [[2, 3, 4, 5, 6, 7, 8, 9, 10, 11]],
    });
    // One react and one extendTraces: the counter `npm run bench` reads says two draws so far.
    expect(Number(el.dataset.draws)).toBeGreaterThanOrEqual(2);
  });

  it('re-plots with react when a new metric appears, e.g. the first validation epoch', async () => {
    const { frames, api, plot } = setup();
    const points = [batch(1, { loss: 1 })];
    plot.update(points, 'epoch');
    await frames.run();
    plot.update([...points, epochEnd(1, 0, { loss: 0.9, val_loss: 1.1 })], 'epoch');
    await frames.run();
    expect(api.react).toHaveBeenCalledTimes(2);
    expect(api.extendTraces).not.toHaveBeenCalled();
    expect(api.react.mock.calls[1]?.[1]).toHaveLength(3);
  });

  it('extends the smoothed twin together with its raw series', async () => {
    const { frames, api, plot } = setup();
    const points = [batch(1, { loss: 2 }), batch(2, { loss: 2 })];
    plot.setSmoothing(true);
    plot.update(points, 'iteration');
    await frames.run();
    plot.update([...points, batch(3, { loss: 2 })], 'iteration');
    await frames.run();
    const [, update, indices] = api.extendTraces.mock.calls[0] ?? [];
    expect(indices).toEqual([0, 1]);
    expect(update).toMatchObject({ x: [[3], [3]] });
    const smoothed = (update as { y: number[][] }).y[1]?.[0];
    expect(smoothed).toBeCloseTo(2, 9);
  });

  it('never hands Plotly its own series arrays, which extendTraces would grow', async () => {
    const { frames, api, plot } = setup();
    plot.update([batch(1, { loss: 1 })], 'iteration');
    await frames.run();
    const sent = api.react.mock.calls[0]?.[1] as { x: number[] }[];
    sent[0]?.x.push(99);
    expect(plot.buffer.list()[0]?.x).toEqual([1]);
  });

  it('starts a fresh figure when handed another chart id, even with more points', async () => {
    const { frames, api, plot } = setup();
    plot.update([batch(1, { loss: 1 })], 'iteration', 'run-1');
    await frames.run();
    plot.update([batch(1, { loss: 5 }), batch(2, { loss: 4 })], 'iteration', 'run-2');
    await frames.run();
    expect(api.react).toHaveBeenCalledTimes(2);
    expect(api.react.mock.calls[1]?.[1]).toMatchObject([{ x: [1, 2], y: [5, 4] }]);
  });

  it('purges the chart and stops drawing once disposed', async () => {
    const { frames, api, plot } = setup();
    plot.update([batch(1, { loss: 1 })], 'iteration');
    plot.dispose();
    await frames.run();
    expect(api.purge).toHaveBeenCalledWith(el);
    expect(api.react).not.toHaveBeenCalled();
  });
});
