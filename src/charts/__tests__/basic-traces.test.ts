import { describe, expect, it } from 'vitest';
import { forBasicBundle } from '../basic-traces';

describe('forBasicBundle', () => {
  it('draws a heatmap as one coloured square per finite cell, at its x and y', () => {
    const [trace] = forBasicBundle([
      {
        type: 'heatmap',
        x: ['3', '6'],
        y: ['32', '64'],
        z: [
          [0.5, 0.52],
          [null, 0.47],
        ],
        text: [
          ['0.5', '0.52'],
          ['', '0.47'],
        ],
      },
    ]) as Record<string, unknown>[];
    expect(trace).toMatchObject({
      type: 'scatter',
      mode: 'markers+text',
      x: ['3', '6', '6'],
      y: ['32', '32', '64'],
      text: ['0.5', '0.52', '0.47'],
      marker: {
        symbol: 'square',
        color: [0.5, 0.52, 0.47],
        colorscale: 'Viridis',
        showscale: true,
      },
    });
  });

  it('leaves the traces the basic bundle has as they are', () => {
    const line = { type: 'scatter', x: [1, 2], y: [3, 4] };
    expect(forBasicBundle([line])[0]).toBe(line);
  });
});
