import type * as tf from '@tensorflow/tfjs';
import { asWasmBackend } from './wasm-backend';

/**
 * The output shares x's memory, counted by reference, as the CPU backend's Identity does and
 * WASM's own Reshape already does. tfjs-backend-wasm copies instead, and the engine clones every
 * tensor a gradient saves (`saveTensorsForBackwardMode`): in a CNN's training step that is
 * ~100 Identity kernels, a dozen of them copies of a full activation. Sharing is safe because
 * no WASM kernel writes into an input; strings keep the original.
 */
export function identityShared(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
}): tf.TensorInfo | undefined {
  const { x } = args.inputs as unknown as tf.IdentityInputs;
  if (x === undefined || x.dtype === 'string') return undefined;
  const backend = asWasmBackend(args.backend, 'Identity');
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}
