import * as tf from '@tensorflow/tfjs';
import { FUSED_ADAM, fusedAdamConfigs } from './kernel';
import type { AdamStep } from './update';

interface MomentSlot {
  originalName: string;
  variable: tf.Variable;
}

/** The fields of tfjs's AdamOptimizer that its declaration keeps private. */
interface AdamInternals {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: (MomentSlot | undefined)[];
  accumulatedSecondMoment: (MomentSlot | undefined)[];
  incrementIterations(): void;
}

type ApplyGradients = tf.AdamOptimizer['applyGradients'];
type Gradients = Parameters<ApplyGradients>[0];

const patched = new WeakSet<ApplyGradients>();

function moment(slots: (MomentSlot | undefined)[], i: number, name: string, value: tf.Variable) {
  const slot = slots[i] ?? {
    originalName: name,
    variable: tf.tidy(() => tf.zerosLike(value).variable(false)),
  };
  slots[i] = slot;
  return slot.variable;
}

/** tfjs passes gradients as a map or as named tensors; both as `[variable name, gradient]`. */
function namedGradients(gradients: Gradients): [string, tf.Tensor | undefined][] {
  return Array.isArray(gradients)
    ? gradients.map((g) => [g.name, g.tensor])
    : Object.entries(gradients);
}

/**
 * The same update as tfjs's, with one kernel per variable in place of thirteen. A small
 * network's training step on WASM is mostly per-kernel overhead, and Adam was 40 % of its
 * kernels (Activity 3.02's MLP: 130 of 352). Moments and the β powers are the same variables,
 * so checkpoints, `getWeights` and `setWeights` see no difference.
 */
function fusedApplyGradients(this: AdamInternals, named: [string, tf.Tensor | undefined][]): void {
  const accBeta1 = this.accBeta1.dataSync()[0] ?? Number.NaN;
  const accBeta2 = this.accBeta2.dataSync()[0] ?? Number.NaN;
  const step: AdamStep = {
    learningRate: this.learningRate,
    beta1: this.beta1,
    beta2: this.beta2,
    epsilon: this.epsilon,
    // tfjs computes these in float32; so do we, so both optimisers take the same step.
    oneMinusAccBeta1: Math.fround(1 - accBeta1),
    oneMinusAccBeta2: Math.fround(1 - accBeta2),
  };
  const engine = tf.engine();
  tf.tidy(() => {
    named.forEach(([name, gradient], i) => {
      const value = engine.registeredVariables[name];
      if (value === undefined) return;
      const m = moment(this.accumulatedFirstMoment, i, `${name}/m`, value);
      const v = moment(this.accumulatedSecondMoment, i, `${name}/v`, value);
      if (gradient == null) return;
      const inputs: tf.NamedTensorMap = { value, m, v, gradient };
      const [newValue, newM, newV] = engine.runKernel(
        FUSED_ADAM,
        inputs,
        step as unknown as tf.NamedAttrMap,
      ) as tf.Tensor[];
      if (newValue === undefined || newM === undefined || newV === undefined) {
        throw new Error(`${FUSED_ADAM} returned fewer than three tensors`);
      }
      m.assign(newM);
      v.assign(newV);
      value.assign(newValue);
    });
    this.accBeta1.assign(tf.mul(this.accBeta1, this.beta1));
    this.accBeta2.assign(tf.mul(this.accBeta2, this.beta2));
  });
  this.incrementIterations();
}

function allFloat32(named: [string, tf.Tensor | undefined][]): boolean {
  const variables = tf.engine().registeredVariables;
  return named.every(
    ([name, gradient]) =>
      (gradient == null || gradient.dtype === 'float32') &&
      (variables[name]?.dtype ?? 'float32') === 'float32',
  );
}

/**
 * Makes every tfjs Adam (`tf.train.adam`, `compile({ optimizer: 'adam' })`, a model loaded
 * with its optimizer) take its step with one fused kernel on WASM and CPU. Other backends, and
 * a backend without the kernel, keep tfjs's own update. Idempotent.
 */
export function installFusedAdam(): void {
  for (const config of fusedAdamConfigs) {
    if (tf.getKernel(config.kernelName, config.backendName) === undefined)
      tf.registerKernel(config);
  }
  const proto = tf.AdamOptimizer.prototype;
  const original = proto.applyGradients;
  if (patched.has(original)) return;
  const applyGradients: ApplyGradients = function (this: tf.AdamOptimizer, gradients) {
    const named = namedGradients(gradients);
    if (tf.getKernel(FUSED_ADAM, tf.getBackend()) === undefined || !allFloat32(named)) {
      original.call(this, gradients);
      return;
    }
    fusedApplyGradients.call(this as unknown as AdamInternals, named);
  };
  patched.add(applyGradients);
  proto.applyGradients = applyGradients;
}
