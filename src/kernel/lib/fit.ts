import * as tf from '@tensorflow/tfjs';
import type { HistogramsView, MetricPoint } from '@/protocol';
import { appendThinned, UNTHINNED } from '@/utils/metric-thinning';
import {
  FitCheckpointer,
  type FitCheckpointOptions,
  prepareResume,
} from './checkpoint/fit-checkpoints';
import { takeRunSaveRequest } from './checkpoint/save-request';
import { type ClipOptions, clipOptions } from './clip/clip-gradients';
import { withGradientClipping } from './clip/with-clipping';
import { type HistogramOptions, HistogramRecorder, histogramOptions } from './histograms/recorder';
import {
  checkInterrupt,
  interruptRequested,
  KernelInterruptedError,
  withOpChecksSuspended,
} from './interrupt';
import { divergedMetric, MetricsStream } from './metrics-stream';
import { progress } from './progress';
import { defaultReadEvery } from './read-every';
import { fitRun, type RunOption } from './runs/describe';
import { TrainingDivergedError } from './training-errors';
import { endTrainingRun } from './training-run';
import { yieldToEventLoop } from './yield';

export interface FitOptions extends tf.ModelFitArgs, FitCheckpointOptions, ClipOptions {
  /** Chart title. */
  title?: string;
  /**
   * Read batch metrics back every N batches. On GPU backends each read is a sync, which costs
   * (~20 % on WebGL at N = 1), so they default to 10; CPU and WASM read every batch.
   */
  batchMetricsEvery?: number;
  /** The run's name and hyperparameters in the Runs view (`false`: not recorded). */
  run?: RunOption;
  /**
   * TensorBoard's histograms: after every `every`-th epoch, each layer's weights and their
   * gradients on one validation batch, binned, with gradient and weight-change norms.
   */
  histograms?: HistogramOptions | boolean;
}

type Logs = Record<string, number>;

/** tfjs's History, and with `histograms` the numbers behind their charts. */
export interface FitHistory extends tf.History {
  histograms?: HistogramsView;
}

// tfjs types batch logs as numbers, but until a callback resolves them they are scalars.
async function resolveLogs(logs: Record<string, unknown> | undefined): Promise<Logs> {
  const out: Logs = {};
  for (const [key, value] of Object.entries(logs ?? {})) {
    if (key === 'batch' || key === 'size') continue;
    if (typeof value === 'number') out[key] = value;
    else if (value instanceof tf.Tensor) out[key] = (await value.data())[0] ?? Number.NaN;
  }
  return out;
}

/**
 * A resumed fit's History starts at the resumed epoch (as tfjs's and Keras's do with
 * initialEpoch); the epochs before it come from the checkpoint, so a notebook reading
 * `history.history.loss` after a reload sees the whole run, as if it had never been cut off.
 */
function withEarlierEpochs(history: tf.History, earlier: MetricPoint[], initialEpoch: number) {
  const byEpoch = new Map<number, Logs>();
  for (const p of earlier)
    if (p.kind === 'epoch' && p.epoch < initialEpoch) byEpoch.set(p.epoch, p.logs);
  const epochs = [...byEpoch.keys()].sort((a, b) => a - b);
  if (epochs.length === 0) return;
  history.epoch = [...epochs, ...history.epoch];
  for (const [key, values] of Object.entries(history.history)) {
    history.history[key] = [...epochs.map((e) => byEpoch.get(e)?.[key] ?? Number.NaN), ...values];
  }
}

/**
 * `model.fit` with a live chart of loss and metrics (per batch and per epoch, train and
 * validation), a progress bar, Interrupt between batches, and a stop with a clear message when
 * the loss turns NaN. Returns tfjs's own History; a resumed run's covers the whole run.
 */
export async function fit(
  model: tf.LayersModel,
  x: tf.Tensor | tf.Tensor[],
  y: tf.Tensor | tf.Tensor[],
  options: FitOptions = {},
): Promise<FitHistory> {
  checkInterrupt();
  const {
    title,
    batchMetricsEvery,
    callbacks: userCallbacks,
    checkpointEvery,
    checkpointName,
    resumeFrom,
    clipvalue,
    clipnorm,
    run,
    histograms,
    ...fitArgs
  } = options;
  const clip = clipOptions({ clipvalue, clipnorm }) ?? {};
  const histogramSettings = histogramOptions(histograms);
  const epochs = fitArgs.epochs ?? 1;
  const resumed = await prepareResume(model, {
    ...(checkpointName === undefined ? {} : { checkpointName }),
    ...(resumeFrom === undefined ? {} : { resumeFrom }),
  });
  if (resumed) fitArgs.initialEpoch = resumed.initialEpoch;
  const saver =
    checkpointEvery !== undefined || checkpointName !== undefined
      ? new FitCheckpointer(model, checkpointName ?? model.name, checkpointEvery ?? epochs, epochs)
      : null;
  // The chart's Save button works on every run; without checkpoint options it saves under the
  // model's name and only when asked.
  const manualSaver =
    saver ?? new FitCheckpointer(model, model.name, Number.MAX_SAFE_INTEGER, epochs);
  // The points the chart keeps (every epoch, batches thinned as the page thins them), so a
  // checkpoint holds the whole curve and a resumed run continues it rather than starting anew.
  const points: MetricPoint[] = [];
  let thinning = appendThinned(points, resumed?.history ?? [], UNTHINNED);
  const batchSize = fitArgs.batchSize ?? 32;
  const samples = (Array.isArray(x) ? x[0] : x)?.shape[0] ?? 0;
  const trainSamples = Math.floor(samples * (1 - (fitArgs.validationSplit ?? 0)));
  const batchesPerEpoch = Math.max(1, Math.ceil(trainSamples / batchSize));
  const readEvery = batchMetricsEvery ?? defaultReadEvery();
  const stream = new MetricsStream(title ?? `Training ${model.name}`, 'epoch', {
    saveable: true,
    initial: { points, thinning },
    run: fitRun(run, model, { ...fitArgs, clipvalue, clipnorm }, batchesPerEpoch),
  });
  const record = (point: MetricPoint) => {
    thinning = appendThinned(points, [point], thinning);
    stream.push(point);
  };
  const initialEpoch = fitArgs.initialEpoch ?? 0;
  const bar = progress(Math.max(0, epochs - initialEpoch) * batchesPerEpoch, {
    label: 'Training',
    unit: 'batches',
    samplesPerUnit: batchSize,
  });
  let epoch = initialEpoch;
  let stepsDone = 0;
  let epochsDone = initialEpoch;
  let failure: Error | null = null;
  // Started inside the run's try, so a model it cannot probe ends the chart as failed too.
  let recorder: HistogramRecorder | null = null;
  const startRecorder = () =>
    histogramSettings &&
    HistogramRecorder.start(
      model,
      x,
      y,
      fitArgs,
      histogramSettings,
      `Histograms ${title ?? model.name}`,
    );

  const live = new tf.CustomCallback({
    onEpochBegin: async (e) => {
      epoch = e;
    },
    onBatchEnd: async (batch, logs) => {
      stepsDone++;
      bar.update(stepsDone);
      if (batch % readEvery === 0) {
        const values = await resolveLogs(logs);
        const bad = divergedMetric(values);
        record({
          step: epoch + (batch + 1) / batchesPerEpoch,
          epoch,
          kind: 'batch',
          logs: values,
        });
        if (bad) {
          failure = new TrainingDivergedError(bad, `at epoch ${epoch + 1}, batch ${batch + 1}`);
          model.stopTraining = true;
        }
      }
      if (interruptRequested()) model.stopTraining = true;
      await yieldToEventLoop();
      if (takeRunSaveRequest(stream.chartId) && !failure)
        await manualSaver.saveNow(epochsDone, points, batch + 1);
    },
    onEpochEnd: async (e, logs) => {
      const values = await resolveLogs(logs);
      record({ step: e + 1, epoch: e, kind: 'epoch', logs: values });
      epochsDone = e + 1;
      const bad = divergedMetric(values);
      if (bad && !failure) {
        failure = new TrainingDivergedError(bad, `at the end of epoch ${e + 1}`);
        model.stopTraining = true;
      }
      // A diverged model is not worth keeping; the last good checkpoint stays.
      else if (saver && !interruptRequested()) await saver.epochEnded(epochsDone, points);
      if (!failure && !interruptRequested()) await recorder?.epochEnded(e);
    },
  });
  const extra = userCallbacks
    ? (Array.isArray(userCallbacks) ? userCallbacks : [userCallbacks]).map((c) =>
        // tf.CustomCallback is no tf.Callback; wrapping one again makes tfjs loop forever.
        c instanceof tf.Callback || c instanceof tf.CustomCallback
          ? c
          : new tf.CustomCallback(c as tf.CustomCallbackArgs),
      )
    : [];

  try {
    recorder = (await startRecorder()) || null;
    const history = await withOpChecksSuspended(() =>
      withGradientClipping(model.optimizer, clip, () =>
        model.fit(x, y, { ...fitArgs, callbacks: [live, ...extra], yieldEvery: 'never' }),
      ),
    );
    if (failure) throw failure;
    if (interruptRequested()) throw new KernelInterruptedError();
    if (resumed) withEarlierEpochs(history, resumed.history, initialEpoch);
    await saver?.finished(epochsDone, points);
    endTrainingRun(stream, bar);
    recorder?.end('done');
    const view = recorder?.current();
    // Not enumerable: a cell ending in `await fit(…)` prints the History, not every bin.
    if (view) Object.defineProperty(history, 'histograms', { value: view, enumerable: false });
    return history;
  } catch (error) {
    endTrainingRun(stream, bar, error);
    recorder?.end(error instanceof KernelInterruptedError ? 'stopped' : 'failed');
    throw error;
  }
}
