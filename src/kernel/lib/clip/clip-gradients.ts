import * as tf from '@tensorflow/tfjs';
import { UserFacingError } from '@/utils/errors';

/** Keras's optimizer arguments, spelled as Keras spells them. */
export interface ClipOptions {
  /** Each gradient entry is clipped to [−clipvalue, clipvalue]. */
  clipvalue?: number;
  /** All gradients are scaled by clipnorm / max(‖g‖, clipnorm), ‖g‖ the global norm. */
  clipnorm?: number;
}

export class ClipOptionsError extends UserFacingError {
  override name = 'ClipOptionsError';
}

/** The options checked; undefined when no clipping was asked for. */
export function clipOptions(options: ClipOptions): ClipOptions | undefined {
  const out: ClipOptions = {};
  for (const key of ['clipvalue', 'clipnorm'] as const) {
    const value = options[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new ClipOptionsError(
        `${key} must be a number > 0; got ${String(value)}.`,
        `For example ${key}: ${key === 'clipvalue' ? '0.5' : '1.0'}, as in the Finance book's SGD(lr=0.01, ${key}=…).`,
      );
    }
    out[key] = value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** √(Σ over every gradient of Σ g²): the norm Keras 2 clips by (tfjs has no clipByGlobalNorm). */
export function globalNorm(gradients: tf.Tensor[]): tf.Scalar {
  return tf.tidy(() =>
    gradients.length === 0
      ? tf.scalar(0)
      : (tf.sqrt(tf.addN(gradients.map((g) => tf.sum(tf.square(g))))) as tf.Scalar),
  );
}

/**
 * Keras 2's clipping, in its order: first the global norm (`clipnorm`), then each value
 * (`clipvalue`). Returns new tensors; the caller disposes them (or runs this in a tidy).
 */
export function clipGradients<T extends tf.NamedTensorMap | tf.Tensor[]>(
  gradients: T,
  options: ClipOptions,
): T {
  const checked = clipOptions(options) ?? {};
  return tf.tidy(() => {
    const tensors: tf.Tensor[] = Array.isArray(gradients) ? gradients : Object.values(gradients);
    let clipped = tensors;
    if (checked.clipnorm !== undefined) {
      const c = checked.clipnorm;
      const scale = tf.div(c, tf.maximum(globalNorm(tensors), c));
      clipped = clipped.map((g) => tf.mul(g, scale));
    }
    if (checked.clipvalue !== undefined) {
      const c = checked.clipvalue;
      clipped = clipped.map((g) => tf.clipByValue(g, -c, c));
    }
    if (Array.isArray(gradients)) return clipped as T;
    const keys = Object.keys(gradients);
    return Object.fromEntries(keys.map((k, i) => [k, clipped[i] as tf.Tensor])) as T;
  });
}
