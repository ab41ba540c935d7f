import * as tf from '@tensorflow/tfjs';
import { type FastPath, single } from './fast-path';
import { tileFast } from './tile';
import { asWasmBackend, release } from './wasm-backend';

/**
 * tfjs-backend-wasm's binary ops are ~12× slower when one operand broadcasts (x · γ with γ of
 * shape [C] over [B, H, W, C], everywhere in BatchNorm and its gradient). When the small operand
 * broadcasts as a whole block repeated, tiling it first (memory-speed copies) and running the
 * op on equal shapes is much cheaper.
 */
export const binaryBroadcastFast: FastPath = (args, original) => {
  const { a, b } = args.inputs as unknown as tf.BinaryInputs;
  if (a === undefined || b === undefined) return undefined;
  if (a.dtype === 'string' || a.dtype !== b.dtype) return undefined;
  const outShape = tf.backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
  const sameAsOut = (s: number[]) =>
    s.length === outShape.length && s.every((d, i) => d === outShape[i]);
  const aFull = sameAsOut(a.shape);
  const bFull = sameAsOut(b.shape);
  if (aFull === bFull) return undefined;
  const small = aFull ? b : a;
  // Right-align the small operand's shape and tile it up to the output's.
  const padded = [
    ...outShape.slice(0, outShape.length - small.shape.length).map(() => 1),
    ...small.shape,
  ];
  const reps = outShape.map((d, i) => d / (padded[i] ?? 1));
  const backend = asWasmBackend(args.backend, 'binary op');
  const tiled = tileFast({ inputs: { x: { ...small, shape: padded } }, attrs: { reps }, backend });
  if (tiled === undefined) return undefined;
  const out = single(
    original({
      inputs: aFull ? { a, b: tiled } : { a: tiled, b },
      attrs: args.attrs ?? {},
      backend,
    }),
    'binary op',
  );
  release(backend, tiled);
  return out;
};
