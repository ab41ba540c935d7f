import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { simdKernels } from '../wasm-simd/instance';
import { probeWebGpuAdapter, type WebGpuAdapterSummary } from '../webgpu-adapter';

/**
 * `env.check()`: the book's Activity 1 (`test_stack.py`, which checks Python, TensorFlow and
 * Keras and prints PASS/FAIL lines with install hints), for the browser's stack: the TF.js
 * version, the active backend, the WebGPU adapter, WASM SIMD and threads, the worker the cells
 * run in, and the storage the data sets and checkpoints go to.
 */

export type CheckStatus = 'PASS' | 'FAIL' | 'WARN';

export interface EnvCheck {
  name: string;
  status: CheckStatus;
  /** What was found, in words. */
  value: string;
  /** What to do about a FAIL or WARN. */
  hint?: string;
}

/** The raw facts the checks are made from; gathered by `probeEnvironment`, given by tests. */
export interface EnvProbe {
  tfjsVersion: string;
  backend: string;
  webgpu: WebGpuAdapterSummary | null;
  wasmSimd: boolean | null;
  wasmThreads: { supported: boolean | null; count: number | null };
  /** Whether our SIMD kernels (src/kernel/wasm-simd) run on the WASM backend; null off WASM. */
  wasmTrainingKernels: boolean | null;
  crossOriginIsolated: boolean;
  inWorker: boolean;
  storage: { quota: number; usage: number; persisted: boolean | null } | null;
}

/** The oldest TF.js these notebooks are written for (the `tf.layers`/initialiser API they use). */
const MIN_TFJS = [4, 0];
/** MNIST (11 MB of .gz kept in IndexedDB) plus a few checkpoints of its 13 MB CNN. */
const MIN_QUOTA = 200 * 1024 ** 2;

const mb = (bytes: number) =>
  `${(bytes / 1024 ** 2).toLocaleString('en-US', { maximumFractionDigits: 0 })} MB`;

function atLeast(version: string, min: number[]): boolean {
  const parts = version.split('.').map((p) => Number.parseInt(p, 10));
  for (let i = 0; i < min.length; i++) {
    const have = parts[i] ?? 0;
    const need = min[i] ?? 0;
    if (Number.isNaN(have)) return false;
    if (have !== need) return have > need;
  }
  return true;
}

export function evaluateChecks(p: EnvProbe): EnvCheck[] {
  const checks: EnvCheck[] = [];
  const ok = atLeast(p.tfjsVersion, MIN_TFJS);
  checks.push({
    name: 'TensorFlow.js',
    status: ok ? 'PASS' : 'FAIL',
    value: `${p.tfjsVersion} (>= ${MIN_TFJS.join('.')} needed)`,
    ...(ok ? {} : { hint: 'Reload the app: the kernel ships its own TensorFlow.js.' }),
  });
  const known = ['webgpu', 'wasm', 'webgl', 'cpu'].includes(p.backend);
  checks.push({
    name: 'Backend',
    status: !known ? 'FAIL' : p.backend === 'cpu' ? 'WARN' : 'PASS',
    value: p.backend || 'none',
    ...(!known
      ? { hint: 'No backend started: restart the kernel; the toolbar says why each one failed.' }
      : p.backend === 'cpu'
        ? {
            hint: 'The plain-JavaScript CPU backend is 10–50× slower than WASM: pick WASM in the toolbar.',
          }
        : {}),
  });
  checks.push(
    p.webgpu
      ? {
          name: 'WebGPU adapter',
          status: p.webgpu.software ? 'WARN' : 'PASS',
          value: `${p.webgpu.description}${p.webgpu.software ? ' (a software adapter)' : ''}`,
          ...(p.webgpu.software
            ? { hint: 'A software adapter is slower than WASM; the kernel prefers WASM here.' }
            : {}),
        }
      : {
          name: 'WebGPU adapter',
          status: 'WARN',
          value: 'none',
          hint: 'Optional: without WebGPU the kernel trains on WASM (a recent Chrome or Edge has WebGPU).',
        },
  );
  checks.push({
    name: 'WASM SIMD',
    status: p.wasmSimd ? 'PASS' : 'WARN',
    value: p.wasmSimd === null ? 'unknown' : p.wasmSimd ? 'yes' : 'no',
    ...(p.wasmSimd
      ? {}
      : { hint: 'Without SIMD, WASM kernels run several times slower; update the browser.' }),
  });
  const threads = p.wasmThreads;
  const threaded = threads.supported === true && p.crossOriginIsolated;
  checks.push({
    name: 'WASM threads',
    status: threaded ? 'PASS' : 'WARN',
    value: threaded
      ? `available${threads.count !== null ? `, ${threads.count} in use` : ''}`
      : `not available (cross-origin isolated: ${p.crossOriginIsolated ? 'yes' : 'no'})`,
    ...(threaded
      ? threads.count === 1
        ? {
            hint: 'One thread in use: on a machine of 2–3 cores the single-threaded binary starts faster.',
          }
        : {}
      : {
          hint: 'Threads need SharedArrayBuffer: serve the app with its COOP/COEP headers (npm start does).',
        }),
  });
  if (p.wasmTrainingKernels !== null) {
    checks.push({
      name: 'WASM training kernels',
      status: p.wasmTrainingKernels ? 'PASS' : 'WARN',
      value: p.wasmTrainingKernels
        ? 'the app’s SIMD kernels are loaded (convolution filter gradient, batch norm, max-pool gradient)'
        : 'not loaded',
      ...(p.wasmTrainingKernels
        ? {}
        : {
            hint: 'CNNs still train, on slower routes (about half the speed): a browser with WASM SIMD loads them.',
          }),
    });
  }
  checks.push({
    name: 'Web Worker',
    status: p.inWorker ? 'PASS' : 'FAIL',
    value: p.inWorker ? 'cells run in a dedicated worker' : 'cells run on the page',
    ...(p.inWorker
      ? {}
      : { hint: 'Training on the page would freeze it: run the notebook in the app.' }),
  });
  const s = p.storage;
  checks.push(
    s
      ? {
          name: 'Storage quota',
          status: s.quota >= MIN_QUOTA ? 'PASS' : 'FAIL',
          value: `${mb(s.quota)} (${mb(s.usage)} used${s.persisted ? ', persistent' : ''}; >= ${mb(MIN_QUOTA)} needed)`,
          ...(s.quota >= MIN_QUOTA
            ? {}
            : {
                hint: 'Free disk space or leave private browsing: data sets and checkpoints are kept in IndexedDB.',
              }),
        }
      : {
          name: 'Storage quota',
          status: 'FAIL',
          value: 'no storage API',
          hint: 'This browser gives the worker no storage estimate; data sets cannot be kept.',
        },
  );
  return checks;
}

/** One line as the book's `test_stack.py` prints it: status, component, what was found. */
export function formatCheck(check: EnvCheck): string {
  const line = `[${check.status}] ${check.name}: ${check.value}`;
  return check.hint ? `${line}\n       ${check.hint}` : line;
}

async function flag(name: string): Promise<boolean | null> {
  try {
    return Boolean(await tf.env().getAsync(name));
  } catch {
    // The flag is registered by tfjs-backend-wasm; a build without it cannot say.
    return null;
  }
}

export async function probeEnvironment(): Promise<EnvProbe> {
  const backend = tf.getBackend() ?? '';
  const nav = globalThis.navigator as (Navigator & { storage?: StorageManager }) | undefined;
  let storage: EnvProbe['storage'] = null;
  if (nav?.storage?.estimate) {
    const estimate = await nav.storage.estimate();
    const persisted = nav.storage.persisted
      ? await nav.storage.persisted().catch(() => null)
      : null;
    storage = { quota: estimate.quota ?? 0, usage: estimate.usage ?? 0, persisted };
  }
  const workerScope = (globalThis as { WorkerGlobalScope?: abstract new () => unknown })
    .WorkerGlobalScope;
  return {
    tfjsVersion: tf.version.tfjs,
    backend,
    webgpu: await probeWebGpuAdapter(),
    wasmSimd: await flag('WASM_HAS_SIMD_SUPPORT'),
    wasmThreads: {
      // Not the WASM_HAS_MULTITHREAD_SUPPORT flag: the kernel turns it off on small machines to
      // load the single-threaded binary (wasm-threads.ts), though threads would work.
      supported: typeof SharedArrayBuffer === 'function',
      count: backend === 'wasm' ? getThreadsCount() : null,
    },
    wasmTrainingKernels:
      backend === 'wasm' ? simdKernels(tf.backend() as BackendWasm) !== undefined : null,
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    inWorker: workerScope !== undefined && globalThis instanceof workerScope,
    storage,
  };
}

/** The `env` global: `const checks = await env.check()` prints the PASS/FAIL lines and returns them. */
export const env = {
  async check(options: { print?: boolean } = {}): Promise<EnvCheck[]> {
    const checks = evaluateChecks(await probeEnvironment());
    if (options.print ?? true) {
      // biome-ignore lint/suspicious/noConsole: printing is what test_stack.py does
      console.log(checks.map(formatCheck).join('\n'));
    }
    return checks;
  },
  format: formatCheck,
};
