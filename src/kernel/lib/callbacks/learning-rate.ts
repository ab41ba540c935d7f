import type * as tf from '@tensorflow/tfjs';
import { UserFacingError } from '@/utils/errors';

/**
 * tfjs keeps the rate in a `learningRate` field that its declarations mark protected. Adam,
 * RMSprop, Adamax, Adagrad and Adadelta read the field on every step (so does the fused Adam);
 * SGD and Momentum also cache `-learningRate` in a scalar `c`, which only `setLearningRate`
 * renews, so a plain assignment would leave them stepping at the old rate.
 */
interface RateFields {
  learningRate?: unknown;
  setLearningRate?: (rate: number) => void;
}

export class LearningRateError extends UserFacingError {
  override name = 'LearningRateError';
}

/** The rate the optimizer will use on its next step. */
export function getLearningRate(optimizer: tf.Optimizer): number {
  const rate = (optimizer as unknown as RateFields).learningRate;
  if (typeof rate !== 'number') {
    throw new LearningRateError(
      `The ${optimizer.getClassName()} optimizer has no learning rate to read or change.`,
      'Use one of tf.train.sgd, momentum, adam, adamax, rmsprop, adagrad, adadelta, or nadam().',
    );
  }
  return rate;
}

/** Sets the rate so that the very next step uses it, whatever the optimizer caches. */
export function setLearningRate(optimizer: tf.Optimizer, rate: number): void {
  if (!Number.isFinite(rate) || rate < 0) {
    throw new LearningRateError(
      `A learning rate must be a finite number ≥ 0; got ${String(rate)}.`,
      'Check the schedule function: it should return a number such as 0.001 for every epoch.',
    );
  }
  getLearningRate(optimizer);
  const fields = optimizer as unknown as RateFields;
  if (typeof fields.setLearningRate === 'function') fields.setLearningRate(rate);
  else fields.learningRate = rate;
}
