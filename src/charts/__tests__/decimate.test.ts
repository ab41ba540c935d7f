import { describe, expect, it } from 'vitest';
import { decimateMinMax } from '../decimate';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('decimateMinMax', () => {
  it('returns a series short enough to draw as it is, non-finite values as gaps', () => {
    expect(decimateMinMax([1, 2, 3], [0.5, Number.NaN, 0.25], 100)).toEqual({
      x: [1, 2, 3],
      y: [0.5, null, 0.25],
    });
  });

  it('keeps at most two points per pixel column of a long series (one more for the latest)', () => {
    const x = range(100_000);
    const { x: dx, y: dy } = decimateMinMax(x, x.map(Math.sin), 500);
    expect(dx.length).toBeLessThanOrEqual(1001);
    expect(dy.length).toBe(dx.length);
    expect(dx[0]).toBe(0);
    expect(dx.at(-1)).toBe(99_999);
    // x stays ascending, as uPlot's aligned data requires.
    expect(dx.every((v, i) => i === 0 || v > (dx[i - 1] ?? 0))).toBe(true);
  });

  it('keeps a one-step spike that sampling every nth point would lose', () => {
    const x = range(10_000);
    const y = x.map((i) => (i === 4_321 ? 50 : 1));
    expect(Math.max(...(decimateMinMax(x, y, 100).y as number[]))).toBe(50);
    const dips = x.map((i) => (i === 77 ? -3 : 1));
    expect(Math.min(...(decimateMinMax(x, dips, 100).y as number[]))).toBe(-3);
  });

  it('puts the extremes of a column in the order they occurred', () => {
    const x = range(1_000);
    // A falling series: in each column the maximum comes first.
    const { y } = decimateMinMax(
      x,
      x.map((i) => 1_000 - i),
      10,
    );
    expect(y.slice(0, 2)).toEqual([1_000, 901]);
  });

  it('leaves a diverged tail out instead of drawing NaN', () => {
    const x = range(1_000);
    const y = x.map((i) => (i >= 600 ? Number.NaN : 1));
    const out = decimateMinMax(x, y, 10);
    expect(out.y.filter((v) => v !== null).every((v) => v === 1)).toBe(true);
    expect(out.x.at(-1)).toBeLessThan(600);
  });

  it('within a zoom window keeps only its points and one neighbour on each side', () => {
    const x = range(100);
    const out = decimateMinMax(x, x, 500, { min: 10.5, max: 20 });
    expect(out.x).toEqual(range(12).map((i) => i + 10));
  });

  it('gives series of the same steps the same x positions', () => {
    const x = range(5_000);
    const a = decimateMinMax(x, x.map(Math.sin), 200);
    const b = decimateMinMax(x, x.map(Math.cos), 200);
    expect(a.x).toEqual(b.x);
  });
});

describe('decimateMinMax at the right edge', () => {
  it('ends a long series on its latest value, so the legend reads out where training is now', () => {
    const x = Array.from({ length: 10_000 }, (_, i) => i);
    const y = x.map((i) => (i % 2 === 0 ? 1 : 0) + (i === 9_999 ? 0.25 : 0));
    const drawn = decimateMinMax(x, y, 100);
    expect(drawn.x.at(-1)).toBe(9_999);
    expect(drawn.y.at(-1)).toBe(0.25); // the last value, not the column's max (1)
    // The last column's extremes are still drawn, before it.
    const last = drawn.x.findIndex((v) => v >= 9_900);
    expect(drawn.y.slice(last)).toEqual([1, 0, 0.25]);
    expect(drawn.x.length).toBeLessThanOrEqual(2 * 100 + 1);
  });
});
