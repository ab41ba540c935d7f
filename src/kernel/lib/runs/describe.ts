import * as tf from '@tensorflow/tfjs';
import type { RunHparam } from '@/protocol';
import { UserFacingError } from '@/utils/errors';
import { currentRun } from '../../run-context';
import { kernelNotebook } from '../checkpoint/notebook-id';
import { currentPreset } from '../preset';
import type { RunStart } from './recorder';

/**
 * The `run` option of `fit` and `trainLoop`: a name (`'bitcoin_lstm_v1_run_0'`), or a name
 * and the hyperparameters worth comparing, or `false` to keep this training out of the runs.
 */
export type RunOption =
  | string
  | false
  | { name?: string; hparams?: Record<string, unknown> }
  | undefined;

export class RunOptionError extends UserFacingError {
  override name = 'RunOptionError';
}

/** Plain values only: a number, a string, a boolean; anything else as its JSON text. */
export function hparamValue(value: unknown): RunHparam {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (value === undefined) return null;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** "ch03-activity · [4] · 19:32:05": where and when, as a user finds the cell again. */
export function defaultRunName(notebook: string, executionCount: number | undefined, at: Date) {
  const stem = (notebook.split('/').pop() ?? '').replace(/\.ipynb$/, '') || 'notebook';
  const cell = executionCount === undefined ? 'cell' : `[${executionCount}]`;
  const time = `${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`;
  return `${stem} · ${cell} · ${time}`;
}

/** The optimizer's class and rate, as Keras's HParams dashboard lists them. */
export function optimizerHparams(optimizer: tf.Optimizer | undefined): Record<string, RunHparam> {
  if (!optimizer) return {};
  const out: Record<string, RunHparam> = { optimizer: optimizer.getClassName() };
  const rate = (optimizer as unknown as { learningRate?: unknown }).learningRate;
  if (typeof rate === 'number') out.lr = rate;
  return out;
}

/**
 * The run's start, or null when the caller asked for none. Known settings come first; the
 * user's hparams override them (a user's `lr` is what they meant to compare).
 */
export function describeRun(
  option: RunOption,
  source: RunStart['source'],
  known: Record<string, unknown>,
  shape: Pick<RunStart, 'stepsPerEpoch' | 'chartX'>,
): RunStart | null {
  if (option === false) return null;
  if (option !== undefined && typeof option !== 'string' && typeof option !== 'object') {
    throw new RunOptionError(
      `The run option must be a name, { name, hparams } or false; got ${typeof option}.`,
      "fit(model, x, y, { run: { name: 'bitcoin_lstm_v1_run_0', hparams: { units: 20 } } })",
    );
  }
  const given = typeof option === 'string' ? { name: option } : (option ?? {});
  const notebook = kernelNotebook();
  const context = currentRun();
  const asked = typeof given.name === 'string' ? given.name.trim() : '';
  const name = asked || defaultRunName(notebook, context?.executionCount, new Date());
  const hparams: Record<string, RunHparam> = {};
  for (const [key, value] of Object.entries({ ...known, ...(given.hparams ?? {}) }))
    if (value !== undefined) hparams[key] = hparamValue(value);
  hparams.backend ??= tf.getBackend();
  hparams.preset ??= currentPreset();
  return { source, name, notebook, cellId: context?.cellId ?? '', hparams, ...shape };
}

/** Unbuilt models have no weights to count yet; the run is recorded all the same. */
function paramCount(model: tf.LayersModel): number | undefined {
  try {
    return model.countParams();
  } catch {
    return undefined;
  }
}

/** A `fit` call's run: the model, its optimizer and loss, and the fit arguments that matter. */
export function fitRun(
  option: RunOption,
  model: tf.LayersModel,
  args: tf.ModelFitArgs & { clipvalue?: number; clipnorm?: number },
  batchesPerEpoch: number,
): RunStart | null {
  const loss = (model as unknown as { loss?: unknown }).loss;
  return describeRun(
    option,
    'fit',
    {
      model: model.name,
      params: paramCount(model),
      ...optimizerHparams(model.optimizer),
      loss: typeof loss === 'string' ? loss : undefined,
      batchSize: args.batchSize ?? 32,
      epochs: args.epochs ?? 1,
      validationSplit: args.validationSplit,
      initialEpoch: args.initialEpoch || undefined,
      clipvalue: args.clipvalue,
      clipnorm: args.clipnorm,
    },
    { stepsPerEpoch: batchesPerEpoch, chartX: 'epoch' },
  );
}

/** A `trainLoop` call's run: its schedule and, when given, its optimizer and model. */
export function loopRun(
  option: RunOption,
  args: {
    iterations: number;
    epochs?: number;
    batchSize?: number;
    optimizer?: tf.Optimizer;
    model?: tf.LayersModel;
    clipvalue?: number;
    clipnorm?: number;
  },
): RunStart | null {
  const epochs = args.epochs ?? 1;
  return describeRun(
    option,
    'trainLoop',
    {
      model: args.model?.name,
      ...optimizerHparams(args.optimizer),
      iterations: args.iterations,
      epochs,
      batchSize: args.batchSize,
      clipvalue: args.clipvalue,
      clipnorm: args.clipnorm,
    },
    { stepsPerEpoch: args.iterations, chartX: epochs > 1 ? 'epoch' : 'iteration' },
  );
}
