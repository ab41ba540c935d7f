import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { PLAIN_MEMORY_WASM, SHARED_MEMORY_WASM, SOURCE_SHA256 } from '../binaries.generated';
import { simdKernels } from '../instance';

const bytes = (base64: string) => new Uint8Array(Buffer.from(base64, 'base64'));

/** The ids of a WASM binary's sections, in order (the format's header, then id + LEB128 size). */
function sectionIds(wasm: Uint8Array): number[] {
  const ids: number[] = [];
  let at = 8;
  while (at < wasm.length) {
    const id = wasm[at++] as number;
    let size = 0;
    let shift = 0;
    for (;;) {
      const byte = wasm[at++] as number;
      size |= (byte & 0x7f) << shift;
      shift += 7;
      if (byte < 0x80) break;
    }
    ids.push(id);
    at += size;
  }
  return ids;
}

const DATA = 11;
const START = 8;
const KERNELS = [
  'bn_apply',
  'bn_grad_apply',
  'bn_grad_sums',
  'bn_moment_sums',
  'conv2d_backprop_filter',
  'max_pool_grad_2x2',
];

describe('our WASM SIMD kernels (kernels.c)', () => {
  it('are built from the kernels.c in the tree (rebuild with scripts/build-wasm-kernels.sh)', () => {
    const source = readFileSync(new URL('../kernels.c', import.meta.url));
    expect(createHash('sha256').update(source).digest('hex')).toBe(SOURCE_SHA256);
  });

  it.each([
    ['plain', PLAIN_MEMORY_WASM, false],
    ['shared', SHARED_MEMORY_WASM, true],
  ])('in the %s-memory build import only tfjs’s memory and own none of it', (_, base64, shared) => {
    const wasm = bytes(base64);
    expect(WebAssembly.validate(wasm)).toBe(true);
    const module = new WebAssembly.Module(wasm);
    expect(WebAssembly.Module.imports(module)).toEqual([
      { module: 'env', name: 'memory', kind: 'memory' },
    ]);
    expect(
      WebAssembly.Module.exports(module)
        .map((e) => e.name)
        .sort(),
    ).toEqual(KERNELS);
    // No data to copy into tfjs's heap and nothing run at instantiation.
    expect(sectionIds(wasm)).not.toContain(DATA);
    expect(sectionIds(wasm)).not.toContain(START);
    const memory = new WebAssembly.Memory(
      shared ? { initial: 1, maximum: 2, shared: true } : { initial: 1 },
    );
    expect(() => new WebAssembly.Instance(module, { env: { memory } })).not.toThrow();
  });
});

describe('binding to tfjs-backend-wasm', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
  });

  it('finds the backend’s memory and addresses tensors where tfjs put them', () => {
    const backend = tf.backend() as BackendWasm;
    const simd = simdKernels(backend);
    expect(simd).toBeDefined();
    if (simd === undefined) return;
    expect(simdKernels(backend)).toBe(simd);
    const t = tf.tensor1d([1.5, -2, 3.25]);
    const at = simd.pointer(t);
    expect(Array.from(new Float32Array(simd.memory.buffer, at, 3))).toEqual([1.5, -2, 3.25]);
    expect(simd.readableBeyond(t, 16)).toBe(true);
    expect(simd.readableBeyond(t, simd.memory.buffer.byteLength)).toBe(false);
    t.dispose();
  });
});
