import { describe, expect, it } from 'vitest';
import { type EnvProbe, evaluateChecks, formatCheck } from '../env-check';

const good: EnvProbe = {
  tfjsVersion: '4.22.0',
  backend: 'wasm',
  webgpu: { software: false, description: 'nvidia ampere' },
  wasmSimd: true,
  wasmThreads: { supported: true, count: 4 },
  wasmTrainingKernels: true,
  crossOriginIsolated: true,
  inWorker: true,
  storage: { quota: 10 * 1024 ** 3, usage: 50 * 1024 ** 2, persisted: false },
};

const byName = (probe: EnvProbe) =>
  Object.fromEntries(evaluateChecks(probe).map((c) => [c.name, c]));

describe('env.check (Activity 1, test_stack.py for the browser)', () => {
  it('passes every line on a complete stack, in the book script’s order of components', () => {
    const checks = evaluateChecks(good);
    expect(checks.map((c) => c.name)).toEqual([
      'TensorFlow.js',
      'Backend',
      'WebGPU adapter',
      'WASM SIMD',
      'WASM threads',
      'WASM training kernels',
      'Web Worker',
      'Storage quota',
    ]);
    expect(checks.every((c) => c.status === 'PASS')).toBe(true);
    expect(formatCheck(checks[0]!)).toBe('[PASS] TensorFlow.js: 4.22.0 (>= 4.0 needed)');
    expect(formatCheck(checks[7]!)).toBe(
      '[PASS] Storage quota: 10,240 MB (50 MB used; >= 200 MB needed)',
    );
  });

  it('fails an old TF.js, a page without a worker and a small quota, each with a hint', () => {
    const c = byName({
      ...good,
      tfjsVersion: '3.21.0',
      inWorker: false,
      storage: { quota: 100 * 1024 ** 2, usage: 0, persisted: null },
    });
    for (const name of ['TensorFlow.js', 'Web Worker', 'Storage quota']) {
      expect(c[name]!.status).toBe('FAIL');
      expect(c[name]!.hint).toBeTruthy();
    }
    expect(formatCheck(c['Web Worker']!)).toMatch(
      /^\[FAIL\] Web Worker: cells run on the page\n {7}Training/,
    );
  });

  it('warns, not fails, for what is optional: no WebGPU, a software adapter, the CPU backend, no threads', () => {
    expect(byName({ ...good, webgpu: null })['WebGPU adapter']!.status).toBe('WARN');
    const soft = byName({ ...good, webgpu: { software: true, description: 'google swiftshader' } });
    expect(soft['WebGPU adapter']!.value).toBe('google swiftshader (a software adapter)');
    expect(soft['WebGPU adapter']!.status).toBe('WARN');
    expect(byName({ ...good, backend: 'cpu' }).Backend!.status).toBe('WARN');
    const noThreads = byName({ ...good, crossOriginIsolated: false })['WASM threads']!;
    expect(noThreads.status).toBe('WARN');
    expect(noThreads.value).toBe('not available (cross-origin isolated: no)');
    expect(byName({ ...good, backend: '' }).Backend!.status).toBe('FAIL');
    expect(byName({ ...good, wasmSimd: null })['WASM SIMD']!.value).toBe('unknown');
    const slow = byName({ ...good, wasmTrainingKernels: false })['WASM training kernels']!;
    expect(slow.status).toBe('WARN');
    expect(slow.hint).toMatch(/slower routes/);
  });

  it('says whether the app’s SIMD training kernels run only when the backend is WASM', () => {
    const onWebGpu = byName({ ...good, backend: 'webgpu', wasmTrainingKernels: null });
    expect(onWebGpu['WASM training kernels']).toBeUndefined();
    expect(byName(good)['WASM training kernels']!.value).toMatch(/filter gradient, batch norm/);
  });
});
