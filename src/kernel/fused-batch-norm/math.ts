/**
 * Training-mode batch normalisation over every axis but the last (channels), as
 * `tf.layers.batchNormalization` computes it: the batch's mean and biased variance per channel,
 * y = γ·(x − mean)/√(variance + ε) + β. Flat arrays, channels innermost, so the same loops serve
 * a [N, H, W, C] activation and a [N, C] dense output. Sums are kept in float64: each channel
 * adds up to N·H·W terms (102,400 in Activity 4.03's first block).
 *
 * Every pass walks the array in blocks of rows that fit in L1 and, inside a block, one channel
 * at a time with its accumulator and constants in locals: 2–3× faster in V8 than walking
 * row by row with per-channel array slots when there are few channels (10 in 4.03's first
 * block).
 */

/** Rows per block: about 16 kB of float32. */
const blockRows = (channels: number) => Math.max(1, Math.floor(4096 / channels));

/** Calls `f(c, from, to)` for each channel of each block: the flat indices of channel c in it. */
function eachBlock(
  length: number,
  channels: number,
  f: (c: number, from: number, to: number) => void,
): void {
  const rows = length / channels;
  const step = blockRows(channels);
  for (let r0 = 0; r0 < rows; r0 += step) {
    const end = Math.min(rows, r0 + step) * channels;
    for (let c = 0; c < channels; c++) f(c, r0 * channels + c, end);
  }
}

export interface BatchNormForwardOut {
  y: Float32Array;
  mean: Float32Array;
  variance: Float32Array;
}

export interface ShiftedSums {
  /** Σ (x − shiftBy[c]) and Σ (x − shiftBy[c])² per channel, over `rows` rows. */
  sum: Float64Array;
  squares: Float64Array;
  shiftBy: ArrayLike<number>;
  rows: number;
  gamma: ArrayLike<number>;
  beta: ArrayLike<number>;
  epsilon: number;
}

/**
 * The batch's mean and biased variance from shifted sums, and y's per-channel scale
 * γ/√(variance + ε) (y = (x − mean)·scale + β). Shared by the JavaScript passes below and the
 * SIMD ones (src/kernel/wasm-simd), so both take the same statistics.
 */
export function forwardStatistics(
  sums: ShiftedSums,
  out: { mean: Float64Array | Float32Array; variance: Float32Array },
  scale: Float64Array | Float32Array,
): void {
  const { sum, squares, shiftBy, rows, gamma, epsilon } = sums;
  for (let c = 0; c < gamma.length; c++) {
    const d = (sum[c] as number) / rows;
    const mean = (shiftBy[c] as number) + d;
    const variance = Math.max(0, (squares[c] as number) / rows - d * d);
    out.mean[c] = mean;
    out.variance[c] = variance;
    scale[c] = (gamma[c] as number) / Math.sqrt(variance + epsilon);
  }
}

export function batchNormForward(
  x: Float32Array,
  gamma: Float32Array,
  beta: Float32Array,
  epsilon: number,
  out: BatchNormForwardOut,
): void {
  const channels = gamma.length;
  const rows = x.length / channels;
  // One pass for both moments (tfjs's moments takes two): sums of d = x − the channel's first
  // value, in float64, so E[d²] − E[d]² keeps its digits even when the mean is far above the
  // spread (the tests hold it to tfjs's two-pass result at 1e-5 with means 30–100× the spread).
  const shiftBy = x.subarray(0, channels);
  const sum = new Float64Array(channels);
  const squares = new Float64Array(channels);
  eachBlock(x.length, channels, (c, from, to) => {
    const k = shiftBy[c] as number;
    let s1 = 0;
    let s2 = 0;
    for (let i = from; i < to; i += channels) {
      const d = (x[i] as number) - k;
      s1 += d;
      s2 += d * d;
    }
    sum[c] = (sum[c] as number) + s1;
    squares[c] = (squares[c] as number) + s2;
  });
  const scale = new Float64Array(channels);
  const shift = new Float64Array(channels);
  const mean = new Float64Array(channels);
  forwardStatistics(
    { sum, squares, shiftBy, rows, gamma, beta, epsilon },
    { mean, variance: out.variance },
    scale,
  );
  out.mean.set(mean);
  for (let c = 0; c < channels; c++) {
    shift[c] = (beta[c] as number) - (mean[c] as number) * (scale[c] as number);
  }
  const { y } = out;
  eachBlock(x.length, channels, (c, from, to) => {
    const s = scale[c] as number;
    const t = shift[c] as number;
    for (let i = from; i < to; i += channels) y[i] = (x[i] as number) * s + t;
  });
}

export interface BatchNormBackwardIn {
  dy: Float32Array;
  x: Float32Array;
  gamma: Float32Array;
  /** The forward pass's batch mean and variance (its second and third outputs). */
  mean: Float32Array;
  variance: Float32Array;
  /** Gradients arriving at the mean and variance outputs (zeros when only y feeds the loss). */
  dmean: Float32Array;
  dvariance: Float32Array;
}

export interface BatchNormBackwardOut {
  dx: Float32Array;
  dgamma: Float32Array;
  dbeta: Float32Array;
}

export interface GradientSums {
  /** Σ dy and Σ dy·(x − mean) per channel, over `rows` rows. */
  sumDy: Float64Array;
  sumDyXc: Float64Array;
  rows: number;
  gamma: ArrayLike<number>;
  variance: ArrayLike<number>;
  dmean: ArrayLike<number>;
  dvariance: ArrayLike<number>;
  epsilon: number;
}

/** dγ, dβ, and the per-channel k, a, b of dx = k·dy + a·(x − mean) + b (derivation below). */
export function backwardCoefficients(
  sums: GradientSums,
  out: { dgamma: Float32Array; dbeta: Float32Array },
  dx: {
    k: Float64Array | Float32Array;
    a: Float64Array | Float32Array;
    b: Float64Array | Float32Array;
  },
): void {
  const { sumDy, sumDyXc, rows, gamma, variance, dmean, dvariance, epsilon } = sums;
  for (let c = 0; c < gamma.length; c++) {
    const s = 1 / Math.sqrt((variance[c] as number) + epsilon);
    const gs = (gamma[c] as number) * s;
    out.dbeta[c] = sumDy[c] as number;
    out.dgamma[c] = (sumDyXc[c] as number) * s;
    dx.k[c] = gs;
    dx.a[c] = (-gs * s * s * (sumDyXc[c] as number) + 2 * (dvariance[c] as number)) / rows;
    dx.b[c] = (-gs * (sumDy[c] as number) + (dmean[c] as number)) / rows;
  }
}

/**
 * With x̂ = (x − mean)·s, s = 1/√(variance + ε), over M rows per channel:
 *   dβ = Σ dy,  dγ = Σ dy·x̂,
 *   dx = γ·s·(dy − dβ/M − x̂·dγ/M) + dmean/M + 2·dvariance·(x − mean)/M,
 * the last two terms because mean and variance are themselves functions of x. Two passes over
 * the activation, where tfjs's gradient of moments + FusedBatchNorm is ~25 kernels that each
 * read or write all of it.
 */
export function batchNormBackward(
  inputs: BatchNormBackwardIn,
  epsilon: number,
  out: BatchNormBackwardOut,
): void {
  const { dy, x, gamma, mean, variance, dmean, dvariance } = inputs;
  const channels = gamma.length;
  const rows = x.length / channels;
  const sumDy = new Float64Array(channels);
  const sumDyXc = new Float64Array(channels);
  eachBlock(x.length, channels, (c, from, to) => {
    const m = mean[c] as number;
    let g = 0;
    let gx = 0;
    for (let i = from; i < to; i += channels) {
      const d = dy[i] as number;
      g += d;
      gx += d * ((x[i] as number) - m);
    }
    sumDy[c] = (sumDy[c] as number) + g;
    sumDyXc[c] = (sumDyXc[c] as number) + gx;
  });
  const k = new Float64Array(channels);
  const a = new Float64Array(channels);
  const b = new Float64Array(channels);
  backwardCoefficients({ sumDy, sumDyXc, rows, gamma, variance, dmean, dvariance, epsilon }, out, {
    k,
    a,
    b,
  });
  const { dx } = out;
  eachBlock(x.length, channels, (c, from, to) => {
    const kc = k[c] as number;
    const ac = a[c] as number;
    const bc = b[c] as number;
    const m = mean[c] as number;
    for (let i = from; i < to; i += channels) {
      dx[i] = kc * (dy[i] as number) + ac * ((x[i] as number) - m) + bc;
    }
  });
}
