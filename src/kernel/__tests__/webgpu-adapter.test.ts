import { describe, expect, it } from 'vitest';
import { probeWebGpuAdapter, summarizeAdapter } from '../webgpu-adapter';

describe('WebGPU adapter probe', () => {
  it('calls SwiftShader a software adapter, by its info or by the fallback flag', () => {
    expect(summarizeAdapter({ info: { vendor: 'google', architecture: 'swiftshader' } })).toEqual({
      software: true,
      description: 'google swiftshader',
    });
    expect(summarizeAdapter({ info: { vendor: 'x' }, isFallbackAdapter: true }).software).toBe(
      true,
    );
    expect(summarizeAdapter({ info: { vendor: 'x', isFallbackAdapter: true } }).software).toBe(
      true,
    );
  });

  it('calls a GPU vendor a hardware adapter', () => {
    expect(summarizeAdapter({ info: { vendor: 'nvidia', architecture: 'hopper' } })).toEqual({
      software: false,
      description: 'nvidia hopper',
    });
  });

  it('answers null without WebGPU, or when no adapter is granted', async () => {
    expect(await probeWebGpuAdapter(undefined)).toBeNull();
    expect(await probeWebGpuAdapter({})).toBeNull();
    expect(await probeWebGpuAdapter({ gpu: { requestAdapter: async () => null } })).toBeNull();
  });
});
