import * as tf from '@tensorflow/tfjs';
import type { DrawingOutcome, DrawingPadView } from '@/protocol';
import {
  MNIST_SIZE,
  PAD_SIZE,
  rasterizeStrokes,
  type Stroke,
  toMnistPixels,
} from '@/utils/digit-drawing';
import { UserFacingError } from '@/utils/errors';
import { displayBundle } from '../display';
import { post } from '../post';

/**
 * `drawingPad(model)`: a 280 × 280 canvas in the cell (the book's "testing on unseen data" with
 * Shafeen Tejani's web app). The page turns a drawing into 28 × 28 pixels (with or without
 * MNIST's centring, src/utils/digit-drawing.ts) and sends them here; the model held by the
 * kernel answers with the class probabilities, drawn as bars.
 */

export interface DrawingPadOptions {
  /** Start with MNIST-style centring on (default true); the pad has a switch. */
  centre?: boolean;
  /** Names of the classes, one bar each; default '0'…'9'. */
  classes?: string[];
  title?: string;
}

const pads = new Map<string, tf.LayersModel>();
let counter = 0;

/** The model's square single-channel input side, checked: the pad only makes N × s × s × 1. */
function inputSide(model: tf.LayersModel): number {
  const shape = model.inputs[0]?.shape ?? [];
  const [, h, w, c] = shape;
  if (shape.length !== 4 || h !== w || c !== 1 || typeof h !== 'number')
    throw new UserFacingError(
      `drawingPad needs a model that takes square grey images (batch × s × s × 1); ${model.name} takes [${shape.map((d) => d ?? 'null').join(', ')}].`,
      'Give it an MNIST network: inputShape [28, 28, 1].',
    );
  return h;
}

function outputsProbabilities(model: tf.LayersModel): boolean {
  const last = model.layers.at(-1);
  const activation = (last?.getConfig() as { activation?: unknown } | undefined)?.activation;
  return activation === 'softmax';
}

/**
 * Class probabilities of one 28 × 28 image (values in [0, 1], row-major): softmax of the
 * outputs, unless the model's last layer is a softmax already.
 */
export function classifyPixels(model: tf.LayersModel, pixels: ArrayLike<number>): number[] {
  const side = inputSide(model);
  if (pixels.length !== side * side)
    throw new UserFacingError(
      `The drawing has ${pixels.length} pixels; ${model.name} takes ${side} × ${side} = ${side * side}.`,
    );
  return tf.tidy(() => {
    const x = tf.tensor4d(Array.from(pixels), [1, side, side, 1]);
    const out = model.predict(x) as tf.Tensor2D;
    const probs = outputsProbabilities(model) ? out : tf.softmax(out);
    return Array.from(probs.dataSync());
  });
}

function showPad(model: tf.LayersModel, options: DrawingPadOptions = {}): void {
  const side = inputSide(model);
  const classes = options.classes ?? Array.from({ length: 10 }, (_, i) => String(i));
  const outputs = model.outputs[0]?.shape.at(-1);
  if (outputs !== classes.length)
    throw new UserFacingError(
      `${model.name} has ${outputs ?? 'no'} outputs but ${classes.length} class names were given.`,
    );
  counter += 1;
  const padId = `pad-${Date.now().toString(36)}-${counter}`;
  pads.set(padId, model);
  const view: DrawingPadView = {
    padId,
    title: options.title ?? `Draw a digit for ${model.name}`,
    modelName: model.name,
    classes,
    centre: options.centre ?? true,
    inputSize: side,
  };
  displayBundle({
    'application/vnd.tfnb.drawing-pad+json': view,
    'text/plain': `${view.title}: a drawing pad. Run the notebook in the app to draw on it.`,
  });
}

function outcomeOf(padId: string, pixels: number[]): DrawingOutcome {
  const model = pads.get(padId);
  if (!model)
    return {
      ok: false,
      message: 'This pad belongs to a kernel that has since restarted, so its model is gone.',
      hint: 'Run the cell that made the pad again.',
    };
  const started = performance.now();
  try {
    const probabilities = classifyPixels(model, pixels);
    return { ok: true, probabilities, durationMs: performance.now() - started };
  } catch (error) {
    if (error instanceof UserFacingError)
      return { ok: false, message: error.message, ...(error.hint ? { hint: error.hint } : {}) };
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

/** A drawing sent by a pad; answered with 'drawing-result'. */
export function answerDrawing(padId: string, pixels: number[]): void {
  post({ type: 'drawing-result', padId, outcome: outcomeOf(padId, pixels) });
}

/**
 * The `drawingPad` global. Besides the pad itself, the same pipeline for strokes given in code
 * (the book's "1 at the right edge" experiment): `rasterize` paints strokes on a 280 × 280 pad,
 * `toMnist` makes the 28 × 28 input (centred or not), `classify` gives the probabilities.
 */
export const drawingPad = Object.assign(showPad, {
  rasterize: (strokes: readonly Stroke[], options: { brush?: number } = {}): Float32Array =>
    rasterizeStrokes(strokes, { size: PAD_SIZE, ...options }),
  toMnist: (ink: Float32Array, options: { centre?: boolean } = {}): Float32Array => {
    if (ink.length !== PAD_SIZE * PAD_SIZE)
      throw new UserFacingError(
        `toMnist takes a ${PAD_SIZE} × ${PAD_SIZE} pad (${PAD_SIZE * PAD_SIZE} values), got ${ink.length}.`,
        'Make it with drawingPad.rasterize(strokes).',
      );
    return toMnistPixels(ink, options.centre ?? true);
  },
  classify: classifyPixels,
  size: { pad: PAD_SIZE, mnist: MNIST_SIZE },
});
