import type { HistogramBins } from '@/protocol';

/** The range every histogram of a track fits in. */
export function commonRange(histograms: readonly HistogramBins[]): { lo: number; hi: number } {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const h of histograms) {
    if (h.counts.every((c) => c === 0)) continue;
    lo = Math.min(lo, h.lo);
    hi = Math.max(hi, h.hi);
  }
  return lo > hi ? { lo: 0, hi: 0 } : { lo, hi };
}

/**
 * A histogram's counts moved onto `bins` equal bins from `lo` to `hi` (a range that holds it),
 * each source bin's count shared out by overlap, as if its values were spread evenly across it:
 * an epoch × bin heatmap needs one grid, while each epoch was binned over its own range.
 * The counts keep their sum.
 */
export function resample(h: HistogramBins, lo: number, hi: number, bins: number): number[] {
  const out = new Array<number>(bins).fill(0);
  const width = (hi - lo) / bins;
  const index = (v: number) =>
    width === 0 ? 0 : Math.min(bins - 1, Math.max(0, Math.floor((v - lo) / width)));
  const n = h.counts.length;
  const step = (h.hi - h.lo) / n;
  h.counts.forEach((count, k) => {
    if (count === 0) return;
    const a = h.lo + k * step;
    const b = a + step;
    if (step === 0 || width === 0) {
      out[index(a)] = (out[index(a)] ?? 0) + count;
      return;
    }
    for (let t = index(a); t <= index(b) && t < bins; t++) {
      const overlap = Math.min(b, lo + (t + 1) * width) - Math.max(a, lo + t * width);
      if (overlap > 0) out[t] = (out[t] ?? 0) + (count * overlap) / step;
    }
  });
  return out;
}
