import * as tf from '@tensorflow/tfjs';
import { type FastPath, single } from './fast-path';
import { asWasmBackend, release, runWasmKernel } from './wasm-backend';

/**
 * tfjs-backend-wasm hands BatchMatMul to XNNPACK only without transposes; with one (every
 * weight gradient of a dense layer has one) it runs a scalar loop ~15× slower. An explicit
 * transpose first costs a fraction of that.
 */
export const batchMatMulFast: FastPath = (args, original) => {
  const { a, b } = args.inputs as unknown as tf.BatchMatMulInputs;
  const { transposeA, transposeB } = args.attrs as unknown as tf.BatchMatMulAttrs;
  if (a === undefined || b === undefined || (!transposeA && !transposeB)) return undefined;
  if (a.dtype !== 'float32' || b.dtype !== 'float32') return undefined;
  const backend = asWasmBackend(args.backend, tf.BatchMatMul);
  const swapLast = (t: tf.TensorInfo) => {
    const perm = t.shape.map((_, i) => i);
    const n = perm.length;
    [perm[n - 2], perm[n - 1]] = [n - 1, n - 2];
    return runWasmKernel(backend, tf.Transpose, { x: t }, { perm });
  };
  const aT = transposeA ? swapLast(a) : a;
  const bT = transposeB ? swapLast(b) : b;
  const out = single(
    original({
      inputs: { a: aT, b: bT },
      attrs: { transposeA: false, transposeB: false },
      backend,
    }),
    tf.BatchMatMul,
  );
  if (transposeA) release(backend, aT);
  if (transposeB) release(backend, bT);
  return out;
};
