import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { PLAIN_MEMORY_WASM, SHARED_MEMORY_WASM } from './binaries.generated';

/** kernels.c's exports. Every pointer is a byte offset into tfjs-backend-wasm's memory. */
export interface SimdExports {
  conv2d_backprop_filter(
    x: number,
    dy: number,
    acc: number,
    dw: number,
    batch: number,
    h: number,
    w: number,
    ci: number,
    oh: number,
    ow: number,
    co: number,
    kh: number,
    kw: number,
    sh: number,
    sw: number,
    padTop: number,
    padLeft: number,
  ): void;
  bn_moment_sums(
    x: number,
    rows: number,
    c: number,
    k: number,
    s1: number,
    s2: number,
    scratch: number,
  ): void;
  bn_grad_sums(
    dy: number,
    x: number,
    rows: number,
    c: number,
    m: number,
    s1: number,
    s2: number,
    scratch: number,
  ): void;
  bn_apply(
    x: number,
    rows: number,
    c: number,
    m: number,
    s: number,
    b: number,
    y: number,
    scratch: number,
  ): void;
  bn_grad_apply(
    dy: number,
    x: number,
    rows: number,
    c: number,
    m: number,
    k: number,
    a: number,
    b: number,
    dx: number,
    scratch: number,
  ): void;
  max_pool_grad_2x2(
    x: number,
    dy: number,
    dx: number,
    batch: number,
    h: number,
    w: number,
    c: number,
  ): void;
}

/** Our kernels bound to one tfjs-backend-wasm instance's memory, with pointer helpers. */
export interface SimdKernels {
  readonly fn: SimdExports;
  readonly memory: WebAssembly.Memory;
  /** The byte offset of a tensor's values in the memory. */
  pointer(info: tf.TensorInfo): number;
  /** Whether `bytes` more bytes after the end of a tensor's values are still inside the memory. */
  readableBeyond(info: tf.TensorInfo, bytes: number): boolean;
  /** A float32 scratch tensor of `floats` values; free it with `backend.disposeData`. */
  scratch(floats: number): tf.TensorInfo;
}

interface EmscriptenModule {
  /** Set by the threaded build, whose memory JavaScript creates and shares with its workers. */
  wasmMemory?: WebAssembly.Memory;
  /** The instance's exports: the plain build exports its own memory there. */
  asm?: { memory?: WebAssembly.Memory };
}

let enabled = true;
const bound = new WeakMap<WebAssembly.Memory, SimdKernels | null>();

/**
 * Turns our kernels off (or on again): every caller then takes its earlier route. For the
 * benchmarks' before/after and for tests that compare the two routes.
 */
export function setSimdKernelsEnabled(on: boolean): void {
  enabled = on;
}

function memoryOf(backend: BackendWasm): WebAssembly.Memory | undefined {
  const module = backend.wasm as unknown as EmscriptenModule;
  return module.wasmMemory ?? module.asm?.memory;
}

function isShared(memory: WebAssembly.Memory): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
}

function decode(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

function instantiate(backend: BackendWasm, memory: WebAssembly.Memory): SimdKernels | null {
  const bytes = decode(isShared(memory) ? SHARED_MEMORY_WASM : PLAIN_MEMORY_WASM);
  // A browser without WASM SIMD gets tfjs's plain binary too, and our callers their old route.
  if (!WebAssembly.validate(bytes)) return null;
  // 8 kB: compiling synchronously is allowed in a worker and in Node, and takes ~1 ms.
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
  const fn = instance.exports as unknown as SimdExports;
  const pointer = (info: tf.TensorInfo) => backend.dataIdMap.get(info.dataId).memoryOffset;
  return {
    fn,
    memory,
    pointer,
    readableBeyond: (info, bytes) =>
      pointer(info) + 4 * tf.util.sizeFromShape(info.shape) + bytes <= memory.buffer.byteLength,
    scratch: (floats) => backend.makeOutput([floats], 'float32'),
  };
}

/**
 * Our SIMD kernels on this backend's memory, or undefined where they cannot run (turned off,
 * no SIMD, a tfjs build whose memory we cannot find): the caller then keeps its old route.
 */
export function simdKernels(backend: BackendWasm): SimdKernels | undefined {
  if (!enabled) return undefined;
  const memory = memoryOf(backend);
  if (memory === undefined) return undefined;
  let kernels = bound.get(memory);
  if (kernels === undefined) {
    kernels = instantiate(backend, memory);
    bound.set(memory, kernels);
  }
  return kernels ?? undefined;
}
