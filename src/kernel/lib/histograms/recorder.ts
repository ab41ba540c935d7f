import * as tf from '@tensorflow/tfjs';
import type { HistogramsView, MimeBundle } from '@/protocol';
import { UserFacingError } from '@/utils/errors';
import { displayBundle } from '../../display';
import { type ProbeBatch, probeBatch, type Tensors } from './batch';
import { binValues, DEFAULT_BINS, distance, norm } from './bins';
import { kernelMap } from './kernel-map';
import {
  type CustomLoss,
  gradientValues,
  type NamedVariable,
  namedVariables,
  shapeOf,
  weightValues,
} from './variables';

/** `fit(…, { histograms: { every: 1 } })`, or `histograms: true` for every epoch. */
export interface HistogramOptions {
  /** Record after every N-th epoch (1: each). */
  every?: number;
  /** Bins per histogram; TensorBoard's 30 by default. */
  bins?: number;
  /** Send each layer's kernel as a heatmap too (default true). */
  kernels?: boolean;
}

export class HistogramOptionsError extends UserFacingError {
  override name = 'HistogramOptionsError';
}

export function histogramOptions(value: HistogramOptions | boolean | undefined) {
  if (value === undefined || value === false) return null;
  const options = value === true ? {} : value;
  const every = options.every ?? 1;
  const bins = options.bins ?? DEFAULT_BINS;
  for (const [key, v, max] of [
    ['every', every, Number.MAX_SAFE_INTEGER],
    ['bins', bins, 1000],
  ] as const) {
    if (!Number.isInteger(v) || v < 1 || v > max) {
      throw new HistogramOptionsError(
        `histograms.${key} must be a whole number from 1 to ${max}; got ${String(v)}.`,
        'For example histograms: { every: 1 } records after every epoch.',
      );
    }
  }
  return { every, bins, kernels: options.kernels ?? true };
}

let nextId = 0;

function isKernel(v: NamedVariable): boolean {
  return v.variable.shape.length >= 2 && /kernel/.test(v.name.split('/').at(-1) ?? '');
}

/**
 * Records, in the worker, what TensorBoard's histogram dashboard shows: after each recorded
 * epoch every trainable variable's weights and its gradients on one fixed probe batch, binned;
 * per layer ‖∇‖ and ‖W_e − W_prev‖; and each kernel as a heatmap. Only numbers are kept between
 * epochs (the previous weights as plain arrays), so it holds no tensor but its probe batch, which
 * `dispose` frees.
 */
export class HistogramRecorder {
  readonly histId = `hist-${Date.now().toString(36)}-${++nextId}`;
  private readonly variables: NamedVariable[];
  private previous: Float32Array[] = [];
  private readonly view: HistogramsView;
  private readonly probe: ProbeBatch;

  private constructor(
    private readonly model: tf.LayersModel,
    x: Tensors,
    y: Tensors,
    fitArgs: Parameters<typeof probeBatch>[2],
    private readonly options: { every: number; bins: number; kernels: boolean },
    title: string,
    private readonly lossFn: CustomLoss | undefined,
  ) {
    this.variables = namedVariables(model);
    this.probe = probeBatch(x, y, fitArgs);
    const layers = [...new Set(this.variables.map((v) => v.layer))];
    this.view = {
      histId: this.histId,
      title,
      epochs: [],
      gradientBatch: this.probe.source,
      tracks: (['weights', 'gradients'] as const).flatMap((kind) =>
        this.variables.map((v) => ({
          name: v.name,
          layer: v.layer,
          kind,
          shape: shapeOf(v),
          bins: [],
        })),
      ),
      norms: layers.map((layer) => ({ layer, gradientNorm: [], weightChange: [] })),
      kernels: [],
      recordMs: [],
      state: 'running',
    };
  }

  static async start(
    model: tf.LayersModel,
    x: Tensors,
    y: Tensors,
    fitArgs: Parameters<typeof probeBatch>[2],
    options: { every: number; bins: number; kernels: boolean },
    title: string,
    lossFn?: CustomLoss,
  ): Promise<HistogramRecorder> {
    const recorder = new HistogramRecorder(model, x, y, fitArgs, options, title, lossFn);
    recorder.previous = await weightValues(recorder.variables);
    recorder.show();
    return recorder;
  }

  /** After epoch `epoch` (0-based) of the run; records it when it is one of every N-th. */
  async epochEnded(epoch: number): Promise<void> {
    if ((epoch + 1) % this.options.every !== 0) return;
    const started = performance.now();
    const weights = await weightValues(this.variables);
    const grads = await gradientValues(
      this.model,
      this.variables,
      this.probe.x,
      this.probe.y,
      this.lossFn,
    );
    const n = this.variables.length;
    const { bins } = this.options;
    this.variables.forEach((_, i) => {
      this.view.tracks[i]?.bins.push(binValues(weights[i] ?? [], bins));
      this.view.tracks[n + i]?.bins.push(binValues(grads[i] ?? [], bins));
    });
    for (const layer of this.view.norms) {
      let g = 0;
      let w = 0;
      this.variables.forEach((v, i) => {
        if (v.layer !== layer.layer) return;
        g += norm(grads[i] ?? []) ** 2;
        w += distance(weights[i] ?? [], this.previous[i] ?? []) ** 2;
      });
      layer.gradientNorm.push(Math.sqrt(g));
      layer.weightChange.push(Math.sqrt(w));
    }
    if (this.options.kernels) {
      this.view.kernels = this.variables.flatMap((v, i) =>
        isKernel(v) ? [kernelMap(v.layer, shapeOf(v), weights[i] ?? [])] : [],
      );
    }
    this.view.epochs.push(epoch + 1);
    this.view.recordMs.push(performance.now() - started);
    this.previous = weights;
    this.show();
  }

  /** The view as it stands (for tests and the bench). */
  current(): HistogramsView {
    return this.view;
  }

  end(state: HistogramsView['state']): void {
    this.view.state = state;
    this.show();
    tf.dispose(this.probe.x);
    tf.dispose(this.probe.y);
  }

  private show(): void {
    displayBundle(histogramsBundle(this.view), this.histId);
  }
}

export function histogramsBundle(view: HistogramsView): MimeBundle {
  const epochs = view.epochs.length;
  const kernels = view.kernels.map((k) => `${k.layer} kernel ${k.shape.join('×')}`).join(', ');
  const text =
    view.tracks.length === 0
      ? `${view.title}: ${kernels}`
      : epochs === 0
        ? `${view.title}: waiting for the first epoch`
        : `${view.title}: ${view.tracks.length / 2} variables after epoch${epochs === 1 ? '' : 's'} ${view.epochs.join(', ')} (gradients on ${view.gradientBatch})`;
  return { 'application/vnd.tfnb.histograms+json': view, 'text/plain': text };
}
