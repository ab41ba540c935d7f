/** The fields of a WebGPU adapter we read, typed here because the TS libs have no WebGPU types. */
interface AdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}
interface AdapterLike {
  info?: AdapterInfoLike;
  /** Older Chromium put it on the adapter; newer on `info`. */
  isFallbackAdapter?: boolean;
}
interface GpuLike {
  requestAdapter(options?: { powerPreference?: string }): Promise<AdapterLike | null>;
}

export interface WebGpuAdapterSummary {
  /** A CPU implementation (SwiftShader, WARP, llvmpipe): slower than WASM for our models. */
  software: boolean;
  /** Vendor and architecture, for notes and for keying cached verifications. */
  description: string;
}

const SOFTWARE = /swiftshader|llvmpipe|lavapipe|warp|software|cpu/i;

export function summarizeAdapter(adapter: AdapterLike): WebGpuAdapterSummary {
  const info = adapter.info ?? {};
  const description =
    [info.vendor, info.architecture, info.device, info.description]
      .filter((part) => part !== undefined && part !== '')
      .join(' ') || 'unknown adapter';
  const software =
    info.isFallbackAdapter === true ||
    adapter.isFallbackAdapter === true ||
    SOFTWARE.test(`${info.vendor ?? ''} ${info.architecture ?? ''} ${info.description ?? ''}`);
  return { software, description };
}

function isGpu(value: unknown): value is GpuLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { requestAdapter?: unknown }).requestAdapter === 'function'
  );
}

/**
 * The adapter tfjs-backend-webgpu would get (it asks for high-performance), or null when the
 * browser has no WebGPU. Cheap next to starting the backend: no device, no shaders.
 */
export async function probeWebGpuAdapter(
  nav: object | undefined = globalThis.navigator,
): Promise<WebGpuAdapterSummary | null> {
  const gpu: unknown = nav && 'gpu' in nav ? nav.gpu : undefined;
  if (!isGpu(gpu)) return null;
  try {
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    return adapter ? summarizeAdapter(adapter) : null;
  } catch {
    return null;
  }
}
