import * as tf from '@tensorflow/tfjs';

const originals = new Map<string, tf.KernelFunc>();

/** Remembers tfjs-backend-wasm's own kernel before a fast path is put in front of it. */
export function rememberOriginal(kernelName: string, kernelFunc: tf.KernelFunc): void {
  originals.set(kernelName, kernelFunc);
}

/** tfjs-backend-wasm's own kernel, bypassing our fast path in front of it (if any). */
export function originalKernel(kernelName: string): tf.KernelFunc | undefined {
  return originals.get(kernelName) ?? tf.getKernel(kernelName, 'wasm')?.kernelFunc;
}
