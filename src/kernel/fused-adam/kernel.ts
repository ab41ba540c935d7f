import type * as tf from '@tensorflow/tfjs';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { type AdamStep, adamUpdate } from './update';

/** Our kernel's name; tfjs has no Adam kernel of its own. */
export const FUSED_ADAM = 'NotebookFusedAdam';

interface FusedAdamInputs extends tf.NamedTensorInfoMap {
  value: tf.TensorInfo;
  m: tf.TensorInfo;
  v: tf.TensorInfo;
  gradient: tf.TensorInfo;
}

type KernelArgs = Parameters<tf.KernelFunc>[0];

function parts(args: KernelArgs): { inputs: FusedAdamInputs; step: AdamStep } {
  return {
    inputs: args.inputs as FusedAdamInputs,
    step: args.attrs as unknown as AdamStep,
  };
}

const wasmKernel: tf.KernelFunc = (args) => {
  const { inputs, step } = parts(args);
  const backend = args.backend as BackendWasm;
  const { shape } = inputs.value;
  // Allocate every output before taking any view: a malloc may grow the heap and detach views.
  const out = [
    backend.makeOutput(shape, 'float32'),
    backend.makeOutput(shape, 'float32'),
    backend.makeOutput(shape, 'float32'),
  ] as const;
  const view = (info: tf.TensorInfo) => backend.typedArrayFromHeap(info) as Float32Array;
  adamUpdate(
    {
      value: view(inputs.value),
      m: view(inputs.m),
      v: view(inputs.v),
      gradient: view(inputs.gradient),
    },
    { value: view(out[0]), m: view(out[1]), v: view(out[2]) },
    step,
  );
  return [...out];
};

const cpuKernel: tf.KernelFunc = (args) => {
  const { inputs, step } = parts(args);
  const backend = args.backend as MathBackendCPU;
  const read = (info: tf.TensorInfo) => backend.data.get(info.dataId).values as Float32Array;
  const n = read(inputs.value).length;
  const out = { value: new Float32Array(n), m: new Float32Array(n), v: new Float32Array(n) };
  adamUpdate(
    {
      value: read(inputs.value),
      m: read(inputs.m),
      v: read(inputs.v),
      gradient: read(inputs.gradient),
    },
    out,
    step,
  );
  const { shape } = inputs.value;
  return [
    backend.makeTensorInfo(shape, 'float32', out.value),
    backend.makeTensorInfo(shape, 'float32', out.m),
    backend.makeTensorInfo(shape, 'float32', out.v),
  ];
};

/**
 * Registered only where the tensors live in memory JavaScript can read without a copy. On
 * WebGL and WebGPU the thirteen small kernels run on the GPU and tfjs's own Adam stays.
 */
export const fusedAdamConfigs: readonly tf.KernelConfig[] = [
  { kernelName: FUSED_ADAM, backendName: 'wasm', kernelFunc: wasmKernel },
  { kernelName: FUSED_ADAM, backendName: 'cpu', kernelFunc: cpuKernel },
];
