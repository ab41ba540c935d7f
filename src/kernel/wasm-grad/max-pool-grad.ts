import * as tf from '@tensorflow/tfjs';
import { asWasmBackend, shape4 } from './wasm-backend';

const NAME = tf.MaxPoolGrad;

/**
 * dx gets each window's dy at the window's first maximum in row-major order (strict `>`, as the
 * CPU backend picks it: after ReLU and BatchNorm many windows hold equal values, and the choice
 * decides which pixel learns). One pass over the windows with channels innermost, so every
 * read is contiguous: tfjs-backend-wasm's loop visits each dx pixel and rescans its windows.
 */
export function maxPoolGradFast(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs?: tf.NamedAttrMap;
}): tf.TensorInfo | undefined {
  const { dy, input } = args.inputs as unknown as tf.MaxPoolGradInputs;
  const attrs = args.attrs as unknown as tf.MaxPoolGradAttrs;
  if (dy === undefined || input === undefined) return undefined;
  if (dy.dtype !== 'float32' || input.dtype !== 'float32') return undefined;
  const backend = asWasmBackend(args.backend, NAME);
  const xShape = shape4(input, NAME);
  const info = tf.backend_util.computePool2DInfo(
    xShape,
    attrs.filterSize,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const [batch, h, w, c] = xShape;
  const { outHeight: oh, outWidth: ow, strideHeight: sh, strideWidth: sw } = info;
  const { filterHeight: fh, filterWidth: fw } = info;
  const { top, left } = info.padInfo;

  const out = backend.makeOutput(xShape, 'float32');
  const x = backend.typedArrayFromHeap(input);
  const g = backend.typedArrayFromHeap(dy);
  const dx = backend.typedArrayFromHeap(out);
  dx.fill(0);
  const best = new Float32Array(c);
  const at = new Int32Array(c);
  for (let b = 0; b < batch; b++) {
    for (let yr = 0; yr < oh; yr++) {
      const r0 = Math.max(0, yr * sh - top);
      const r1 = Math.min(h, yr * sh - top + fh);
      for (let yc = 0; yc < ow; yc++) {
        const c0 = Math.max(0, yc * sw - left);
        const c1 = Math.min(w, yc * sw - left + fw);
        best.fill(Number.NEGATIVE_INFINITY);
        at.fill(-1);
        for (let r = r0; r < r1; r++) {
          for (let col = c0; col < c1; col++) {
            const base = ((b * h + r) * w + col) * c;
            for (let d = 0; d < c; d++) {
              const v = x[base + d] as number;
              if (v > (best[d] as number)) {
                best[d] = v;
                at[d] = base + d;
              }
            }
          }
        }
        const gBase = ((b * oh + yr) * ow + yc) * c;
        for (let d = 0; d < c; d++) {
          const i = at[d] as number;
          if (i >= 0) dx[i] = (dx[i] as number) + (g[gBase + d] as number);
        }
      }
    }
  }
  return out;
}
