import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { BACKENDS, type BackendChoice, type BackendName, type BackendReport } from '@/protocol';
import { registerWasmGradKernels } from './wasm-grad/register';

// The deprecated single-path setter forces the slow non-SIMD binary; give all three.
setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
});
// tfjs-backend-wasm lacks Conv2DBackpropFilter (and runs some CNN gradients slowly): ours fill in.
registerWasmGradKernels();

/**
 * Must run before the WASM backend first initialises. tfjs-backend-wasm loads its threaded binary
 * whenever SharedArrayBuffer works (a cross-origin isolated page), with XNNPACK's default pool
 * size; only the WASM_HAS_MULTITHREAD_SUPPORT flag brings back the single-threaded SIMD binary.
 */
export function configureWasmThreads(threads: number | undefined): void {
  if (threads === undefined) return;
  if (threads === 1) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  else setThreadsCount(threads);
}

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

/**
 * Picks the backend: the user's choice first, else WebGPU → WASM → WebGL → CPU, keeping the
 * first on which training really works. Every skipped backend leaves a note saying why.
 */
export async function selectBackend(choice: BackendChoice): Promise<BackendReport> {
  const order: BackendName[] =
    choice === 'auto' ? [...BACKENDS] : [choice, ...BACKENDS.filter((b) => b !== choice)];
  const notes: string[] = [];
  for (const backend of order) {
    try {
      const ok = await tf.setBackend(backend);
      if (!ok) {
        notes.push(`${LABEL[backend]} is not available in this browser.`);
        continue;
      }
      await tf.ready();
      await verifyTraining();
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
      notes.push(
        `${LABEL[backend]} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  throw new Error(`No TensorFlow.js backend works in this browser. ${notes.join(' ')}`);
}
