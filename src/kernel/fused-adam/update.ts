/** The hyperparameters of one Adam step, with the bias corrections of this step. */
export interface AdamStep {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** 1 − β1ᵗ */
  oneMinusAccBeta1: number;
  /** 1 − β2ᵗ */
  oneMinusAccBeta2: number;
}

export interface AdamBuffers {
  value: Float32Array;
  m: Float32Array;
  v: Float32Array;
  gradient: Float32Array;
}

/**
 * tfjs's AdamOptimizer.applyGradients, element by element: the same formula, in the same
 * order, but one pass instead of thirteen kernels. The outputs may alias the inputs.
 */
export function adamUpdate(
  inputs: AdamBuffers,
  outputs: Omit<AdamBuffers, 'gradient'>,
  s: AdamStep,
): void {
  const { value, m, v, gradient } = inputs;
  const { beta1, beta2, epsilon, learningRate, oneMinusAccBeta1, oneMinusAccBeta2 } = s;
  const c1 = 1 - beta1;
  const c2 = 1 - beta2;
  const outValue = outputs.value;
  const outM = outputs.m;
  const outV = outputs.v;
  for (let i = 0; i < value.length; i++) {
    const g = gradient[i] as number;
    const newM = (m[i] as number) * beta1 + g * c1;
    const newV = (v[i] as number) * beta2 + g * g * c2;
    outM[i] = newM;
    outV[i] = newV;
    outValue[i] =
      (newM / oneMinusAccBeta1 / (Math.sqrt(newV / oneMinusAccBeta2) + epsilon)) * -learningRate +
      (value[i] as number);
  }
}
