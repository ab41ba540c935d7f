import type * as tf from '@tensorflow/tfjs';

export type KernelArgs = Parameters<tf.KernelFunc>[0];

/**
 * A faster route for some inputs of a kernel tfjs-backend-wasm already has. It may call the
 * original (with cheaper inputs); returning undefined hands the whole call to the original.
 */
export type FastPath = (args: KernelArgs, original: tf.KernelFunc) => tf.TensorInfo | undefined;

/** Calls a kernel function that by contract returns one tensor. */
export function single(out: tf.TensorInfo | tf.TensorInfo[], kernel: string): tf.TensorInfo {
  if (Array.isArray(out)) throw new Error(`${kernel} returned several tensors; expected one`);
  return out;
}
