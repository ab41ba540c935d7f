import type * as tf from '@tensorflow/tfjs';

export type Tensors = tf.Tensor | tf.Tensor[];

export interface ProbeBatch {
  x: Tensors;
  y: Tensors;
  /** Where it came from, for the view: 'the first validation batch (128 rows)'. */
  source: string;
}

function rows(t: Tensors, start: number, count: number): Tensors {
  const slice = (one: tf.Tensor) =>
    one.slice(start, Math.max(0, Math.min(count, (one.shape[0] ?? 0) - start)));
  return Array.isArray(t) ? t.map(slice) : slice(t);
}

function firstDim(t: Tensors): number {
  return (Array.isArray(t) ? t[0] : t)?.shape[0] ?? 0;
}

/**
 * The batch whose gradients the histograms show: the first validation batch, as TensorBoard's
 * gradient histograms use, taken from `validationData` or from the rows `validationSplit` holds
 * out (tfjs holds out the last ones); the first training batch when there is no validation.
 * Copies: the caller disposes them when the run ends.
 */
export function probeBatch(
  x: Tensors,
  y: Tensors,
  options: {
    batchSize?: number;
    validationData?: unknown;
    validationSplit?: number;
    /** The rows are a batch the caller chose (trainLoop's `histograms.x`): all of them, named so. */
    given?: boolean;
  },
): ProbeBatch {
  if (options.given) {
    const n = firstDim(x);
    return { x: rows(x, 0, n), y: rows(y, 0, n), source: `the batch given (${n} rows)` };
  }
  const size = options.batchSize ?? 32;
  const data = options.validationData;
  if (Array.isArray(data) && data.length >= 2) {
    const [vx, vy] = data as [Tensors, Tensors];
    const n = Math.min(size, firstDim(vx));
    return {
      x: rows(vx, 0, n),
      y: rows(vy, 0, n),
      source: `the first validation batch (${n} rows)`,
    };
  }
  const split = options.validationSplit ?? 0;
  const total = firstDim(x);
  if (split > 0 && split < 1) {
    const start = Math.floor(total * (1 - split));
    const n = Math.min(size, total - start);
    return {
      x: rows(x, start, n),
      y: rows(y, start, n),
      source: `the first validation batch (${n} rows held out by validationSplit)`,
    };
  }
  const n = Math.min(size, total);
  return {
    x: rows(x, 0, n),
    y: rows(y, 0, n),
    source: `the first training batch (${n} rows; no validation data)`,
  };
}
