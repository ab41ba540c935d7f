import * as tf from '@tensorflow/tfjs';
import type { PlotlyFigure } from '@/protocol';
import { UserFacingError } from '@/utils/errors';
import { displayBundle } from '../../display';
import { setLearningRate } from '../callbacks/learning-rate';
import {
  checkInterrupt,
  interruptRequested,
  KernelInterruptedError,
  withOpChecksSuspended,
} from '../interrupt';
import { progress } from '../progress';
import { yieldToEventLoop } from '../yield';

export interface LrFinderOptions {
  /** A fresh, compiled model; it is given the rate to build its optimizer with. */
  build: (lr: number) => tf.LayersModel | Promise<tf.LayersModel>;
  x: tf.Tensor | tf.Tensor[];
  y: tf.Tensor | tf.Tensor[];
  /** The ladder: start·factor^i, i = 0 … count−1 (the Finance book: 1e-6, 2, 20). */
  start?: number;
  factor?: number;
  count?: number;
  /** Or the rates themselves. */
  rates?: number[];
  epochs?: number;
  batchSize?: number;
  shuffle?: boolean;
  /** The suggested rate is the best one divided by this ("slightly below the optimum"). */
  backoff?: number;
  title?: string;
}

export interface LrFinderResult {
  rates: number[];
  /** The training loss of each rate's last epoch (the book's hist.history['loss'][0]). */
  losses: number[];
  /** The rate with the lowest finite loss, and that divided by `backoff`. */
  best: number;
  suggested: number;
}

export class LrFinderError extends UserFacingError {
  override name = 'LrFinderError';
}

/** The Finance book's ladder: 1e-6·2^i for i = 0 … 19, up to 0.524288. */
export function geometricRates(start = 1e-6, factor = 2, count = 20): number[] {
  if (!(start > 0) || !(factor > 1) || !Number.isInteger(count) || count < 2) {
    throw new LrFinderError(
      `The rate ladder needs start > 0, factor > 1 and a whole count ≥ 2; got ${start}, ${factor}, ${count}.`,
      'The book uses start 1e-6, factor 2, count 20.',
    );
  }
  return Array.from({ length: count }, (_, i) => start * factor ** i);
}

function figure(rates: number[], losses: number[], title: string, suggested?: number) {
  const data: PlotlyFigure['data'] = [
    {
      x: rates.slice(0, losses.length),
      // A diverged run has no loss to draw; Plotly leaves a gap for null.
      y: losses.map((l) => (Number.isFinite(l) ? l : null)),
      type: 'scatter',
      mode: 'lines+markers',
      name: 'loss',
    },
  ];
  if (suggested !== undefined)
    data.push({
      x: [suggested, suggested],
      y: [Math.min(...losses.filter(Number.isFinite)), Math.max(...losses.filter(Number.isFinite))],
      type: 'scatter',
      mode: 'lines',
      line: { dash: 'dash', color: '#d62728' },
      name: `suggested ${suggested.toPrecision(3)}`,
    });
  return {
    data,
    layout: {
      // A fixed height: a figure replaced in place several times must not collapse to its
      // container's height while the page redraws it.
      height: 400,
      title: { text: title },
      xaxis: { type: 'log', title: { text: 'learning rate' } },
      yaxis: { title: { text: 'training loss' } },
    },
  };
}

function bestOf(rates: number[], losses: number[]): number | undefined {
  let best: number | undefined;
  let bestLoss = Number.POSITIVE_INFINITY;
  losses.forEach((loss, i) => {
    if (Number.isFinite(loss) && loss < bestLoss) {
      bestLoss = loss;
      best = rates[i];
    }
  });
  return best;
}

/** One fresh model per rate, each disposed (with its optimizer) before the next is built. */
async function trainEach(
  rates: number[],
  losses: number[],
  options: LrFinderOptions,
  ranOne: () => void,
): Promise<void> {
  const { build, x, y, epochs = 1, batchSize = 128, shuffle = true } = options;
  for (const lr of rates) {
    const model = await build(lr);
    const optimizer = model.optimizer;
    try {
      if (optimizer == null) {
        throw new LrFinderError(
          'build(lr) returned a model that is not compiled.',
          "Compile it inside build: model.compile({ optimizer: tf.train.adam(lr), loss: 'categoricalCrossentropy' }).",
        );
      }
      // The ladder's rate, even if build built its optimizer with another.
      setLearningRate(optimizer, lr);
      const history = await withOpChecksSuspended(() =>
        model.fit(x, y, {
          epochs,
          batchSize,
          shuffle,
          verbose: 0,
          yieldEvery: 'never',
          callbacks: new tf.CustomCallback({
            onBatchEnd: async () => {
              if (interruptRequested()) model.stopTraining = true;
              await yieldToEventLoop();
            },
          }),
        }),
      );
      if (interruptRequested()) throw new KernelInterruptedError();
      const loss = history.history.loss?.at(-1);
      losses.push(typeof loss === 'number' ? loss : Number.NaN);
    } finally {
      model.dispose();
      optimizer?.dispose();
    }
    ranOne();
  }
}

/**
 * The Finance book's learning-rate search: one fresh model per rate of a geometric ladder,
 * trained for `epochs` (1), and the loss plotted against the rate on a log axis, with the
 * suggested rate marked. Each model and its optimizer are disposed before the next is built.
 */
export async function lrFinder(options: LrFinderOptions): Promise<LrFinderResult> {
  const { build, backoff = 2 } = options;
  const rates = options.rates ?? geometricRates(options.start, options.factor, options.count);
  if (typeof build !== 'function')
    throw new LrFinderError('lrFinder needs build: (lr) => a compiled model.');
  checkInterrupt();
  const title = options.title ?? 'Learning-rate finder';
  const displayId = `lr-finder-${Math.random().toString(36).slice(2)}`;
  const show = (losses: number[], suggested?: number) =>
    displayBundle(
      {
        'application/vnd.plotly.v1+json': figure(rates, losses, title, suggested),
        'text/plain': `${title}: ${losses.length}/${rates.length} rates`,
      },
      displayId,
    );
  const bar = progress(rates.length, { label: 'Learning rates', unit: 'rates' });
  const losses: number[] = [];
  try {
    await trainEach(rates, losses, options, () => {
      bar.update(losses.length);
      show(losses);
    });
  } catch (error) {
    bar.stop();
    throw error;
  }
  const best = bestOf(rates, losses);
  if (best === undefined) {
    bar.stop();
    throw new LrFinderError(
      'Every rate of the ladder diverged (the loss was NaN or infinite).',
      'Check the data (NaN inputs, unscaled features) or start the ladder lower.',
    );
  }
  const suggested = best / backoff;
  bar.finish();
  show(losses, suggested);
  return { rates, losses, best, suggested };
}
