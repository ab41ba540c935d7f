import * as tf from '@tensorflow/tfjs';
import { UserFacingError } from '@/utils/errors';

/**
 * torchvision.transforms for image batches in the worker. Images stay uint8 NHWC until
 * ToTensor, so augmenting a batch never makes a float copy of the data set; the random
 * transforms draw from Math.random, which manualSeed seeds, so a seeded run repeats.
 * Layout differs from PyTorch on purpose: ToTensor gives NHWC (what tfjs conv layers take),
 * not NCHW.
 */

/** A batch of uint8 images, n × h × w × c (channels last). */
export interface ImageBatch {
  kind: 'image-batch';
  images: Uint8Array;
  shape: [number, number, number, number];
  /** Labels of these images, carried along so a grid or a training step can use them. */
  labels?: Uint8Array;
}

export type TransformInput = ImageBatch | tf.Tensor4D;
export type Transform = ((input: TransformInput) => TransformInput) & { description: string };

/** A split of a data set as data.load('cifar-10') returns it. */
export interface ImageSplit {
  images: Uint8Array;
  labels: Uint8Array;
  shape: [number, number, number, number];
}

export function isImageBatch(v: unknown): v is ImageBatch {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'image-batch';
}

function named(description: string, fn: (input: TransformInput) => TransformInput): Transform {
  return Object.assign(fn, { description });
}

function needBatch(name: string, input: TransformInput): ImageBatch {
  if (!isImageBatch(input))
    throw new UserFacingError(
      `${name} works on uint8 images, before ToTensor (as in the book's Compose lists).`,
      `Put ${name} before transforms.ToTensor().`,
    );
  return input;
}

function checkProbability(name: string, p: number): void {
  if (!(p >= 0 && p <= 1))
    throw new UserFacingError(`${name}: p must be between 0 and 1, got ${p}.`);
}

/** Images [start, end) of a split (or the listed indices) as a uint8 batch: a copy of those only. */
export function batchOf(
  split: ImageSplit,
  start: number | ArrayLike<number>,
  end?: number,
): ImageBatch {
  const [, h, w, c] = split.shape;
  const size = h * w * c;
  const indices =
    typeof start === 'number'
      ? Array.from(
          { length: Math.max(0, Math.min(end ?? split.shape[0], split.shape[0]) - start) },
          (_, i) => start + i,
        )
      : Array.from(start);
  const images = new Uint8Array(indices.length * size);
  const labels = new Uint8Array(indices.length);
  indices.forEach((index, i) => {
    if (!(index >= 0 && index < split.shape[0]))
      throw new UserFacingError(
        `Image index ${index} is outside the split (0–${split.shape[0] - 1}).`,
      );
    images.set(split.images.subarray(index * size, (index + 1) * size), i * size);
    labels[i] = split.labels[index]!;
  });
  return { kind: 'image-batch', images, shape: [indices.length, h, w, c], labels };
}

/** Mirrors each image left–right with probability p (one draw per image). */
export function RandomHorizontalFlip(p = 0.5): Transform {
  checkProbability('RandomHorizontalFlip', p);
  return named(`RandomHorizontalFlip(p=${p})`, (input) => {
    const batch = needBatch('RandomHorizontalFlip', input);
    const [n, h, w, c] = batch.shape;
    const out = batch.images.slice();
    for (let i = 0; i < n; i++) {
      if (!(Math.random() < p)) continue;
      for (let y = 0; y < h; y++) {
        const row = (i * h + y) * w * c;
        for (let x = 0; x < w; x++) {
          for (let k = 0; k < c; k++)
            out[row + x * c + k] = batch.images[row + (w - 1 - x) * c + k]!;
        }
      }
    }
    return { ...batch, images: out };
  });
}

/** ITU-R 601-2 luma, as PIL's convert('L') that torchvision's Grayscale uses. */
export const luma = (r: number, g: number, b: number): number =>
  Math.min(255, Math.round(0.299 * r + 0.587 * g + 0.114 * b));

/** With probability p an image becomes grey (its luma in all 3 channels, as torchvision keeps 3). */
export function RandomGrayscale(p = 0.1): Transform {
  checkProbability('RandomGrayscale', p);
  return named(`RandomGrayscale(p=${p})`, (input) => {
    const batch = needBatch('RandomGrayscale', input);
    const [n, h, w, c] = batch.shape;
    if (c !== 3) throw new UserFacingError(`RandomGrayscale needs 3-channel images, got ${c}.`);
    const out = batch.images.slice();
    const size = h * w * 3;
    for (let i = 0; i < n; i++) {
      if (!(Math.random() < p)) continue;
      for (let at = i * size; at < (i + 1) * size; at += 3) {
        const y = luma(out[at]!, out[at + 1]!, out[at + 2]!);
        out[at] = y;
        out[at + 1] = y;
        out[at + 2] = y;
      }
    }
    return { ...batch, images: out };
  });
}

/**
 * Weights of PIL's bilinear resampling along one axis (Resample.c's precompute_coeffs): a
 * triangle filter whose support widens with the scale when shrinking, so downscaling averages
 * every source pixel (antialiasing) instead of sampling a few, as torchvision's PIL path does.
 * Doubles, as in C; `fixedTaps` turns them into PIL's integers.
 */
export function bilinearTaps(
  inSize: number,
  outSize: number,
): { start: number; weights: Float64Array }[] {
  const scale = inSize / outSize;
  const filterScale = Math.max(scale, 1);
  const support = filterScale; // the triangle's support is 1 pixel, widened by the scale
  return Array.from({ length: outSize }, (_, o) => {
    const center = (o + 0.5) * scale;
    // C's (int) truncates toward zero, then clips to the image.
    const start = Math.max(Math.trunc(center - support + 0.5), 0);
    const end = Math.min(Math.trunc(center + support + 0.5), inSize);
    const weights = new Float64Array(Math.max(end - start, 0));
    let sum = 0;
    for (let k = 0; k < weights.length; k++) {
      const w = Math.max(0, 1 - Math.abs((start + k - center + 0.5) / filterScale));
      weights[k] = w;
      sum += w;
    }
    if (sum !== 0) for (let k = 0; k < weights.length; k++) weights[k]! /= sum;
    return { start, weights };
  });
}

/** PIL's PRECISION_BITS for 8-bit images: coefficients are integers scaled by 2^22. */
const PRECISION_BITS = 32 - 8 - 2;
const ONE = 2 ** PRECISION_BITS;

/** The taps as PIL's normalize_coeffs_8bpc rounds them (half away from zero). */
export function fixedTaps(
  inSize: number,
  outSize: number,
): { start: number; weights: Int32Array }[] {
  return bilinearTaps(inSize, outSize).map(({ start, weights }) => ({
    start,
    weights: Int32Array.from(weights, (w) => Math.trunc(w < 0 ? -0.5 + w * ONE : 0.5 + w * ONE)),
  }));
}

/**
 * One separable pass over n × h × w × c (the h axis if vertical, else w) in PIL's fixed point:
 * each output starts at half a unit, adds byte × integer weight, and is shifted back and
 * clipped to 0–255 (clip8). Exact integer arithmetic (the sums stay far below 2^53), so the
 * result is PIL's, byte for byte.
 */
function resampleAxis(
  src: Uint8Array,
  [n, h, w, c]: [number, number, number, number],
  outLen: number,
  vertical: boolean,
): Uint8Array {
  const taps = fixedTaps(vertical ? h : w, outLen);
  const oh = vertical ? outLen : h;
  const ow = vertical ? w : outLen;
  const out = new Uint8Array(n * oh * ow * c);
  // Distance in the source between two taps of one output value.
  const stride = vertical ? w * c : c;
  for (let i = 0; i < n; i++)
    for (let y = 0; y < oh; y++)
      for (let x = 0; x < ow; x++) {
        const { start, weights } = taps[vertical ? y : x]!;
        const first = vertical ? ((i * h + start) * w + x) * c : ((i * h + y) * w + start) * c;
        const at = ((i * oh + y) * ow + x) * c;
        for (let k = 0; k < c; k++) {
          let v = ONE / 2;
          for (let t = 0, s = first + k; t < weights.length; t++, s += stride)
            v += src[s]! * weights[t]!;
          out[at + k] = v <= 0 ? 0 : v >= 256 * ONE ? 255 : Math.floor(v / ONE);
        }
      }
  return out;
}

/** The output size torchvision's Resize picks: an int scales the shorter side (the other truncated, as torchvision 0.4 does). */
export function resizedShape(
  h: number,
  w: number,
  size: number | readonly [number, number],
): [number, number] {
  if (typeof size !== 'number') return [size[0], size[1]];
  if (w <= h) return w === size ? [h, w] : [Math.trunc((size * h) / w), size];
  return h === size ? [h, w] : [size, Math.trunc((size * w) / h)];
}

/**
 * torchvision's Resize(size) on uint8 images with bilinear interpolation: `size` an int scales
 * the shorter side to it and keeps the aspect ratio; [h, w] gives exactly that size. Resampled
 * as PIL does it (horizontal pass, then vertical, each in PIL's fixed point and rounded to
 * uint8), so the pixels are PIL's exactly (tested against Pillow's own output).
 */
export function Resize(size: number | readonly [number, number]): Transform {
  const sizes = typeof size === 'number' ? [size] : [...size];
  if (sizes.length < 1 || sizes.length > 2 || sizes.some((s) => !(Number.isInteger(s) && s > 0)))
    throw new UserFacingError(
      `Resize needs a positive whole number of pixels or [height, width]; got ${JSON.stringify(size)}.`,
    );
  return named(`Resize(${typeof size === 'number' ? size : `[${size.join(', ')}]`})`, (input) => {
    const batch = needBatch('Resize', input);
    const [n, h, w, c] = batch.shape;
    const [oh, ow] = resizedShape(h, w, typeof size === 'number' ? size : [size[0], size[1]]);
    if (oh === h && ow === w) return batch;
    const across = ow === w ? batch.images : resampleAxis(batch.images, [n, h, w, c], ow, false);
    const images = oh === h ? across : resampleAxis(across, [n, h, ow, c], oh, true);
    return { ...batch, images, shape: [n, oh, ow, c] };
  });
}

/** uint8 0–255 → float32 0–1, a tensor [n, h, w, c]. */
export function ToTensor(): Transform {
  return named('ToTensor()', (input) => {
    const batch = needBatch('ToTensor', input);
    return tf.tidy(() =>
      tf.tensor4d(batch.images, batch.shape, 'int32').toFloat().div(255),
    ) as tf.Tensor4D;
  });
}

/** (x − mean) / std per channel; with (0.5, 0.5, 0.5) twice, 0–1 becomes −1…1. */
export function Normalize(mean: readonly number[], std: readonly number[]): Transform {
  if (mean.length !== std.length || std.some((s) => !(s > 0)))
    throw new UserFacingError(
      `Normalize needs one mean and one positive std per channel; got mean [${mean.join(', ')}], std [${std.join(', ')}].`,
    );
  return named(`Normalize(mean=[${mean.join(', ')}], std=[${std.join(', ')}])`, (input) => {
    if (isImageBatch(input))
      throw new UserFacingError(
        'Normalize works on tensors: put transforms.ToTensor() before it, as the book does.',
      );
    const c = input.shape[3];
    if (c !== mean.length)
      throw new UserFacingError(
        `Normalize has ${mean.length} channel values for ${c}-channel images.`,
      );
    return tf.tidy(() =>
      input.sub(tf.tensor1d([...mean])).div(tf.tensor1d([...std])),
    ) as tf.Tensor4D;
  });
}

/** Applies transforms in order, disposing the tensors made in between. */
export function Compose(list: readonly Transform[]): Transform {
  return named(`Compose([${list.map((t) => t.description).join(', ')}])`, (input) => {
    let value = input;
    for (const t of list) {
      const next = t(value);
      if (value !== input && value instanceof tf.Tensor && next !== value) value.dispose();
      value = next;
    }
    return value;
  });
}

/** The `transforms` global: torchvision's names, plus batch() to take images from a split. */
export const transforms = {
  Compose,
  ToTensor,
  Normalize,
  RandomHorizontalFlip,
  RandomGrayscale,
  Resize,
  batch: batchOf,
};
