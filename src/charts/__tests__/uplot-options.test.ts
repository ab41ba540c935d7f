import type uPlot from 'uplot';
import { describe, expect, it } from 'vitest';
import type { TracePlan } from '../training-figure';
import { epochMarksFit, formatStep, subplotOptions, withAlpha } from '../uplot-options';

const plan = (overrides: Partial<TracePlan>): TracePlan => ({
  seriesId: 'batch:loss',
  smoothed: false,
  name: 'loss',
  subplot: 0,
  color: '#1f77b4',
  style: 'batch',
  faded: false,
  ...overrides,
});

const frame = { width: 600, height: 200, syncKey: 'k', hooks: {} };

describe('subplotOptions', () => {
  it('draws batches as thin lines, faded under steadier curves, and epochs with markers', () => {
    const options = subplotOptions(
      {
        metric: 'loss',
        xLabel: 'epoch',
        xAxisTitle: true,
        plans: [
          plan({ name: 'loss (batch)', faded: true }),
          plan({ seriesId: 'epoch:loss', style: 'epoch' }),
          plan({ seriesId: 'epoch:val_loss', name: 'val_loss', style: 'epoch', color: '#ff7f0e' }),
        ],
      },
      frame,
    );
    const [x, batches, epochs, validation] = options.series;
    expect(x?.label).toBe('epoch');
    expect(batches).toMatchObject({ stroke: 'rgba(31, 119, 180, 0.35)', width: 1 });
    expect(batches?.points?.show).toBe(false);
    expect(epochs).toMatchObject({ stroke: '#1f77b4', width: 2, points: { show: epochMarksFit } });
    expect(validation).toMatchObject({ label: 'val_loss', stroke: '#ff7f0e' });
    // Curves of one table have gaps where the others have points; the lines run across them.
    expect(options.series.slice(1).every((s) => s.spanGaps === true)).toBe(true);
  });

  it('marks each epoch while the marks fit, not over thousands of epochs unless zoomed in', () => {
    const column = (epochs: number) =>
      Array.from({ length: epochs * 10 }, (_, i) => (i % 10 === 9 ? 0.5 : null));
    const plot = (epochs: number) =>
      ({ width: 640, data: [[], column(epochs)] }) as unknown as uPlot;
    expect(epochMarksFit(plot(50), 1, 0, 499)).toBe(true);
    expect(epochMarksFit(plot(4000), 1, 0, 39_999)).toBe(false);
    // Zoomed to 60 epochs of the 4,000.
    expect(epochMarksFit(plot(4000), 1, 1000, 1599)).toBe(true);
  });

  it('titles the y-axis with the metric and the x-axis only on the bottom plot', () => {
    const spec = { metric: 'acc', xLabel: 'epoch', plans: [plan({})] };
    const bottom = subplotOptions({ ...spec, xAxisTitle: true }, frame);
    const upper = subplotOptions({ ...spec, xAxisTitle: false }, frame);
    expect(bottom.axes?.map((a) => a.label)).toEqual(['epoch', 'acc']);
    expect(upper.axes?.map((a) => a.label)).toEqual([undefined, 'acc']);
  });

  it('reads out the nearest point of each curve under the cursor, synced across plots', () => {
    const options = subplotOptions(
      { metric: 'loss', xLabel: 'iteration', xAxisTitle: true, plans: [plan({})] },
      frame,
    );
    expect(options.cursor?.sync?.key).toBe('k');
    expect(options.cursor?.hover?.skip).toEqual([null, undefined]);
    expect(options.legend?.live).toBe(true);
  });
});

describe('formatting', () => {
  it('writes steps as whole epochs or with four decimals', () => {
    expect(formatStep(3)).toBe('3');
    expect(formatStep(2 + 1 / 7)).toBe('2.1429');
  });

  it('turns a hex colour into rgba with the given opacity', () => {
    expect(withAlpha('#ff7f0e', 0.5)).toBe('rgba(255, 127, 14, 0.5)');
  });
});
