import { describe, expect, it } from 'vitest';
import { commonRange, resample } from '../resample';

describe('resample onto a common grid', () => {
  it('keeps the counts, sharing each bin by overlap', () => {
    const h = { lo: 0, hi: 2, counts: [4, 2] };
    expect(resample(h, 0, 4, 4)).toEqual([4, 2, 0, 0]);
    expect(resample(h, 0, 2, 4)).toEqual([2, 2, 1, 1]);
    const moved = resample({ lo: 0.5, hi: 2.5, counts: [3, 5] }, 0, 4, 8);
    expect(moved.reduce((a, b) => a + b, 0)).toBeCloseTo(8, 10);
  });

  it('puts a zero-width histogram in the bin that holds its value', () => {
    expect(resample({ lo: 1, hi: 1, counts: [5, 0] }, 0, 4, 4)).toEqual([0, 5, 0, 0]);
  });

  it('finds the range of all epochs, ignoring empty ones', () => {
    expect(
      commonRange([
        { lo: -1, hi: 1, counts: [1] },
        { lo: 0, hi: 3, counts: [2] },
        { lo: -9, hi: 9, counts: [0] },
      ]),
    ).toEqual({ lo: -1, hi: 3 });
  });
});
