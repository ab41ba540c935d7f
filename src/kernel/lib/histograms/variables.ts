import * as tf from '@tensorflow/tfjs';
import { UserFacingError } from '@/utils/errors';

/** A trainable weight with the layer it belongs to, named as TensorBoard names it. */
export interface NamedVariable {
  /** `layer/variable`, e.g. 'dense_1/kernel'. */
  name: string;
  layer: string;
  variable: tf.LayerVariable;
}

/** The model's trainable weights, in layer order, each under its layer's name. */
export function namedVariables(model: tf.LayersModel): NamedVariable[] {
  const out: NamedVariable[] = [];
  const seen = new Set<tf.LayerVariable>();
  for (const layer of model.layers) {
    for (const variable of layer.trainableWeights) {
      if (seen.has(variable)) continue;
      seen.add(variable);
      const short = variable.originalName.split('/').at(-1) ?? variable.originalName;
      out.push({ name: `${layer.name}/${short}`, layer: layer.name, variable });
    }
  }
  return out;
}

export class NotCompiledError extends UserFacingError {
  override name = 'NotCompiledError';
}

type LossFn = tf.LayersModel['lossFunctions'][number];

/**
 * The compiled per-output loss functions. A Sequential compiles the functional model it wraps
 * (a private `model` field) and keeps none itself, so they are read from there.
 */
function lossFunctionsOf(model: tf.LayersModel): LossFn[] | undefined {
  if (model.lossFunctions?.length) return model.lossFunctions;
  const inner = (model as unknown as { model?: unknown }).model;
  return inner instanceof tf.LayersModel ? inner.lossFunctions : undefined;
}

/**
 * The loss `fit` minimises, on one batch, as tfjs's training function builds it (each output's
 * loss, summed, averaged, plus the regularisers' penalties), but in inference mode: dropout off
 * and batch normalisation on its moving statistics, which a training-mode call would update.
 */
export function batchLoss(
  model: tf.LayersModel,
  x: tf.Tensor | tf.Tensor[],
  y: tf.Tensor | tf.Tensor[],
): () => tf.Scalar {
  const losses = lossFunctionsOf(model);
  if (!losses || losses.length === 0) {
    throw new NotCompiledError(
      `${model.name} has no loss: it was not compiled.`,
      "Call model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' }) first.",
    );
  }
  const targets = Array.isArray(y) ? y : [y];
  return () => {
    const out = model.apply(x, { training: false }) as tf.Tensor | tf.Tensor[];
    const outputs = Array.isArray(out) ? out : [out];
    let total: tf.Tensor | undefined;
    losses.forEach((fn, i) => {
      const target = targets[i];
      const output = outputs[i];
      if (!target || !output) return;
      const loss = fn(target, output);
      total = total ? tf.add(total, loss) : loss;
    });
    let scalar = tf.mean(total ?? tf.scalar(0)) as tf.Scalar;
    for (const penalty of model.calculateLosses()) scalar = tf.add(scalar, penalty);
    return scalar;
  };
}

/** A loop's own loss, `(yTrue, yPred) => loss`, for models `trainLoop` trains uncompiled. */
export type CustomLoss = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;

function customLoss(
  model: tf.LayersModel,
  x: tf.Tensor | tf.Tensor[],
  y: tf.Tensor | tf.Tensor[],
  fn: CustomLoss,
): () => tf.Scalar {
  return () => {
    const out = model.apply(x, { training: false }) as tf.Tensor | tf.Tensor[];
    const pred = Array.isArray(out) ? out[0] : out;
    const target = Array.isArray(y) ? y[0] : y;
    if (!pred || !target) throw new NotCompiledError('The model gave no output to take a loss of.');
    return tf.mean(fn(target, pred)) as tf.Scalar;
  };
}

/**
 * Each variable's gradient of `batchLoss` on (x, y), read back. The tensors are freed here;
 * only the numbers come back, so the caller holds nothing that can leak.
 */
export async function gradientValues(
  model: tf.LayersModel,
  variables: NamedVariable[],
  x: tf.Tensor | tf.Tensor[],
  y: tf.Tensor | tf.Tensor[],
  lossFn?: CustomLoss,
): Promise<Float32Array[]> {
  const loss = lossFn ? customLoss(model, x, y, lossFn) : batchLoss(model, x, y);
  const vars = variables.map((v) => v.variable.read() as tf.Variable);
  const grads = tf.tidy(() => {
    const { value, grads } = tf.variableGrads(loss, vars);
    value.dispose();
    return vars.map((v) => grads[v.name] ?? tf.zerosLike(v));
  });
  try {
    return await Promise.all(grads.map(async (g) => (await g.data()) as Float32Array));
  } finally {
    tf.dispose(grads);
  }
}

/** Each variable's values now, copied (the next training step overwrites the originals). */
export async function weightValues(variables: NamedVariable[]): Promise<Float32Array[]> {
  return Promise.all(
    variables.map(async (v) => Float32Array.from((await v.variable.read().data()) as Float32Array)),
  );
}

/** A weight's shape (always fully known, unlike a layer's symbolic one). */
export function shapeOf(v: NamedVariable): number[] {
  return v.variable.shape.map((d) => d ?? 0);
}
