import { describe, expect, it } from 'vitest';
import { alignSeries } from '../aligned-data';

describe('alignSeries', () => {
  it('puts batch and epoch curves in one table, null where a curve has no point', () => {
    const batches = { x: [0.5, 1, 1.5, 2], y: [0.9, 0.8, 0.7, 0.6] };
    const epochs = { x: [1, 2], y: [0.85, 0.65] };
    expect(alignSeries([batches, epochs])).toEqual([
      [0.5, 1, 1.5, 2],
      [0.9, 0.8, 0.7, 0.6],
      [null, 0.85, null, 0.65],
    ]);
  });

  it('sorts the union of x values that only one curve has', () => {
    expect(
      alignSeries([
        { x: [2, 4], y: [1, 2] },
        { x: [1, 3], y: [5, 6] },
      ]),
    ).toEqual([
      [1, 2, 3, 4],
      [null, 1, null, 2],
      [5, null, 6, null],
    ]);
  });

  it('shares x values when the curves have the same steps, without copying the caller array', () => {
    const x = [1, 2, 3];
    const table = alignSeries([
      { x, y: [1, 2, 3] },
      { x, y: [3, 2, null] },
    ]);
    expect(table).toEqual([x, [1, 2, 3], [3, 2, null]]);
    expect(table[0]).not.toBe(x);
  });

  it('gives an empty table for no curves', () => {
    expect(alignSeries([])).toEqual([[]]);
  });
});
