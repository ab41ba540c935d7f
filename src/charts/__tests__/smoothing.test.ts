import { describe, expect, it } from 'vitest';
import { EMA_START, EmaCache, ema, emaExtend } from '../smoothing';

describe('EMA smoothing', () => {
  it('starts at the first value instead of being dragged toward zero', () => {
    for (const value of ema([10, 10, 10], 0.9)) expect(value).toBeCloseTo(10, 12);
  });

  it('follows the debiased exponential average', () => {
    const [a, b] = ema([1, 3], 0.5);
    expect(a).toBeCloseTo(1, 12);
    // acc = 0.5·(0.5·0 + 0.5·1) + 0.5·3 = 1.75; debias 1 − 0.25 = 0.75.
    expect(b).toBeCloseTo(1.75 / 0.75, 12);
  });

  it('gives the same values whether fed at once or in pieces', () => {
    const values = [0.9, 0.7, 0.8, 0.4, 0.5, 0.3, 0.35];
    const whole = ema(values, 0.8);
    const first = emaExtend(EMA_START, values.slice(0, 3), 0.8);
    const rest = emaExtend(first.state, values.slice(3), 0.8);
    expect([...first.values, ...rest.values]).toEqual(whole);
  });

  it('passes NaN through without poisoning later values', () => {
    const out = ema([1, NaN, 1], 0.9);
    expect(out[1]).toBeNaN();
    expect(out[2]).toBeCloseTo(1, 12);
  });

  it('returns the raw values with weight 0', () => {
    expect(ema([1, 2, 3], 0)).toEqual([1, 2, 3]);
  });

  it('caps a weight of 1 so the curve still starts at the data and moves', () => {
    const out = ema([1, 2], 1);
    expect(out[0]).toBeCloseTo(1, 9);
    expect(out[1]).toBeGreaterThan(1);
    expect(out[1]).toBeLessThan(2);
  });

  it('leaves the input state untouched', () => {
    const state = { acc: 0.5, count: 1 };
    emaExtend(state, [1, 2], 0.9);
    expect(state).toEqual({ acc: 0.5, count: 1 });
  });
});

describe('EmaCache', () => {
  it('smooths a growing series to the same values as smoothing it whole', () => {
    const cache = new EmaCache(0.8);
    const raw = [0.9, 0.7, 0.8];
    expect(cache.values('loss', raw)).toEqual(ema(raw, 0.8));
    raw.push(0.4, 0.5);
    expect(cache.values('loss', raw)).toEqual(ema(raw, 0.8));
  });

  it('starts a series over when it is shorter than before (a new run)', () => {
    const cache = new EmaCache(0.5);
    cache.values('loss', [10, 10, 10]);
    expect(cache.values('loss', [1])).toEqual([1]);
  });

  it('keeps separate averages per series', () => {
    const cache = new EmaCache(0.5);
    cache.values('a', [100]);
    expect(cache.values('b', [1, 1])).toEqual([1, 1]);
  });
});
