import * as tf from '@tensorflow/tfjs';
import type { Mutation } from '@/protocol';

/**
 * The runner's mutation check (`npm run notebook -- run … --mutate <kind>`): the kernel breaks
 * the model on purpose, without touching a cell, and a notebook whose bands still pass has bands
 * that cannot tell a broken model from a working one. Everything here is inert unless the
 * kernel's init message names a mutation.
 *
 * - `zero-features`, `shuffle-labels`: at the data layer (`data.toTensor`, `data.toTensors`), so
 *   they hit what a notebook loads, never a tensor a cell makes itself.
 * - `no-training`, `lr/20`: at the optimizer layer (`Optimizer.prototype.minimize`, which both
 *   `fit` (through tfjs-layers) and `trainLoop` cells call), so every optimizer is hit alike.
 */

let active: Mutation | null = null;

export function currentMutation(): Mutation | null {
  return active;
}

/** Which tensors a data-layer mutation applies to. */
export type TensorRole = 'features' | 'target';

/**
 * `data.toTensor(table, columns)` does not say what the tensor is for. A one-column tensor is
 * taken as a target (the books' targets are one column: `Appliances`, the year), a wider one
 * as features; `data.toTensors` says which is which.
 */
export function roleOfColumns(columnCount: number): TensorRole {
  return columnCount === 1 ? 'target' : 'features';
}

/** A repeatable permutation of 0…n−1 (Fisher–Yates on a 32-bit LCG), the same in every run. */
export function seededPermutation(n: number, seed = 12345): Int32Array {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  let state = seed >>> 0;
  for (let i = n - 1; i > 0; i--) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const j = state % (i + 1);
    const t = order[i] ?? 0;
    order[i] = order[j] ?? 0;
    order[j] = t;
  }
  return order;
}

/**
 * Applies the active data-layer mutation to a tensor `data` just built; returns it unchanged
 * when none applies (and then disposes nothing).
 */
export function mutateLoaded(tensor: tf.Tensor2D, role: TensorRole): tf.Tensor2D {
  if (active === 'zero-features' && role === 'features') {
    const zeros = tf.zerosLike(tensor);
    tensor.dispose();
    return zeros;
  }
  if (active === 'shuffle-labels' && role === 'target' && tensor.shape[0] > 1) {
    const order = tf.tensor1d(seededPermutation(tensor.shape[0]), 'int32');
    const shuffled = tf.gather(tensor, order);
    order.dispose();
    tensor.dispose();
    return shuffled;
  }
  return tensor;
}

// tfjs keeps these fields private; every optimizer of tf.train has a learning rate.
interface OptimizerInternals {
  learningRate?: number;
  setLearningRate?: (rate: number) => void;
}

const slowed = new WeakSet<object>();

function slowDown(optimizer: tf.Optimizer): void {
  if (slowed.has(optimizer)) return;
  slowed.add(optimizer);
  const o = optimizer as unknown as OptimizerInternals;
  if (typeof o.learningRate !== 'number') return;
  // SGD and Momentum cache −lr as a tensor, which setLearningRate refreshes.
  if (typeof o.setLearningRate === 'function') o.setLearningRate(o.learningRate / 20);
  else o.learningRate /= 20;
}

let optimizerPatched = false;

function patchOptimizer(): void {
  if (optimizerPatched) return;
  optimizerPatched = true;
  const proto = tf.Optimizer.prototype;
  const minimize = proto.minimize;
  proto.minimize = function (this: tf.Optimizer, f, returnCost = false, varList) {
    if (active === 'no-training') {
      // The loss is computed as a step would compute it; no weight moves.
      const cost = tf.tidy(f);
      if (returnCost) return cost;
      cost.dispose();
      return null;
    }
    if (active === 'lr/20') slowDown(this);
    return minimize.call(this, f, returnCost, varList);
  };
}

/** Called once from the kernel's init; a kernel never changes its mutation. */
export function setMutation(mutation: Mutation | undefined): void {
  active = mutation ?? null;
  if (active === 'no-training' || active === 'lr/20') patchOptimizer();
}

/** The uint8 images and labels of an image data set (CIFAR-10), as `data.load` returns them. */
export interface ImageSplit {
  images: Uint8Array;
  labels: Uint8Array;
}

/**
 * The data-layer mutations for image data sets, which never pass through `data.toTensors`:
 * `zero-features` blanks every image, `shuffle-labels` permutes the labels of each split.
 * Returns new arrays; the loaded (and cached) bytes stay as they were.
 */
export function mutateImages<T extends ImageSplit>(split: T): T {
  if (active === 'zero-features') return { ...split, images: new Uint8Array(split.images.length) };
  if (active === 'shuffle-labels' && split.labels.length > 1) {
    const order = seededPermutation(split.labels.length);
    return { ...split, labels: Uint8Array.from(order, (i) => split.labels[i] ?? 0) };
  }
  return split;
}

/** Posts of a text data set (20 Newsgroups), as `data.load` returns them. */
export interface TextSplit {
  texts: string[];
  labels: Uint8Array;
}

/**
 * The data-layer mutations for text data sets: `zero-features` makes every post the same
 * placeholder text, so no feature tells two posts apart (an empty post would leave a vectoriser
 * no vocabulary at all, and the cell would fail before its reports); `shuffle-labels` permutes
 * the labels of each split. Returns new arrays.
 */
export function mutateTexts<T extends TextSplit>(split: T): T {
  if (active === 'zero-features')
    return { ...split, texts: split.texts.map(() => 'post removed by the zero-features mutation') };
  if (active === 'shuffle-labels' && split.labels.length > 1) {
    const order = seededPermutation(split.labels.length);
    return { ...split, labels: Uint8Array.from(order, (i) => split.labels[i] ?? 0) };
  }
  return split;
}
