import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { BACKENDS, type BackendChoice, type BackendName, type BackendReport } from '@/protocol';
import { installFusedAdam } from './fused-adam/install';
import { installFusedBatchNorm } from './fused-batch-norm/install';
import { indexedDbVerifiedBackends, type VerifiedBackends } from './verified-backends';
import { registerWasmGradKernels } from './wasm-grad/register';
import { wasmVariant, withWasmThreadCap } from './wasm-threads';
import { probeWebGpuAdapter, type WebGpuAdapterSummary } from './webgpu-adapter';

// The deprecated single-path setter forces the slow non-SIMD binary; give all three.
setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
});
// tfjs-backend-wasm lacks Conv2DBackpropFilter (and runs some CNN gradients slowly): ours fill in.
registerWasmGradKernels();
// A small network's Adam step on WASM and CPU is mostly per-kernel overhead: one kernel, not 13.
installFusedAdam();
// BatchNorm in training: one kernel forward and one backward on WASM and CPU, not ~35.
installFusedBatchNorm();

const LABEL: Record<BackendName, string> = {
  webgpu: 'WebGPU',
  wasm: 'WASM',
  webgl: 'WebGL',
  cpu: 'CPU',
};

/** Kernels the book models need for training that some backends lack. */
const TRAINING_KERNELS = ['Conv2DBackpropFilter', 'Conv2DBackpropInput', 'MaxPoolGrad'] as const;

/**
 * Fits a linear regression from zero weights for a few full-batch steps and checks the loss is
 * finite and falls. The problem is convex and the step small, so on a correct backend the loss
 * always falls; a backend that initialises but computes garbage (broken GPU drivers) fails.
 */
async function verifyTraining(): Promise<void> {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({
        inputShape: [4],
        units: 1,
        kernelInitializer: 'zeros',
        biasInitializer: 'zeros',
      }),
    ],
  });
  const optimizer = tf.train.sgd(0.05);
  model.compile({ optimizer, loss: 'meanSquaredError' });
  const x = tf.tensor2d([
    [1, 0, 0.5, 0],
    [0, 1, 0, 0.5],
    [0.5, 0.5, 1, 0],
    [0, 0, 0.5, 1],
  ]);
  const y = tf.tensor2d([[1], [0], [1], [0.5]]);
  try {
    const history = await model.fit(x, y, { epochs: 3, batchSize: 4, verbose: 0, shuffle: false });
    const losses = (history.history.loss ?? []).map(Number);
    const [first, last] = [losses[0], losses[losses.length - 1]];
    if (first === undefined || last === undefined || !Number.isFinite(last) || !(last < first)) {
      throw new Error(`a test training run did not converge (loss ${losses.join(' → ')})`);
    }
  } finally {
    model.dispose();
    optimizer.dispose();
    x.dispose();
    y.dispose();
  }
}

function missingTrainingKernels(backend: BackendName): string[] {
  return TRAINING_KERNELS.filter((kernel) => tf.getKernel(kernel, backend) === undefined);
}

/** What backend selection reads from the browser; tests pass fakes. */
export interface BackendDeps {
  verified: VerifiedBackends;
  verify: () => Promise<void>;
  probeWebGpu: () => Promise<WebGpuAdapterSummary | null>;
}

const defaultDeps: BackendDeps = {
  verified: indexedDbVerifiedBackends(),
  verify: verifyTraining,
  probeWebGpu: probeWebGpuAdapter,
};

async function startBackend(backend: BackendName): Promise<boolean> {
  // A large module that most starts never touch ('auto' passes over a software adapter).
  if (backend === 'webgpu') await import('@tensorflow/tfjs-backend-webgpu');
  return backend === 'wasm'
    ? withWasmThreadCap(() => tf.setBackend(backend))
    : tf.setBackend(backend);
}

/**
 * The order to try: the user's choice first; for 'auto', WebGPU → WASM → WebGL → CPU, except
 * that a software WebGPU adapter (SwiftShader on a machine without a GPU) goes after WASM,
 * which trains our models faster (docs/BENCHMARKS.md) and starts seconds sooner.
 */
function backendOrder(
  choice: BackendChoice,
  adapter: WebGpuAdapterSummary | null,
  notes: string[],
): BackendName[] {
  if (choice !== 'auto') return [choice, ...BACKENDS.filter((b) => b !== choice)];
  if (adapter === null) {
    notes.push(`${LABEL.webgpu} is not available in this browser.`);
    return BACKENDS.filter((b) => b !== 'webgpu');
  }
  if (!adapter.software) return [...BACKENDS];
  notes.push(
    `${LABEL.webgpu} here is a software renderer (${adapter.description}), slower than ${LABEL.wasm}; pick ${LABEL.webgpu} in the toolbar to use it anyway.`,
  );
  return ['wasm', 'webgpu', 'webgl', 'cpu'];
}

function verificationKey(backend: BackendName, adapter: WebGpuAdapterSummary | null): string {
  const variant =
    backend === 'wasm' ? wasmVariant() : backend === 'webgpu' ? (adapter?.description ?? '') : '';
  return [backend, variant, `tfjs ${tf.version_core}`, globalThis.navigator?.userAgent ?? ''].join(
    ' | ',
  );
}

/** The key of the backend in use, forgotten when it later fails so the next start checks it. */
let activeKey: string | null = null;

/** After a fatal error (lost device, out of memory): the next start verifies the backend again. */
export async function forgetActiveBackend(deps: BackendDeps = defaultDeps): Promise<void> {
  if (activeKey !== null) await deps.verified.forget(activeKey);
}

/**
 * Picks the backend: the user's choice first, else WebGPU → WASM → WebGL → CPU, keeping the
 * first on which training really works. Every skipped backend leaves a note saying why. A
 * backend verified on an earlier start in this browser is trusted without training again.
 */
export async function selectBackend(
  choice: BackendChoice,
  deps: BackendDeps = defaultDeps,
): Promise<BackendReport> {
  const notes: string[] = [];
  // Read while the backend starts: both wait on other threads, neither on the other.
  const known = deps.verified.load();
  const adapter = choice === 'auto' || choice === 'webgpu' ? await deps.probeWebGpu() : null;
  const order = backendOrder(choice, adapter, notes);
  // A remembered backend that fails now is checked again at the next start.
  const drop = async (key: string) => {
    if ((await known).has(key)) await deps.verified.forget(key);
  };
  for (const backend of order) {
    const key = verificationKey(backend, adapter);
    try {
      const ok = await startBackend(backend);
      if (!ok) {
        await drop(key);
        notes.push(`${LABEL[backend]} is not available in this browser.`);
        continue;
      }
      await tf.ready();
      if (!(await known).has(key)) {
        await deps.verify();
        void deps.verified.remember(key);
      }
      activeKey = key;
      const missing = missingTrainingKernels(backend);
      if (missing.length > 0) {
        notes.push(
          `${LABEL[backend]} cannot train convolution layers (missing ${missing.join(', ')}); pick another backend for notebooks with CNNs.`,
        );
      }
      if (choice !== 'auto' && backend !== choice) {
        notes.unshift(`You chose ${LABEL[choice]}, but it failed; using ${LABEL[backend]}.`);
      }
      const report: BackendReport = {
        active: backend,
        notes,
        crossOriginIsolated: globalThis.crossOriginIsolated === true,
      };
      if (backend === 'wasm') report.wasmThreads = getThreadsCount();
      return report;
    } catch (error) {
      await drop(key);
      notes.push(
        `${LABEL[backend]} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  throw new Error(`No TensorFlow.js backend works in this browser. ${notes.join(' ')}`);
}
