/**
 * The LSTM of tf.layers.lstm (Keras's gate order i, f, c, o; implementation 2) over a whole
 * sequence, forward and backward, as plain loops over Float32Arrays. The book's model is one
 * sample of 76 steps with 7 units: each step is a few hundred multiply-adds, so tfjs's
 * per-op cost (about 20 ops a step, forward and again backward) is nearly all of an epoch.
 * Here a whole sequence is one pass of loops; sums are kept in float64, stored in float32.
 */

/** The activations tf.layers.lstm accepts that the fused path computes (tfjs's class names). */
export const FUSED_ACTIVATIONS = ['tanh', 'sigmoid', 'hardSigmoid', 'relu', 'linear'] as const;
export type FusedActivation = (typeof FUSED_ACTIVATIONS)[number];

export function isFusedActivation(name: string): name is FusedActivation {
  return (FUSED_ACTIVATIONS as readonly string[]).includes(name);
}

type Fn = (z: number) => number;

/** Each activation and its derivative, both in terms of the pre-activation z. */
const ACTIVATIONS: Record<FusedActivation, { f: Fn; df: Fn }> = {
  tanh: {
    f: Math.tanh,
    df: (z) => {
      const t = Math.tanh(z);
      return 1 - t * t;
    },
  },
  sigmoid: {
    f: (z) => 1 / (1 + Math.exp(-z)),
    df: (z) => {
      const s = 1 / (1 + Math.exp(-z));
      return s * (1 - s);
    },
  },
  // tfjs: clipByValue(0.2·z + 0.5, 0, 1), whose gradient passes on the closed interval.
  hardSigmoid: {
    f: (z) => Math.min(1, Math.max(0, 0.2 * z + 0.5)),
    df: (z) => {
      const y = 0.2 * z + 0.5;
      return y >= 0 && y <= 1 ? 0.2 : 0;
    },
  },
  // tfjs's relu gradient is step(z): 0 at z = 0.
  relu: { f: (z) => Math.max(z, 0), df: (z) => (z > 0 ? 1 : 0) },
  linear: { f: (z) => z, df: () => 1 },
};

export interface LstmShape {
  batch: number;
  steps: number;
  inputDim: number;
  units: number;
}

export interface LstmWeights {
  /** [inputDim, 4·units], row-major */
  kernel: Float32Array;
  /** [units, 4·units] */
  recurrentKernel: Float32Array;
  /** [4·units], or null without a bias */
  bias: Float32Array | null;
}

export interface LstmOptions {
  activation: FusedActivation;
  recurrentActivation: FusedActivation;
  returnSequences: boolean;
}

/** What the backward pass needs from the forward one. */
export interface LstmTape {
  shape: LstmShape;
  options: LstmOptions;
  x: Float32Array;
  weights: LstmWeights;
  /** pre-activations, [batch, steps, 4·units] */
  z: Float32Array;
  /** cell states, [batch, steps, units] */
  c: Float32Array;
  /** outputs, [batch, steps, units] */
  h: Float32Array;
}

/**
 * Runs the sequence from zero states. Returns the output (every step's h, [batch, steps,
 * units], or the last one, [batch, units]) and the tape for `lstmBackward`.
 */
export function lstmForward(
  x: Float32Array,
  weights: LstmWeights,
  shape: LstmShape,
  options: LstmOptions,
): { output: Float32Array; tape: LstmTape } {
  const { batch, steps, inputDim: D, units: U } = shape;
  const G = 4 * U;
  const act = ACTIVATIONS[options.activation].f;
  const rec = ACTIVATIONS[options.recurrentActivation].f;
  const { kernel: W, recurrentKernel: R, bias } = weights;
  const z = new Float32Array(batch * steps * G);
  const c = new Float32Array(batch * steps * U);
  const h = new Float32Array(batch * steps * U);
  const zRow = new Float64Array(G);
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t < steps; t++) {
      const xOff = (b * steps + t) * D;
      const sOff = (b * steps + t) * U;
      const prevOff = sOff - U; // the previous step's state, when t > 0
      for (let g = 0; g < G; g++) zRow[g] = bias === null ? 0 : (bias[g] ?? 0);
      for (let d = 0; d < D; d++) {
        const xv = x[xOff + d] ?? 0;
        if (xv === 0) continue;
        const wOff = d * G;
        for (let g = 0; g < G; g++) zRow[g] = (zRow[g] ?? 0) + xv * (W[wOff + g] ?? 0);
      }
      if (t > 0) {
        for (let k = 0; k < U; k++) {
          const hv = h[prevOff + k] ?? 0;
          if (hv === 0) continue;
          const rOff = k * G;
          for (let g = 0; g < G; g++) zRow[g] = (zRow[g] ?? 0) + hv * (R[rOff + g] ?? 0);
        }
      }
      const zOff = (b * steps + t) * G;
      for (let g = 0; g < G; g++) z[zOff + g] = zRow[g] ?? 0;
      for (let u = 0; u < U; u++) {
        // Rounded to float32 as tfjs holds them, so both paths see the same pre-activations.
        const i = rec(z[zOff + u] ?? 0);
        const f = rec(z[zOff + U + u] ?? 0);
        const gc = act(z[zOff + 2 * U + u] ?? 0);
        const o = rec(z[zOff + 3 * U + u] ?? 0);
        const cPrev = t > 0 ? (c[prevOff + u] ?? 0) : 0;
        const cv = Math.fround(f * cPrev + i * gc);
        c[sOff + u] = cv;
        h[sOff + u] = o * act(cv);
      }
    }
  }
  if (options.returnSequences) return { output: h, tape: { shape, options, x, weights, z, c, h } };
  const last = new Float32Array(batch * U);
  for (let b = 0; b < batch; b++)
    last.set(h.subarray((b * steps + steps - 1) * U, (b * steps + steps) * U), b * U);
  return { output: last, tape: { shape, options, x, weights, z, c, h } };
}

export interface LstmGrads {
  x: Float32Array;
  kernel: Float32Array;
  recurrentKernel: Float32Array;
  bias: Float32Array;
}

/**
 * Backpropagation through time: `dy` is the gradient of the output `lstmForward` returned
 * (same shape). Gives the gradients of the inputs, the kernels and the bias.
 */
export function lstmBackward(tape: LstmTape, dy: Float32Array): LstmGrads {
  const { shape, options, x, weights, z, c, h } = tape;
  const { batch, steps, inputDim: D, units: U } = shape;
  const G = 4 * U;
  const act = ACTIVATIONS[options.activation];
  const rec = ACTIVATIONS[options.recurrentActivation];
  const { kernel: W, recurrentKernel: R } = weights;
  const dx = new Float32Array(batch * steps * D);
  const dW = new Float64Array(D * G);
  const dR = new Float64Array(U * G);
  const dB = new Float64Array(G);
  const dhNext = new Float64Array(U);
  const dcNext = new Float64Array(U);
  const dz = new Float64Array(G);
  for (let b = 0; b < batch; b++) {
    dhNext.fill(0);
    dcNext.fill(0);
    for (let t = steps - 1; t >= 0; t--) {
      const sOff = (b * steps + t) * U;
      const zOff = (b * steps + t) * G;
      const prevOff = sOff - U;
      for (let u = 0; u < U; u++) {
        let dh = dhNext[u] ?? 0;
        if (options.returnSequences) dh += dy[sOff + u] ?? 0;
        else if (t === steps - 1) dh += dy[b * U + u] ?? 0;
        const zi = z[zOff + u] ?? 0;
        const zf = z[zOff + U + u] ?? 0;
        const zc = z[zOff + 2 * U + u] ?? 0;
        const zo = z[zOff + 3 * U + u] ?? 0;
        const cv = c[sOff + u] ?? 0;
        const cPrev = t > 0 ? (c[prevOff + u] ?? 0) : 0;
        const i = rec.f(zi);
        const f = rec.f(zf);
        const gc = act.f(zc);
        const o = rec.f(zo);
        const dc = (dcNext[u] ?? 0) + dh * o * act.df(cv);
        dz[u] = dc * gc * rec.df(zi);
        dz[U + u] = dc * cPrev * rec.df(zf);
        dz[2 * U + u] = dc * i * act.df(zc);
        dz[3 * U + u] = dh * act.f(cv) * rec.df(zo);
        dcNext[u] = dc * f;
      }
      const xOff = (b * steps + t) * D;
      for (let d = 0; d < D; d++) {
        const xv = x[xOff + d] ?? 0;
        const wOff = d * G;
        let sum = 0;
        for (let g = 0; g < G; g++) {
          const dzg = dz[g] ?? 0;
          dW[wOff + g] = (dW[wOff + g] ?? 0) + xv * dzg;
          sum += dzg * (W[wOff + g] ?? 0);
        }
        dx[xOff + d] = sum;
      }
      for (let k = 0; k < U; k++) {
        const hv = t > 0 ? (h[prevOff + k] ?? 0) : 0;
        const rOff = k * G;
        let sum = 0;
        for (let g = 0; g < G; g++) {
          const dzg = dz[g] ?? 0;
          if (hv !== 0) dR[rOff + g] = (dR[rOff + g] ?? 0) + hv * dzg;
          sum += dzg * (R[rOff + g] ?? 0);
        }
        dhNext[k] = sum;
      }
      for (let g = 0; g < G; g++) dB[g] = (dB[g] ?? 0) + (dz[g] ?? 0);
    }
  }
  return {
    x: dx,
    kernel: Float32Array.from(dW),
    recurrentKernel: Float32Array.from(dR),
    bias: Float32Array.from(dB),
  };
}
