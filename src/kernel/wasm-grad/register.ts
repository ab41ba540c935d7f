import * as tf from '@tensorflow/tfjs';
import { binaryBroadcastFast } from './broadcast';
import { conv2DBackpropFilterConfig } from './conv2d-backprop-filter';
import { conv2DBackpropInputFast } from './conv2d-backprop-input';
import { depthwiseBackpropFilterConfig, depthwiseBackpropInputConfig } from './depthwise-backprop';
import type { FastPath } from './fast-path';
import { identityShared } from './identity';
import { batchMatMulFast } from './matmul';
import { maxPoolGradFast } from './max-pool-grad';
import { rememberOriginal } from './originals';
import { meanFast, sumFast } from './reduce';
import { tileFast } from './tile';

/** The gradient kernels tfjs-backend-wasm 4.22 lacks, which training a CNN on WASM needs. */
const MISSING: readonly tf.KernelConfig[] = [
  conv2DBackpropFilterConfig,
  depthwiseBackpropFilterConfig,
  depthwiseBackpropInputConfig,
];

/**
 * Kernels tfjs-backend-wasm has but runs slowly for what a CNN's training step asks of them
 * (profiled on Activity 4.03's CNN: together most of a step). The original stays in charge of
 * every case its fast path declines.
 */
const FAST_PATHS: ReadonlyMap<string, FastPath> = new Map<string, FastPath>([
  [tf.Conv2DBackpropInput, conv2DBackpropInputFast],
  [tf.MaxPoolGrad, maxPoolGradFast],
  [tf.Tile, tileFast],
  [tf.Identity, identityShared],
  [tf.Sum, sumFast],
  [tf.Mean, meanFast],
  [tf.BatchMatMul, batchMatMulFast],
  [tf.Multiply, binaryBroadcastFast],
  [tf.Add, binaryBroadcastFast],
  [tf.Sub, binaryBroadcastFast],
  [tf.RealDiv, binaryBroadcastFast],
]);

const ours = new WeakSet<tf.KernelFunc>();

function withFastPath(original: tf.KernelConfig, fast: FastPath): tf.KernelConfig {
  const kernelFunc: tf.KernelFunc = (args) =>
    fast(args, original.kernelFunc) ?? original.kernelFunc(args);
  ours.add(kernelFunc);
  // setupFunc stays: the original's C++ binding is what the fallback calls.
  return { ...original, kernelFunc };
}

/**
 * Adds the missing gradient kernels to the WASM backend and puts fast paths in front of slow
 * ones. Idempotent, and safe before or after the backend starts. A missing kernel that a future
 * tfjs ships itself is left to tfjs.
 */
export function registerWasmGradKernels(): void {
  for (const config of MISSING) {
    if (tf.getKernel(config.kernelName, 'wasm') === undefined) tf.registerKernel(config);
  }
  for (const [name, fast] of FAST_PATHS) {
    const original = tf.getKernel(name, 'wasm');
    if (original === undefined || ours.has(original.kernelFunc)) continue;
    rememberOriginal(name, original.kernelFunc);
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel(withFastPath(original, fast));
  }
}
