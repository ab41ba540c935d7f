import { describe, expect, it } from 'vitest';
import { smooth } from '../smooth';

describe('smooth (TensorBoard’s smoothing slider for a cell’s curves)', () => {
  it('is the debiased EMA at 0.9 by default: a constant stays constant, a step is followed slowly', () => {
    expect(smooth([0.5, 0.5, 0.5])).toEqual([0.5, 0.5, 0.5].map((v) => expect.closeTo(v, 12)));
    const [a, b] = smooth([0, 1]);
    expect(a).toBe(0);
    expect(b).toBeCloseTo(0.1 / 0.19, 12);
  });

  it('takes the weight of the slider; 0 leaves the values as they are', () => {
    expect(smooth([3, 1, 2], 0)).toEqual([3, 1, 2]);
    expect(smooth([0, 1], 0.5)[1]).toBeCloseTo(0.5 / 0.75, 12);
  });
});
