import * as tf from '@tensorflow/tfjs';
import { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { WasmGradUnsupportedError } from './errors';

/** Narrows the `backend` a kernel function receives; ours only make sense on WASM's heap. */
export function asWasmBackend(backend: unknown, kernel: string): BackendWasm {
  if (backend instanceof BackendWasm) return backend;
  throw new WasmGradUnsupportedError(kernel, 'a backend other than WASM');
}

/**
 * Runs another WASM kernel straight on the backend, as tfjs-backend-wasm's own kernels do:
 * no engine, so nothing is recorded on the gradient tape or tracked by `tf.tidy`. The caller
 * owns the result and must `release` it unless it is the kernel's output.
 */
export function runWasmKernel(
  backend: BackendWasm,
  kernelName: string,
  inputs: tf.NamedTensorInfoMap,
  attrs: tf.NamedAttrMap,
): tf.TensorInfo {
  const kernel = tf.getKernel(kernelName, 'wasm');
  if (kernel === undefined) {
    throw new WasmGradUnsupportedError(kernelName, 'this build (the kernel is not registered)');
  }
  const out = kernel.kernelFunc({ inputs, attrs, backend });
  if (Array.isArray(out)) throw new Error(`${kernelName} returned several tensors; expected one`);
  return out;
}

/** Frees an intermediate made with `runWasmKernel`. */
export function release(backend: BackendWasm, ...infos: tf.TensorInfo[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}

/** A 4-D shape, checked, so index access below needs no assertions. */
export function shape4(info: tf.TensorInfo, kernel: string): [number, number, number, number] {
  const [a, b, c, d, ...rest] = info.shape;
  if (a === undefined || b === undefined || c === undefined || d === undefined || rest.length) {
    throw new WasmGradUnsupportedError(kernel, `a rank-${info.shape.length} input (only rank 4)`);
  }
  return [a, b, c, d];
}

/** The `[height, width]` pair of a strides or dilations attribute given as one number or two. */
export function pair(value: number | [number, number]): [number, number] {
  return typeof value === 'number' ? [value, value] : value;
}
