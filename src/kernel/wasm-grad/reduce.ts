import * as tf from '@tensorflow/tfjs';
import { type FastPath, single } from './fast-path';
import { originalKernel } from './originals';
import { asWasmBackend, release } from './wasm-backend';

/**
 * Sum or mean over the leading axes (bias and BatchNorm gradients reduce a [B, H, W, C] tensor
 * over B, H, W): x viewed as [R, C], times a column of ones (or of 1/R), transposed. tfjs-backend-
 * wasm's Sum first transposes the reduced axes to the end, which costs ~4× more. The product
 * goes to tfjs-backend-wasm's own scalar loop on purpose: XNNPACK would first repack the whole
 * of x as a weight matrix, which for a fresh tensor costs ~10× more than this.
 */
function leadingReduce(kind: 'Sum' | 'Mean'): FastPath {
  return (args) => {
    const { x } = args.inputs as unknown as tf.SumInputs;
    const { axis, keepDims } = args.attrs as unknown as tf.SumAttrs;
    if (x === undefined || x.dtype !== 'float32') return undefined;
    const axes = [...new Set(tf.util.parseAxisParam(axis, x.shape))].sort((a, b) => a - b);
    const k = axes.length;
    if (k === 0 || k === x.shape.length || axes.some((a, i) => a !== i)) return undefined;
    const rows = tf.util.sizeFromShape(x.shape.slice(0, k));
    const kept = x.shape.slice(k);
    const matMul = originalKernel(tf.BatchMatMul);
    if (rows === 0 || matMul === undefined) return undefined;

    const backend = asWasmBackend(args.backend, kind);
    const weights = backend.makeOutput([1, rows, 1], 'float32');
    backend.typedArrayFromHeap(weights).fill(kind === 'Sum' ? 1 : 1 / rows);
    const out = single(
      matMul({
        inputs: { a: { ...x, shape: [1, rows, tf.util.sizeFromShape(kept)] }, b: weights },
        attrs: { transposeA: true, transposeB: false },
        backend,
      }),
      tf.BatchMatMul,
    );
    release(backend, weights);
    // Reshape in place, as tfjs-backend-wasm's BatchMatMul does: the data is laid out the same.
    out.shape = keepDims ? [...x.shape.slice(0, k).map(() => 1), ...kept] : kept;
    return out;
  };
}

export const sumFast = leadingReduce('Sum');
export const meanFast = leadingReduce('Mean');
