import { describe, expect, it } from 'vitest';
import {
  etaMs,
  formatCell,
  formatCount,
  formatDuration,
  formatRate,
  percent,
  progressRate,
} from '../format';

describe('durations', () => {
  it('reads like a clock: minutes:seconds, hours when needed', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(42_400)).toBe('0:42');
    expect(formatDuration(725_000)).toBe('12:05');
    expect(formatDuration(3_723_000)).toBe('1:02:03');
  });

  it('shows a dash for an unknown duration', () => {
    expect(formatDuration(Number.NaN)).toBe('—');
    expect(formatDuration(-1)).toBe('—');
  });
});

describe('rate and ETA', () => {
  it('measures units per second from what is done so far', () => {
    expect(progressRate(500, 10_000)).toBe(50);
    expect(progressRate(0, 10_000)).toBeUndefined();
    expect(progressRate(10, 0)).toBeUndefined();
  });

  it('estimates the time left from the average rate', () => {
    // 250 of 1000 in 5 s → 50/s → 750 left → 15 s.
    expect(etaMs(250, 1000, 5_000)).toBe(15_000);
  });

  it('has no ETA before the first unit or after the last', () => {
    expect(etaMs(0, 1000, 5_000)).toBeUndefined();
    expect(etaMs(1000, 1000, 5_000)).toBeUndefined();
  });

  it("matches the measured epoch time of a multi-epoch run once the first epoch is done (Activity 4.01's shape)", () => {
    // 50 epochs × 400 steps; a step 120 ms, the epoch-end validation 4 s, the first step 2 s
    // slower (WASM warm-up). The bar counts steps; the validation sits in the elapsed time.
    const [epochs, steps, stepMs, validationMs, warmupMs] = [50, 400, 120, 4_000, 2_000];
    const epochMs = steps * stepMs + validationMs;
    const total = epochs * steps;
    for (const k of [1, 2, 10, 25, 49]) {
      const elapsed = warmupMs + k * epochMs;
      const truth = (epochs - k) * epochMs;
      const eta = etaMs(k * steps, total, elapsed)!;
      // off only by the warm-up, spread over the epochs done: 3.8 % after one, 0.4 % after ten
      expect(Math.abs(eta - truth) / truth).toBeLessThanOrEqual(warmupMs / (k * epochMs) + 1e-9);
    }
    // inside the first epoch the validation is not yet seen: short by its share of an epoch
    const mid = etaMs(200, total, warmupMs + 200 * stepMs)!;
    const midTruth = (total - 200) * stepMs + epochs * validationMs;
    expect(mid).toBeLessThan(midTruth);
    expect((midTruth - mid) / midTruth).toBeLessThan(validationMs / epochMs + 0.001);
  });

  it('keeps decimals only where they matter', () => {
    expect(formatRate(12_345.6)).toBe('12,346');
    expect(formatRate(42.37)).toBe('42.4');
    expect(formatRate(0.4234)).toBe('0.42');
    expect(formatRate(Number.POSITIVE_INFINITY)).toBe('—');
  });

  it('never shows 100% before the end', () => {
    expect(percent(999, 1000)).toBe(99);
    expect(percent(1000, 1000)).toBe(100);
    expect(percent(5, 0)).toBe(0);
    expect(percent(12, 10)).toBe(100);
  });
});

describe('numbers in tables', () => {
  it('groups thousands in counts', () => {
    expect(formatCount(30_000)).toBe('30,000');
  });

  it('shows integers whole and fractions to six significant digits', () => {
    expect(formatCell(20000)).toBe('20000');
    expect(formatCell(0.1 + 0.2)).toBe('0.3');
    expect(formatCell(Math.PI)).toBe('3.14159');
    expect(formatCell(null)).toBe('null');
    expect(formatCell(true)).toBe('true');
    expect(formatCell(Number.NaN)).toBe('NaN');
  });
});
