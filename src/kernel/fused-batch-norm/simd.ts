import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { SimdKernels } from '../wasm-simd/instance';
import { backwardCoefficients, forwardStatistics } from './math';

/**
 * Batch norm's two passes forward and two backward in our WASM SIMD kernels (kernels.c), the
 * per-channel arithmetic between them in JavaScript (math.ts, shared with the JS route). On
 * Activity 4.03's activations the JS passes ran at 3–5 ns a value.
 */

type Info = tf.TensorInfo;

/**
 * One scratch tensor: the two float64 sums per channel, up to four float32 per-channel
 * constants, then kernels.c's own 32·C floats (8-byte aligned, as malloc returns the tensor).
 */
function scratchLayout(simd: SimdKernels, channels: number) {
  const info = simd.scratch(4 * channels + 4 * channels + 32 * channels);
  const base = simd.pointer(info);
  const floats = (i: number) => base + 16 * channels + 4 * channels * i;
  return {
    info,
    sum1: base,
    sum2: base + 8 * channels,
    constant: floats,
    kernel: base + 32 * channels,
    /** Views taken after every allocation of the call (a malloc may grow the heap). */
    sums: () => [
      new Float64Array(simd.memory.buffer, base, channels),
      new Float64Array(simd.memory.buffer, base + 8 * channels, channels),
    ],
    constants: (i: number) => new Float32Array(simd.memory.buffer, floats(i), channels),
  };
}

const view = (simd: SimdKernels, info: Info) =>
  new Float32Array(simd.memory.buffer, simd.pointer(info), tf.util.sizeFromShape(info.shape));

export function batchNormForwardSimd(
  backend: BackendWasm,
  simd: SimdKernels,
  inputs: { x: Info; gamma: Info; beta: Info },
  epsilon: number,
  outs: { y: Info; mean: Info; variance: Info },
): void {
  const { x, gamma, beta } = inputs;
  const channels = gamma.shape[0] ?? 1;
  const rows = tf.util.sizeFromShape(x.shape) / channels;
  const s = scratchLayout(simd, channels);
  const p = simd.pointer;
  // Shifted by the first row, as the JS route: see batchNormForward.
  simd.fn.bn_moment_sums(p(x), rows, channels, p(x), s.sum1, s.sum2, s.kernel);
  const [sum, squares] = s.sums() as [Float64Array, Float64Array];
  const mean = view(simd, outs.mean);
  const scale = s.constants(0);
  forwardStatistics(
    {
      sum,
      squares,
      shiftBy: view(simd, x).subarray(0, channels),
      rows,
      gamma: view(simd, gamma),
      beta: view(simd, beta),
      epsilon,
    },
    { mean, variance: view(simd, outs.variance) },
    scale,
  );
  simd.fn.bn_apply(p(x), rows, channels, p(outs.mean), s.constant(0), p(beta), p(outs.y), s.kernel);
  backend.disposeData(s.info.dataId);
}

export function batchNormBackwardSimd(
  backend: BackendWasm,
  simd: SimdKernels,
  inputs: Record<'dy' | 'x' | 'gamma' | 'mean' | 'variance' | 'dmean' | 'dvariance', Info>,
  epsilon: number,
  outs: { dx: Info; dgamma: Info; dbeta: Info },
): void {
  const { dy, x, mean } = inputs;
  const channels = inputs.gamma.shape[0] ?? 1;
  const rows = tf.util.sizeFromShape(x.shape) / channels;
  const s = scratchLayout(simd, channels);
  const p = simd.pointer;
  simd.fn.bn_grad_sums(p(dy), p(x), rows, channels, p(mean), s.sum1, s.sum2, s.kernel);
  const [sumDy, sumDyXc] = s.sums() as [Float64Array, Float64Array];
  backwardCoefficients(
    {
      sumDy,
      sumDyXc,
      rows,
      gamma: view(simd, inputs.gamma),
      variance: view(simd, inputs.variance),
      dmean: view(simd, inputs.dmean),
      dvariance: view(simd, inputs.dvariance),
      epsilon,
    },
    { dgamma: view(simd, outs.dgamma), dbeta: view(simd, outs.dbeta) },
    { k: s.constants(0), a: s.constants(1), b: s.constants(2) },
  );
  simd.fn.bn_grad_apply(
    p(dy),
    p(x),
    rows,
    channels,
    p(mean),
    s.constant(0),
    s.constant(1),
    s.constant(2),
    p(outs.dx),
    s.kernel,
  );
  backend.disposeData(s.info.dataId);
}
