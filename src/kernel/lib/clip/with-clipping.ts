import * as tf from '@tensorflow/tfjs';
import { type ClipOptions, clipGradients, clipOptions } from './clip-gradients';

type ApplyGradients = tf.Optimizer['applyGradients'];
type Gradients = Parameters<ApplyGradients>[0];

function clipped(gradients: Gradients, options: ClipOptions): Gradients {
  if (!Array.isArray(gradients)) return clipGradients(gradients, options);
  const tensors = clipGradients(
    gradients.map((g) => g.tensor),
    options,
  );
  return gradients.map((g, i) => ({ name: g.name, tensor: tensors[i] as tf.Tensor }));
}

/**
 * Runs `body` with the optimizer's gradients clipped as Keras 2 clips them. tfjs's model.fit
 * has no gradient hook, but every step ends in `optimizer.applyGradients` (through minimize),
 * so that is wrapped on this one optimizer for the duration: the loss the gradients come from
 * is tfjs's own (regulariser penalties, dropout in training mode), and whatever update sits
 * behind (the fused Adam's prototype method, a caller's own wrapper) gets the clipped values.
 */
export async function withGradientClipping<T>(
  optimizer: tf.Optimizer | undefined,
  options: ClipOptions,
  body: () => Promise<T>,
): Promise<T> {
  const checked = clipOptions(options);
  if (checked === undefined || optimizer == null) return body();
  const target = optimizer as { applyGradients: ApplyGradients };
  const ownBefore = Object.hasOwn(target, 'applyGradients') ? target.applyGradients : undefined;
  const inner = target.applyGradients;
  target.applyGradients = (gradients: Gradients) => {
    tf.tidy(() => inner.call(optimizer, clipped(gradients, checked)));
  };
  try {
    return await body();
  } finally {
    if (ownBefore) target.applyGradients = ownBefore;
    else delete (target as Partial<typeof target>).applyGradients;
  }
}
