import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { expect } from 'vitest';
import { setSimdKernelsEnabled } from '../../wasm-simd/instance';
import { registerWasmGradKernels } from '../register';

/** Deterministic draws (mulberry32), so a failing case can be re-run. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(r: () => number, xs: readonly T[]): T =>
  xs[Math.floor(r() * xs.length)] as T;

export const int = (r: () => number, lo: number, hi: number): number =>
  lo + Math.floor(r() * (hi - lo + 1));

export function values(r: () => number, shape: number[]): Float32Array {
  const out = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < out.length; i++) out[i] = r() * 2 - 1;
  return out;
}

/** Starts WASM with our kernels; CPU is the reference. */
export async function setUpBackends(): Promise<void> {
  registerWasmGradKernels();
  await tf.setBackend('wasm');
  await tf.ready();
}

/** Runs `f` on a backend and reads its tensors back as plain arrays, leaving no tensor behind. */
export async function on(
  backend: 'wasm' | 'cpu',
  f: () => tf.Tensor | tf.Tensor[],
): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const before = tf.memory().numTensors;
  const out = tf.tidy(f);
  const list = Array.isArray(out) ? out : [out];
  const data = list.map((t) => Float32Array.from(t.dataSync()));
  tf.dispose(list);
  expect(tf.memory().numTensors, `tensors left on ${backend}`).toBe(before);
  return data;
}

/** Float32 agreement: |a − b| ≤ tol · (1 + max |b|), element by element. */
export function expectClose(
  actual: Float32Array,
  expected: Float32Array,
  tol: number,
  what: string,
) {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  let scale = 0;
  for (const v of expected) scale = Math.max(scale, Math.abs(v));
  let worst = 0;
  for (let i = 0; i < actual.length; i++) {
    worst = Math.max(worst, Math.abs((actual[i] as number) - (expected[i] as number)));
  }
  expect(worst, `${what}: max |wasm − cpu| (max |cpu| ${scale})`).toBeLessThanOrEqual(
    tol * (1 + scale),
  );
}

/** The same computation on WASM and CPU must give the same numbers. */
export async function expectSameOnBoth(
  f: () => tf.Tensor | tf.Tensor[],
  what: string,
  tol = 1e-4,
): Promise<void> {
  const cpu = await on('cpu', f);
  const wasm = await on('wasm', f);
  cpu.forEach((c, i) => {
    expectClose(wasm[i] as Float32Array, c, tol, `${what} [${i}]`);
  });
}

/** Runs `f` with our SIMD kernels on or off (the route each caller takes without them). */
export async function withSimdKernels(on: boolean, f: () => Promise<void>): Promise<void> {
  setSimdKernelsEnabled(on);
  try {
    await f();
  } finally {
    setSimdKernelsEnabled(true);
  }
}
