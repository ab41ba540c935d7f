import * as tf from '@tensorflow/tfjs';
import type { HistogramsView, MetricPoint } from '@/protocol';
import { UserFacingError } from '@/utils/errors';
import { type LoopCallback, LoopCallbacks } from './callbacks/loop-callbacks';
import type { FitCheckpointOptions } from './checkpoint/fit-checkpoints';
import { LoopCheckpoints } from './checkpoint/loop-checkpoints';
import { type ClipOptions, clipOptions } from './clip/clip-gradients';
import { withGradientClipping } from './clip/with-clipping';
import type { Tensors } from './histograms/batch';
import { type HistogramOptions, HistogramRecorder, histogramOptions } from './histograms/recorder';
import type { CustomLoss } from './histograms/variables';
import {
  checkInterrupt,
  interruptRequested,
  KernelInterruptedError,
  withOpChecksSuspended,
} from './interrupt';
import { divergedMetric, MetricsStream } from './metrics-stream';
import { progress } from './progress';
import { defaultReadEvery } from './read-every';
import { loopRun, type RunOption } from './runs/describe';
import { TrainingDivergedError } from './training-errors';
import { endTrainingRun } from './training-run';
import { yieldToEventLoop } from './yield';

type StepResult = tf.Scalar | Record<string, tf.Scalar> | number | Record<string, number>;
type Logs = Record<string, number>;

export interface TrainLoopOptions extends ClipOptions, FitCheckpointOptions {
  /** Number of steps per epoch; with the default of 1 epoch, the number of iterations. */
  iterations: number;
  epochs?: number;
  /** One optimisation step; returns the loss (and any other metrics) as scalars or numbers. */
  step: (iteration: number, epoch: number) => StepResult | Promise<StepResult>;
  /** Called after each epoch; the metrics it returns (e.g. validation loss) join the chart. */
  onEpochEnd?: (epoch: number, logs: Logs) => Logs | undefined | Promise<Logs | undefined>;
  title?: string;
  /** Samples per step, to report samples/s. */
  batchSize?: number;
  /**
   * Read metrics back every N steps (and always at an epoch's last step). Each read is a sync on
   * GPU backends, so they default to 10; CPU and WASM to 1.
   */
  readEvery?: number;
  /**
   * Keras-named callbacks (LearningRateScheduler, EarlyStopping, …) or tfjs CustomCallbacks.
   * They see each step's metrics as it is read, and each epoch's after `onEpochEnd`.
   */
  callbacks?: LoopCallback[];
  /**
   * The optimizer the step uses: what LearningRateScheduler and ReduceLROnPlateau change, and
   * whose gradients `clipvalue` / `clipnorm` clip.
   */
  optimizer?: tf.Optimizer;
  /**
   * The model being trained: what EarlyStopping restores, ModelCheckpoint saves, and what
   * `checkpointEvery` / `resumeFrom` save and restore (compiled with `optimizer`, whose state
   * the checkpoint then carries).
   */
  model?: tf.LayersModel;
  /** The run's name and hyperparameters in the Runs view (`false`: not recorded). */
  run?: RunOption;
  /**
   * `fit`'s histograms for a loop: `model`'s weights, and their gradients on the batch (x, y)
   * given here, after every `every`-th epoch. `loss` is the loop's own (yTrue, yPred) loss; a
   * compiled model's is used when it is absent.
   */
  histograms?: HistogramOptions & { x: Tensors; y: Tensors; loss?: CustomLoss };
  /**
   * 'iteration': the chart counts steps 1, 2, 3 … across epochs, for a loop whose "epochs" are
   * only blocks of steps (style transfer's print and checkpoint schedule), not passes over data.
   */
  xAxis?: 'epoch' | 'iteration';
}

export interface TrainLoopHistory {
  /** Per step, each metric's values in step order (only the steps that were read). */
  steps: Record<string, number[]>;
  /** Per epoch, the mean of the step values read in that epoch, plus onEpochEnd's metrics. */
  epochs: Record<string, number[]>;
}

async function readStep(result: StepResult): Promise<Logs> {
  if (typeof result === 'number') return { loss: result };
  if (result instanceof tf.Tensor) return { loss: (await result.data())[0] ?? Number.NaN };
  const out: Logs = {};
  for (const [key, value] of Object.entries(result)) {
    out[key] = typeof value === 'number' ? value : ((await value.data())[0] ?? Number.NaN);
  }
  return out;
}

function disposeStep(result: StepResult): void {
  if (result instanceof tf.Tensor) result.dispose();
  else if (typeof result === 'object') {
    for (const value of Object.values(result)) if (value instanceof tf.Tensor) value.dispose();
  }
}

/**
 * `tf.tidy` for a step that may be async: tensors the step makes are freed, except what it
 * returns, which is freed once its values are read.
 */
async function scoped(run: () => StepResult | Promise<StepResult>): Promise<StepResult> {
  const engine = tf.engine();
  engine.startScope();
  let result: StepResult | undefined;
  try {
    result = await run();
    return result;
  } finally {
    engine.endScope(typeof result === 'object' ? (result as tf.TensorContainer) : undefined);
  }
}

function append(target: Record<string, number[]>, logs: Logs): void {
  for (const [key, value] of Object.entries(logs)) {
    const values = target[key] ?? [];
    values.push(value);
    target[key] = values;
  }
}

// A function, not `recorder?.end()`: TypeScript narrows a variable assigned only in a closure
// to its initial null.
function endHistograms(recorder: HistogramRecorder | null, state: HistogramsView['state']): void {
  recorder?.end(state);
}

/**
 * A custom training loop (`optimizer.minimize` and friends) with the same live chart, progress,
 * Interrupt and NaN stop as `fit`. Each step runs inside `tf.tidy`, so loops do not leak.
 */
export async function trainLoop(options: TrainLoopOptions): Promise<TrainLoopHistory> {
  const { iterations, epochs = 1, step, onEpochEnd } = options;
  const readEvery = options.readEvery ?? defaultReadEvery();
  if (!Number.isInteger(iterations) || iterations < 1) {
    throw new UserFacingError(`trainLoop needs iterations ≥ 1; got ${iterations}.`);
  }
  const clip = clipOptions(options);
  if (clip && !options.optimizer) {
    throw new UserFacingError(
      'trainLoop can clip gradients only when it is given the optimizer the step uses.',
      'Pass it: trainLoop({ optimizer, clipnorm: 1, step: () => optimizer.minimize(loss, true) }).',
    );
  }
  const histogramSettings = histogramOptions(options.histograms);
  if (histogramSettings && !options.model) {
    throw new UserFacingError(
      'trainLoop records histograms of a model: pass it as `model`.',
      'trainLoop({ model, histograms: { x: xVal, y: yVal, loss }, step, iterations }).',
    );
  }
  checkInterrupt();
  const saves = await LoopCheckpoints.open(options.model, options.optimizer, epochs, options);
  const first = saves.initialEpoch;
  const byIteration = options.xAxis === 'iteration';
  const stream = new MetricsStream(
    options.title ?? 'Training',
    epochs > 1 && !byIteration ? 'epoch' : 'iteration',
    {
      run: loopRun(options.run, options),
      initial: { points: saves.points, thinning: saves.thinning },
    },
  );
  const push = (point: MetricPoint) => {
    saves.record(point);
    stream.push(point);
  };
  const bar = progress(iterations * (epochs - first), {
    label: 'Training',
    unit: 'steps',
    ...(options.batchSize ? { samplesPerUnit: options.batchSize } : {}),
  });
  const history: TrainLoopHistory = { steps: {}, epochs: {} };
  for (const logs of saves.earlierEpochs()) append(history.epochs, logs);
  const callbacks = new LoopCallbacks(options.callbacks ?? [], {
    ...(options.optimizer ? { optimizer: options.optimizer } : {}),
    ...(options.model ? { model: options.model } : {}),
  });

  let recorder: HistogramRecorder | null = null;
  let epochsDone = first;
  const run = async () => {
    if (histogramSettings && options.model && options.histograms) {
      const { x, y, loss } = options.histograms;
      recorder = await HistogramRecorder.start(
        options.model,
        x,
        y,
        { given: true },
        histogramSettings,
        `Histograms ${options.title ?? options.model.name}`,
        loss,
      );
    }
    await callbacks.trainBegin();
    for (let epoch = first; epoch < epochs && !callbacks.stopRequested; epoch++) {
      await callbacks.epochBegin(epoch);
      const sums: Record<string, { total: number; count: number }> = {};
      for (let i = 0; i < iterations; i++) {
        const result = await scoped(() => step(i, epoch));
        if (i % readEvery === 0 || i === iterations - 1) {
          const logs = await readStep(result);
          const x = byIteration
            ? epoch * iterations + i + 1
            : epochs > 1
              ? epoch + (i + 1) / iterations
              : i;
          push({ step: x, epoch, kind: 'batch', logs });
          append(history.steps, logs);
          for (const [key, value] of Object.entries(logs)) {
            const sum = sums[key] ?? { total: 0, count: 0 };
            sum.total += value;
            sum.count++;
            sums[key] = sum;
          }
          const bad = divergedMetric(logs);
          if (bad)
            throw new TrainingDivergedError(
              bad,
              `at iteration ${i}${epochs > 1 ? ` of epoch ${epoch + 1}` : ''}`,
            );
          await callbacks.batchEnd(i, logs);
        }
        disposeStep(result);
        bar.update((epoch - first) * iterations + i + 1);
        await yieldToEventLoop();
        if (interruptRequested()) throw new KernelInterruptedError();
        if (callbacks.stopRequested) break;
      }
      const epochLogs: Logs = {};
      for (const [key, s] of Object.entries(sums)) epochLogs[key] = s.total / s.count;
      Object.assign(epochLogs, (await onEpochEnd?.(epoch, epochLogs)) ?? {});
      if (epochs > 1) {
        push({
          step: byIteration ? (epoch + 1) * iterations : epoch + 1,
          epoch,
          kind: 'epoch',
          logs: { ...epochLogs },
        });
        const bad = divergedMetric(epochLogs);
        if (bad) throw new TrainingDivergedError(bad, `at the end of epoch ${epoch + 1}`);
      }
      await recorder?.epochEnded(epoch);
      // After the chart took its copy: callbacks' additions (`lr`) go to the history only.
      await callbacks.epochEnd(epoch, epochLogs);
      append(history.epochs, epochLogs);
      epochsDone = epoch + 1;
      if (!interruptRequested()) await saves.epochEnded(epochsDone);
    }
    await callbacks.trainEnd();
    await saves.finished(epochsDone);
  };

  try {
    await withOpChecksSuspended(() => withGradientClipping(options.optimizer, clip ?? {}, run));
    endTrainingRun(stream, bar);
    endHistograms(recorder, 'done');
    return history;
  } catch (error) {
    endTrainingRun(stream, bar, error);
    endHistograms(recorder, error instanceof KernelInterruptedError ? 'stopped' : 'failed');
    throw error;
  }
}
