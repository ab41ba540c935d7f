import * as tf from '@tensorflow/tfjs';
import { describe, expect, it, vi } from 'vitest';
import { selectBackend } from '../backend';

// Node has no WebGPU and no WebGL: the fallback must skip them with a note each and land on a
// backend where training was verified.
describe('backend selection', () => {
  it('falls back past unavailable backends, saying why, and trains on the one it keeps', async () => {
    const report = await selectBackend('webgl');
    expect(report.active).not.toBe('webgl');
    expect(report.active).not.toBe('webgpu');
    expect(tf.getBackend()).toBe(report.active);
    expect(report.notes[0]).toMatch(/You chose WebGL, but it failed; using/);
    expect(report.notes.join(' ')).toMatch(/WebGPU/);
  }, 60_000);

  it('keeps the CPU backend when the user picks it, with no notes', async () => {
    const report = await selectBackend('cpu');
    expect(report).toMatchObject({ active: 'cpu', notes: [] });
    expect(tf.getBackend()).toBe('cpu');
  });
});

/** An in-memory stand-in for the IndexedDB store, recording what selection asks of it. */
function fakeVerified(initial: string[] = []) {
  const keys = new Set(initial);
  const forgotten: string[] = [];
  return {
    keys,
    forgotten,
    store: {
      load: async () => new Set(keys),
      remember: async (key: string) => {
        keys.add(key);
      },
      forget: async (key: string) => {
        keys.delete(key);
        forgotten.push(key);
      },
    },
  };
}

describe('backend verification cache', () => {
  const noAdapter = async () => null;

  it('verifies a backend once, then trusts the remembered result on the next start', async () => {
    const verified = fakeVerified();
    const verify = vi.fn(async () => {});
    const deps = { verified: verified.store, verify, probeWebGpu: noAdapter };
    await selectBackend('cpu', deps);
    expect(verify).toHaveBeenCalledTimes(1);
    expect([...verified.keys]).toEqual([expect.stringMatching(/^cpu \| /)]);

    const second = await selectBackend('cpu', deps);
    expect(verify).toHaveBeenCalledTimes(1);
    expect(second).toMatchObject({ active: 'cpu', notes: [] });
  });

  it('falls back with a note when a remembered backend now fails, and forgets it', async () => {
    const first = fakeVerified();
    await selectBackend('cpu', {
      verified: first.store,
      verify: async () => {},
      probeWebGpu: noAdapter,
    });
    const cpuKey = [...first.keys][0] ?? '';
    // WebGL passed its check on an earlier start but no longer starts (Node has none): the
    // kernel falls back as if nothing were cached, and drops the entry.
    const verified = fakeVerified([cpuKey.replace(/^cpu/, 'webgl')]);
    const report = await selectBackend('webgl', {
      verified: verified.store,
      verify: async () => {},
      probeWebGpu: noAdapter,
    });
    expect(report.active).not.toBe('webgl');
    expect(report.notes[0]).toMatch(/You chose WebGL, but it failed; using/);
    expect(verified.forgotten).toEqual([cpuKey.replace(/^cpu/, 'webgl')]);
    expect(verified.keys.has(cpuKey)).toBe(true);
  });

  it('does not remember a backend whose check fails, and says why it failed', async () => {
    const verified = fakeVerified();
    const verify = vi.fn(async () => {
      throw new Error('a test training run did not converge');
    });
    // Node has only the CPU backend, so with its check failing nothing is left.
    await expect(
      selectBackend('cpu', { verified: verified.store, verify, probeWebGpu: noAdapter }),
    ).rejects.toThrow(/CPU failed: a test training run did not converge/);
    expect(verified.keys.size).toBe(0);
  });
});

describe('auto with a software WebGPU adapter', () => {
  it('tries WASM first and says why WebGPU was passed over', async () => {
    const report = await selectBackend('auto', {
      verified: fakeVerified().store,
      verify: async () => {},
      probeWebGpu: async () => ({ software: true, description: 'google swiftshader' }),
    });
    // Node has no WASM files to fetch, so WASM may fail here; WebGPU is never first either way.
    expect(report.notes[0]).toMatch(/WebGPU here is a software renderer \(google swiftshader\)/);
    expect(report.active).not.toBe('webgpu');
  }, 60_000);
});
