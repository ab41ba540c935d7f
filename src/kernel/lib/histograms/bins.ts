import type { HistogramBins } from '@/protocol';

/** TensorBoard's histograms have 30 buckets by default; so do ours. */
export const DEFAULT_BINS = 30;

/**
 * `values` in `bins` equal bins from their min to their max. Every finite value lands in one
 * bin (the max in the last), so the counts sum to the number of finite values; NaN and ±∞ are
 * left out (a diverged run says so through its loss). All equal values make one bin of width 0.
 */
export function binValues(values: ArrayLike<number>, bins = DEFAULT_BINS): HistogramBins {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const counts = new Array<number>(bins).fill(0);
  if (lo > hi) return { lo: 0, hi: 0, counts };
  const width = (hi - lo) / bins;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isFinite(v)) continue;
    const k = width === 0 ? 0 : Math.min(bins - 1, Math.floor((v - lo) / width));
    counts[k] = (counts[k] ?? 0) + 1;
  }
  return { lo, hi, counts };
}

/** √Σ v². */
export function norm(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    sum += v * v;
  }
  return Math.sqrt(sum);
}

/** √Σ (a − b)², for two arrays of one length. */
export function distance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] as number) - (b[i] as number);
    sum += d * d;
  }
  return Math.sqrt(sum);
}
