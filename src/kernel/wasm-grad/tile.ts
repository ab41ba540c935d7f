import type * as tf from '@tensorflow/tfjs';
import { asWasmBackend } from './wasm-backend';

/**
 * When every tiled axis comes before every axis where x is longer than 1 (BatchNorm's gradient
 * tiles a [1, 1, 1, C] tensor to [B, H, W, C] per layer and step), the output is x repeated
 * end to end, which doubling copies build at memory speed. tfjs-backend-wasm's Tile computes an
 * index per element and was the largest single cost of a CNN step.
 */
export function tileFast(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs?: tf.NamedAttrMap;
}): tf.TensorInfo | undefined {
  const { x } = args.inputs as unknown as tf.TileInputs;
  const { reps } = args.attrs as unknown as tf.TileAttrs;
  if (x === undefined || x.dtype === 'string' || reps.length !== x.shape.length) return undefined;
  const lastTiled = reps.findLastIndex((r) => r > 1);
  const firstLong = x.shape.findIndex((s) => s > 1);
  if (firstLong !== -1 && lastTiled > firstLong) return undefined;

  const backend = asWasmBackend(args.backend, 'Tile');
  const out = backend.makeOutput(
    x.shape.map((s, i) => s * (reps[i] ?? 1)),
    x.dtype,
  );
  const src = backend.typedArrayFromHeap(x);
  const dst = backend.typedArrayFromHeap(out);
  if (src.length === 0) return out;
  dst.set(src);
  for (let filled = src.length; filled < dst.length; filled *= 2) {
    dst.copyWithin(filled, 0, Math.min(filled, dst.length - filled));
  }
  return out;
}
