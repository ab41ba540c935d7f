import type * as tf from '@tensorflow/tfjs';
import type { TableCell, TableView } from '@/protocol';
import { UserFacingError } from '@/utils/errors';
import { displayBundle, tableBundle } from '../../display';
import { checkInterrupt, KernelInterruptedError } from '../interrupt';
import { progress } from '../progress';
import { yieldToEventLoop } from '../yield';
import type { Params, Point, Space } from './space';

export type ObjectiveResult =
  | number
  | { loss?: number; score?: number; model?: tf.LayersModel; [key: string]: unknown };

export interface TrialInfo {
  /** From 0. */
  index: number;
  total: number;
}

export type Objective = (
  params: Params,
  trial: TrialInfo,
) => ObjectiveResult | Promise<ObjectiveResult>;

export interface Trial {
  index: number;
  params: Params;
  /** Choice indices by name. */
  indices: Record<string, number>;
  /** What the objective returned as its number (loss or score). */
  value: number;
  seconds: number;
  result: Exclude<ObjectiveResult, number | tf.LayersModel> | null;
}

/**
 * hyperopt's Trials: the finished trials of a search. Pass one in to keep them when the search
 * is interrupted (the search also adds to it as it goes).
 */
export class Trials {
  readonly list: Trial[] = [];
  get length(): number {
    return this.list.length;
  }
}

export class SearchError extends UserFacingError {
  override name = 'SearchError';
}

export interface RunOptions {
  /** 'min' for a loss (the default), 'max' for a score; `{ score }` results default to 'max'. */
  mode?: 'min' | 'max';
  trials?: Trials;
  title?: string;
}

export interface SearchResult {
  trials: Trial[];
  best: Trial;
  bestParams: Params;
  /** Hyperas's best_run: choices as their indices, other dimensions as values. */
  bestRun: Record<string, unknown>;
  bestValue: number;
  /** The model the best trial returned (`{ loss, model }`); the others were disposed. */
  bestModel: tf.LayersModel | undefined;
  mode: 'min' | 'max';
}

function resultValue(result: ObjectiveResult, index: number): { value: number; scored: boolean } {
  if (typeof result === 'number') return { value: result, scored: false };
  if (typeof result === 'object' && result !== null) {
    if (typeof result.loss === 'number') return { value: result.loss, scored: false };
    if (typeof result.score === 'number') return { value: result.score, scored: true };
  }
  throw new SearchError(
    `The objective of trial ${index + 1} returned ${String(result)}; it must return a number, { loss }, or { score }.`,
    'For example: return { loss: -accuracy, model } (Hyperas), or return valLoss.',
  );
}

function cellOf(value: unknown): TableCell {
  if (typeof value === 'number') return Number(value.toPrecision(6));
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  return value == null ? null : String(value);
}

function tableOf(
  trials: Trial[],
  names: string[],
  title: string,
  best: Trial | undefined,
  note: string,
) {
  const view: TableView = {
    columns: ['trial', ...names, 'value', 'seconds', 'best'],
    rows: trials.map((t) => [
      t.index + 1,
      ...names.map((n) => cellOf(t.params[n])),
      cellOf(t.value),
      Number(t.seconds.toFixed(2)),
      t === best ? '★' : '',
    ]),
    totalRows: trials.length,
    caption: `${title}${note ? ` — ${note}` : ''}`,
  };
  return tableBundle(view);
}

/**
 * Runs trials one at a time: proposes a point, awaits the objective (which trains), keeps the
 * best trial's model and disposes the others', and refreshes a live results table and progress
 * bar. Interrupt stops between (or, through fit, inside) trials; the finished ones stay in
 * `options.trials` and in the table.
 */
export async function runTrials(
  space: Space,
  total: number,
  propose: (done: Trial[], mode: 'min' | 'max') => Point,
  objective: Objective,
  options: RunOptions,
): Promise<SearchResult> {
  if (typeof objective !== 'function')
    throw new SearchError(
      'A search needs an objective: (params) => a loss, { loss } or { score }.',
    );
  checkInterrupt();
  const trials = options.trials ?? new Trials();
  const names = Object.keys(space);
  const title = options.title ?? 'Search';
  const tableId = `search-${Math.random().toString(36).slice(2)}`;
  const bar = progress(total, { label: 'Trials', unit: 'trials' });
  let mode = options.mode;
  let best: Trial | undefined;
  let bestModel: tf.LayersModel | undefined;
  const better = (a: Trial, b: Trial | undefined) =>
    b === undefined || (mode === 'max' ? a.value > b.value : a.value < b.value);
  const show = (note: string) =>
    displayBundle(tableOf(trials.list, names, title, best, note), tableId);
  show('');
  try {
    for (let i = 0; i < total; i++) {
      const point = propose(trials.list, mode ?? 'min');
      const started = performance.now();
      const result = await objective(point.params, { index: i, total });
      const { value, scored } = resultValue(result, i);
      mode ??= scored ? 'max' : 'min';
      const trial: Trial = {
        index: i,
        params: point.params,
        indices: point.indices,
        value,
        seconds: (performance.now() - started) / 1000,
        result: typeof result === 'object' ? result : null,
      };
      trials.list.push(trial);
      const model = typeof result === 'object' ? result.model : undefined;
      if (Number.isFinite(value) && better(trial, best)) {
        if (bestModel && bestModel !== model) bestModel.dispose();
        best = trial;
        bestModel = model;
      } else if (model && model !== bestModel) model.dispose();
      bar.update(i + 1);
      show(`trial ${i + 1} / ${total}`);
      await yieldToEventLoop();
    }
  } catch (error) {
    bar.stop();
    if (error instanceof KernelInterruptedError)
      show(`interrupted: ${trials.length} finished trials kept`);
    throw error;
  }
  bar.finish();
  if (best === undefined) {
    throw new SearchError(
      'No trial returned a finite value, so there is no best one.',
      'Check the objective: a NaN loss usually means a diverged model (lower the learning rate).',
    );
  }
  show(`${total} trials, best: trial ${best.index + 1}`);
  const bestRun: Record<string, unknown> = {};
  for (const name of names)
    if (name in best.params) bestRun[name] = best.indices[name] ?? best.params[name];
  return {
    trials: trials.list,
    best,
    bestParams: best.params,
    bestRun,
    bestValue: best.value,
    bestModel,
    mode: mode ?? 'min',
  };
}
