import * as tf from '@tensorflow/tfjs';

/**
 * How often training helpers read metrics back by default. On GPU backends each read waits for
 * the queued work (a sync): every batch cost ~20 % on WebGL (docs/MEASURED); on CPU and WASM
 * the values are already there, so every step is free to read.
 */
export function defaultReadEvery(): number {
  return ['webgl', 'webgpu'].includes(tf.getBackend()) ? 10 : 1;
}
