import * as tf from '@tensorflow/tfjs';
import { UserFacingError } from '@/utils/errors';

type NamedTensor = { name: string; tensor: tf.Tensor };

interface Slot {
  originalName: string;
  variable: tf.Variable;
}

export interface NadamConfig {
  learningRate?: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /** Keras 2's `schedule_decay`: the momentum schedule μ_t = β1·(1 − ½·0.96^(t·scheduleDecay)). */
  scheduleDecay?: number;
}

/**
 * Keras's Nadam (Adam with Nesterov momentum, Dozat 2016), which tfjs lacks. The update is
 * Keras 2's (`keras/optimizers.py`, the books' Keras), step t from 1:
 *   μ_t = β1(1 − ½·0.96^(t·d)), μ_{t+1} likewise, Π_t = Π_{t−1}·μ_t
 *   m = β1·m + (1−β1)·g,  v = β2·v + (1−β2)·g²
 *   m̄ = (1−μ_t)·g/(1−Π_t) + μ_{t+1}·m/(1−Π_t·μ_{t+1})
 *   w ← w − lr·m̄ / (√(v/(1−β2^t)) + ε)
 * (Keras ≥ 2.11 and Keras 3 use the same rule with d = 1 and lr 0.001.) Its state is the step and
 * the m and v of each weight, saved like Adam's, so checkpoints keep it.
 */
export class Nadam extends tf.Optimizer {
  static get className(): string {
    return 'Nadam';
  }

  learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly scheduleDecay: number;
  private m: (Slot | undefined)[] = [];
  private v: (Slot | undefined)[] = [];
  /** Π of μ_1 … μ_t over the steps taken; a function of the step, so not saved. */
  private momentumProduct = 1;

  constructor(config: NadamConfig = {}) {
    super();
    this.learningRate = config.learningRate ?? 0.002;
    this.beta1 = config.beta1 ?? 0.9;
    this.beta2 = config.beta2 ?? 0.999;
    this.epsilon = config.epsilon ?? 1e-7;
    this.scheduleDecay = config.scheduleDecay ?? 0.004;
    const bad = Object.entries({
      learningRate: this.learningRate,
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
      scheduleDecay: this.scheduleDecay,
    }).find(([key, value]) =>
      key.startsWith('beta') ? !(value >= 0 && value < 1) : !(Number.isFinite(value) && value >= 0),
    );
    if (bad) {
      throw new UserFacingError(
        `Nadam's ${bad[0]} cannot be ${bad[1]}.`,
        'learningRate, epsilon and scheduleDecay are numbers ≥ 0; beta1 and beta2 lie in [0, 1).',
      );
    }
  }

  private mu(step: number): number {
    return this.beta1 * (1 - 0.5 * 0.96 ** (step * this.scheduleDecay));
  }

  override applyGradients(gradients: tf.NamedTensorMap | NamedTensor[]): void {
    const named: [string, tf.Tensor | undefined][] = Array.isArray(gradients)
      ? gradients.map((g) => [g.name, g.tensor])
      : Object.entries(gradients);
    const t = this.iterations + 1;
    const muT = this.mu(t);
    const muNext = this.mu(t + 1);
    const product = this.momentumProduct * muT;
    const productNext = product * muNext;
    const b1 = this.beta1;
    const b2 = this.beta2;
    const engine = tf.engine();
    tf.tidy(() => {
      named.forEach(([name, gradient], i) => {
        const value = engine.registeredVariables[name];
        if (value === undefined) return;
        const m = this.slot(this.m, i, `${name}/m`, value);
        const v = this.slot(this.v, i, `${name}/v`, value);
        if (gradient == null) return;
        const newM = tf.add(tf.mul(m, b1), tf.mul(gradient, 1 - b1));
        const newV = tf.add(tf.mul(v, b2), tf.mul(tf.square(gradient), 1 - b2));
        const mBar = tf.add(
          tf.mul(gradient, (1 - muT) / (1 - product)),
          tf.mul(newM, muNext / (1 - productNext)),
        );
        const vHat = tf.div(newV, 1 - b2 ** t);
        const step = tf.div(tf.mul(mBar, this.learningRate), tf.add(tf.sqrt(vHat), this.epsilon));
        m.assign(newM);
        v.assign(newV);
        value.assign(tf.sub(value, step));
      });
    });
    this.momentumProduct = product;
    this.incrementIterations();
  }

  private slot(slots: (Slot | undefined)[], i: number, name: string, like: tf.Variable) {
    const slot = slots[i] ?? {
      originalName: name,
      variable: tf.tidy(() => tf.zerosLike(like).variable(false)),
    };
    slots[i] = slot;
    return slot.variable;
  }

  override dispose(): void {
    super.dispose();
    tf.dispose([...this.m, ...this.v].flatMap((s) => (s ? [s.variable] : [])));
  }

  // Adam's layout: the step, then every m, then every v.
  override async getWeights(): Promise<NamedTensor[]> {
    const slots = [...this.m, ...this.v].filter((s): s is Slot => s !== undefined);
    return [
      await this.saveIterations(),
      ...slots.map((s) => ({ name: s.originalName, tensor: s.variable })),
    ];
  }

  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const rest = await this.extractIterations(weightValues);
    this.momentumProduct = 1;
    for (let step = 1; step <= this.iterations; step++) this.momentumProduct *= this.mu(step);
    const half = rest.length / 2;
    const toSlot = (w: NamedTensor): Slot => ({
      originalName: w.name,
      variable: w.tensor.variable(false),
    });
    tf.dispose([...this.m, ...this.v].flatMap((s) => (s ? [s.variable] : [])));
    this.m = rest.slice(0, half).map(toSlot);
    this.v = rest.slice(half).map(toSlot);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      learningRate: this.learningRate,
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
      scheduleDecay: this.scheduleDecay,
    };
  }

  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    const number = (key: string) => (typeof config[key] === 'number' ? config[key] : undefined);
    const options: NadamConfig = {};
    for (const key of ['learningRate', 'beta1', 'beta2', 'epsilon', 'scheduleDecay'] as const) {
      const value = number(key);
      if (value !== undefined) options[key] = value;
    }
    return new cls(options as tf.serialization.ConfigDict);
  }
}

// So `compile` configs and checkpoints naming "Nadam" rebuild it (tf.loadLayersModel too).
tf.serialization.registerClass(Nadam);

/** `tf.train.adam`'s shape for Nadam: `nadam(0.002)`, `nadam(lr, beta1, beta2, epsilon)`. */
export function nadam(
  learningRate = 0.002,
  beta1 = 0.9,
  beta2 = 0.999,
  epsilon = 1e-7,
  scheduleDecay = 0.004,
): Nadam {
  return new Nadam({ learningRate, beta1, beta2, epsilon, scheduleDecay });
}
