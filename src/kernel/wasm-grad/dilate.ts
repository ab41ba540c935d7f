import type * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { shape4 } from './wasm-backend';

/**
 * [b, h, w, c] → [b, (h-1)·sh + 1, (w-1)·sw + 1, c] with zeros between the original pixels: the
 * transposed convolution of a strided one is a stride-1 convolution of this.
 */
export function dilateSpatially(
  backend: BackendWasm,
  x: tf.TensorInfo,
  sh: number,
  sw: number,
): tf.TensorInfo {
  const [b, h, w, c] = shape4(x, 'dilateSpatially');
  const dh = (h - 1) * sh + 1;
  const dw = (w - 1) * sw + 1;
  const out = backend.makeOutput([b, dh, dw, c], 'float32');
  // Views after makeOutput: allocating may grow the heap and detach older views.
  const src = backend.typedArrayFromHeap(x);
  const dst = backend.typedArrayFromHeap(out);
  dst.fill(0);
  for (let n = 0; n < b; n++) {
    for (let y = 0; y < h; y++) {
      const dstRow = (n * dh + y * sh) * dw * c;
      const srcRow = (n * h + y) * w * c;
      for (let x0 = 0; x0 < w; x0++) {
        const from = srcRow + x0 * c;
        dst.set(src.subarray(from, from + c), dstRow + x0 * sw * c);
      }
    }
  }
  return out;
}
