import type { TensorStats } from '@/protocol';
import { binValues } from '../histograms/bins';

const SAMPLE = 6;
const BINS = 20;

/** Shape, mean, population std, min, max, the first values and a 20-bin histogram. */
export function tensorStats(name: string, shape: number[], values: ArrayLike<number>): TensorStats {
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const n = values.length;
  const mean = n === 0 ? Number.NaN : sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += ((values[i] as number) - mean) ** 2;
  return {
    name,
    shape,
    mean,
    std: n === 0 ? Number.NaN : Math.sqrt(squares / n),
    min: n === 0 ? Number.NaN : min,
    max: n === 0 ? Number.NaN : max,
    sample: Array.from({ length: Math.min(SAMPLE, n) }, (_, i) => values[i] as number),
    histogram: binValues(values, BINS),
  };
}
