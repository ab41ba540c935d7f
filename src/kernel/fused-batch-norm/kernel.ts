import * as tf from '@tensorflow/tfjs';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { simdKernels } from '../wasm-simd/instance';
import { batchNormBackward, batchNormForward } from './math';
import { batchNormBackwardSimd, batchNormForwardSimd } from './simd';

/** Our kernels' names; tfjs has no training-mode batch norm kernel (it composes moments). */
export const BATCH_NORM_TRAIN = 'NotebookBatchNormTrain';
export const BATCH_NORM_TRAIN_GRAD = 'NotebookBatchNormTrainGrad';

type KernelArgs = Parameters<tf.KernelFunc>[0];

interface Attrs {
  epsilon: number;
}

/** Reads a tensor's float32 values where they live, without a copy. */
type Reader = (info: tf.TensorInfo) => Float32Array;
/** Makes an output of that shape and returns it with a writable view of its values. */
type Maker = (shape: number[]) => tf.TensorInfo;

interface Memory {
  read: Reader;
  make: Maker;
  /** A view of an output made by `make`; taken only after every output is made. */
  view: Reader;
}

function wasmMemory(backend: BackendWasm): Memory {
  const read: Reader = (info) => backend.typedArrayFromHeap(info) as Float32Array;
  return { read, view: read, make: (shape) => backend.makeOutput(shape, 'float32') };
}

function cpuMemory(backend: MathBackendCPU): Memory {
  const read: Reader = (info) => backend.data.get(info.dataId).values as Float32Array;
  return {
    read,
    view: read,
    make: (shape) =>
      backend.makeTensorInfo(shape, 'float32', new Float32Array(tf.util.sizeFromShape(shape))),
  };
}

function channelsOf(x: tf.TensorInfo): number[] {
  return [x.shape[x.shape.length - 1] ?? 1];
}

function forward(args: KernelArgs, memory: Memory): tf.TensorInfo[] {
  const { x, gamma, beta } = args.inputs as Record<'x' | 'gamma' | 'beta', tf.TensorInfo>;
  const { epsilon } = args.attrs as unknown as Attrs;
  // Every output before any view: on WASM a malloc may grow the heap and detach older views.
  const outs = [memory.make(x.shape), memory.make(channelsOf(x)), memory.make(channelsOf(x))];
  const [y, mean, variance] = outs as [tf.TensorInfo, tf.TensorInfo, tf.TensorInfo];
  batchNormForward(memory.read(x), memory.read(gamma), memory.read(beta), epsilon, {
    y: memory.view(y),
    mean: memory.view(mean),
    variance: memory.view(variance),
  });
  return outs;
}

type GradInput = 'dy' | 'x' | 'gamma' | 'mean' | 'variance' | 'dmean' | 'dvariance';

function backward(args: KernelArgs, memory: Memory): tf.TensorInfo[] {
  const inputs = args.inputs as Record<GradInput, tf.TensorInfo>;
  const { epsilon } = args.attrs as unknown as Attrs;
  const outs = [
    memory.make(inputs.x.shape),
    memory.make(channelsOf(inputs.x)),
    memory.make(channelsOf(inputs.x)),
  ];
  const [dx, dgamma, dbeta] = outs as [tf.TensorInfo, tf.TensorInfo, tf.TensorInfo];
  batchNormBackward(
    {
      dy: memory.read(inputs.dy),
      x: memory.read(inputs.x),
      gamma: memory.read(inputs.gamma),
      mean: memory.read(inputs.mean),
      variance: memory.read(inputs.variance),
      dmean: memory.read(inputs.dmean),
      dvariance: memory.read(inputs.dvariance),
    },
    epsilon,
    { dx: memory.view(dx), dgamma: memory.view(dgamma), dbeta: memory.view(dbeta) },
  );
  return outs;
}

/** On WASM our SIMD passes where they load (see simd.ts); the JavaScript ones otherwise. */
function forwardOnWasm(args: KernelArgs): tf.TensorInfo[] {
  const backend = args.backend as BackendWasm;
  const simd = simdKernels(backend);
  if (simd === undefined) return forward(args, wasmMemory(backend));
  const { x, gamma, beta } = args.inputs as Record<'x' | 'gamma' | 'beta', tf.TensorInfo>;
  const { epsilon } = args.attrs as unknown as Attrs;
  const outs = [
    backend.makeOutput(x.shape, 'float32'),
    backend.makeOutput(channelsOf(x), 'float32'),
    backend.makeOutput(channelsOf(x), 'float32'),
  ];
  const [y, mean, variance] = outs as [tf.TensorInfo, tf.TensorInfo, tf.TensorInfo];
  batchNormForwardSimd(backend, simd, { x, gamma, beta }, epsilon, { y, mean, variance });
  return outs;
}

function backwardOnWasm(args: KernelArgs): tf.TensorInfo[] {
  const backend = args.backend as BackendWasm;
  const simd = simdKernels(backend);
  if (simd === undefined) return backward(args, wasmMemory(backend));
  const inputs = args.inputs as Record<GradInput, tf.TensorInfo>;
  const { epsilon } = args.attrs as unknown as Attrs;
  const outs = [
    backend.makeOutput(inputs.x.shape, 'float32'),
    backend.makeOutput(channelsOf(inputs.x), 'float32'),
    backend.makeOutput(channelsOf(inputs.x), 'float32'),
  ];
  const [dx, dgamma, dbeta] = outs as [tf.TensorInfo, tf.TensorInfo, tf.TensorInfo];
  batchNormBackwardSimd(backend, simd, inputs, epsilon, { dx, dgamma, dbeta });
  return outs;
}
const onCpu =
  (f: (args: KernelArgs, memory: Memory) => tf.TensorInfo[]): tf.KernelFunc =>
  (args) =>
    f(args, cpuMemory(args.backend as MathBackendCPU));

/**
 * Registered only where tensors live in memory JavaScript reads without a copy (as fused Adam).
 * On WebGL and WebGPU the layer keeps tfjs's own ops, which run on the GPU.
 */
export const batchNormTrainConfigs: readonly tf.KernelConfig[] = [
  { kernelName: BATCH_NORM_TRAIN, backendName: 'wasm', kernelFunc: forwardOnWasm },
  { kernelName: BATCH_NORM_TRAIN, backendName: 'cpu', kernelFunc: onCpu(forward) },
  { kernelName: BATCH_NORM_TRAIN_GRAD, backendName: 'wasm', kernelFunc: backwardOnWasm },
  { kernelName: BATCH_NORM_TRAIN_GRAD, backendName: 'cpu', kernelFunc: onCpu(backward) },
];

/**
 * dx, dγ and dβ from one kernel. The tape hands over one dy per output: the mean's and the
 * variance's are zeros unless something downstream used them (the moving averages do not).
 */
export const batchNormTrainGradConfig: tf.GradConfig = {
  kernelName: BATCH_NORM_TRAIN,
  inputsToSave: ['x', 'gamma'],
  outputsToSave: [false, true, true],
  gradFunc: (dys, saved, attrs) => {
    const [dy, dmean, dvariance] = dys as tf.Tensor[];
    const [x, gamma, mean, variance] = saved;
    // Computed here, not in the closures: each closure runs in its own tidy, which would
    // dispose the other two gradients of a shared call.
    const [dx, dgamma, dbeta] = tf
      .engine()
      .runKernel(
        BATCH_NORM_TRAIN_GRAD,
        { dy, x, gamma, mean, variance, dmean, dvariance } as tf.NamedTensorMap,
        attrs as tf.NamedAttrMap,
      ) as tf.Tensor[];
    if (dx === undefined || dgamma === undefined || dbeta === undefined) {
      throw new Error(`${BATCH_NORM_TRAIN_GRAD} returned fewer than three tensors`);
    }
    return { x: () => dx, gamma: () => dgamma, beta: () => dbeta };
  },
};

/**
 * Training-mode batch norm over all axes but the last: [y, batch mean, batch variance], with
 * our gradient. Needs the kernel on the active backend (see `batchNormTrainConfigs`).
 */
export function batchNormTrain(
  x: tf.Tensor,
  gamma: tf.Tensor1D,
  beta: tf.Tensor1D,
  epsilon: number,
): [tf.Tensor, tf.Tensor1D, tf.Tensor1D] {
  const [y, mean, variance] = tf
    .engine()
    .runKernel(BATCH_NORM_TRAIN, { x, gamma, beta }, { epsilon }) as tf.Tensor[];
  if (y === undefined || mean === undefined || variance === undefined) {
    throw new Error(`${BATCH_NORM_TRAIN} returned fewer than three tensors`);
  }
  return [y, mean as tf.Tensor1D, variance as tf.Tensor1D];
}
