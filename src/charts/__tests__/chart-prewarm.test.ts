// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { fakeUPlot } from './fake-uplot';

const fake = fakeUPlot();
vi.mock('../uplot-loader', () => ({ loadUPlot: () => Promise.resolve(fake.ctor) }));

describe('prewarmChart', () => {
  it('draws one throwaway chart of every plot kind while idle, then leaves nothing behind', async () => {
    const idle: (() => void)[] = [];
    vi.stubGlobal('requestIdleCallback', (run: () => void) => idle.push(run));
    const { prewarmChart } = await import('../chart-prewarm');
    const before = document.body.childElementCount;
    prewarmChart();
    // Nothing is fetched or drawn until the page is idle.
    expect(fake.plots).toHaveLength(0);
    idle.shift()?.();
    await vi.waitFor(() => expect(idle).toHaveLength(1));
    idle.shift()?.();
    // Loss and accuracy, with batch, epoch and validation curves: the paths a fit draws.
    expect(fake.plots.map((p) => p.options.series.map((s) => s.label))).toEqual([
      ['epoch', 'loss (batch)', 'loss', 'val_loss'],
      ['epoch', 'acc (batch)', 'acc', 'val_acc'],
    ]);
    for (const plot of fake.plots) expect(plot.destroy).toHaveBeenCalledTimes(1);
    expect(document.body.childElementCount).toBe(before);
    // Once a page: a second notebook opened finds the code warm already.
    prewarmChart();
    expect(idle).toHaveLength(0);
    vi.unstubAllGlobals();
  });
});
