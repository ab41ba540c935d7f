import * as tf from '@tensorflow/tfjs';
import {
  checkInterrupt,
  interruptRequested,
  KernelInterruptedError,
  withOpChecksSuspended,
} from './interrupt';
import { divergedMetric, MetricsStream } from './metrics-stream';
import { progress } from './progress';
import { defaultReadEvery } from './read-every';
import { TrainingDivergedError } from './training-errors';
import { yieldToEventLoop } from './yield';

export interface FitOptions extends tf.ModelFitArgs {
  /** Chart title. */
  title?: string;
  /**
   * Read batch metrics back every N batches. On GPU backends each read is a sync, which costs
   * (~20 % on WebGL at N = 1), so they default to 10; CPU and WASM read every batch.
   */
  batchMetricsEvery?: number;
}

type Logs = Record<string, number>;

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
 * `model.fit` with a live chart of loss and metrics (per batch and per epoch, train and
 * validation), a progress bar, Interrupt between batches, and a stop with a clear message when
 * the loss turns NaN. Returns tfjs's own History.
 */
export async function fit(
  model: tf.LayersModel,
  x: tf.Tensor | tf.Tensor[],
  y: tf.Tensor | tf.Tensor[],
  options: FitOptions = {},
): Promise<tf.History> {
  checkInterrupt();
  const { title, batchMetricsEvery, callbacks: userCallbacks, ...fitArgs } = options;
  const epochs = fitArgs.epochs ?? 1;
  const batchSize = fitArgs.batchSize ?? 32;
  const samples = (Array.isArray(x) ? x[0] : x)?.shape[0] ?? 0;
  const trainSamples = Math.floor(samples * (1 - (fitArgs.validationSplit ?? 0)));
  const batchesPerEpoch = Math.max(1, Math.ceil(trainSamples / batchSize));
  const readEvery = batchMetricsEvery ?? defaultReadEvery();
  const stream = new MetricsStream(title ?? `Training ${model.name}`, 'epoch');
  const bar = progress(epochs * batchesPerEpoch, {
    label: 'Training',
    unit: 'batches',
    samplesPerUnit: batchSize,
  });
  const initialEpoch = fitArgs.initialEpoch ?? 0;
  let epoch = initialEpoch;
  let stepsDone = 0;
  let failure: Error | null = null;

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
        stream.push({
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
    },
    onEpochEnd: async (e, logs) => {
      const values = await resolveLogs(logs);
      stream.push({ step: e + 1, epoch: e, kind: 'epoch', logs: values });
      const bad = divergedMetric(values);
      if (bad && !failure) {
        failure = new TrainingDivergedError(bad, `at the end of epoch ${e + 1}`);
        model.stopTraining = true;
      }
    },
  });
  const extra = userCallbacks
    ? (Array.isArray(userCallbacks) ? userCallbacks : [userCallbacks]).map((c) =>
        c instanceof tf.Callback ? c : new tf.CustomCallback(c as tf.CustomCallbackArgs),
      )
    : [];

  try {
    const history = await withOpChecksSuspended(() =>
      model.fit(x, y, { ...fitArgs, callbacks: [live, ...extra], yieldEvery: 'never' }),
    );
    if (failure) throw failure;
    if (interruptRequested()) throw new KernelInterruptedError();
    stream.end('done');
    bar.finish();
    return history;
  } catch (error) {
    const stopped = error instanceof KernelInterruptedError;
    stream.end(
      stopped ? 'stopped' : 'failed',
      error instanceof Error ? error.message : String(error),
    );
    bar.stop();
    throw error;
  }
}
