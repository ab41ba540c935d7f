import * as tf from '@tensorflow/tfjs';
import type { TableCell } from '@/protocol';
import { displayBundle, tableBundle } from '../../display';
import { say } from '../callbacks/base';
import {
  checkInterrupt,
  interruptRequested,
  KernelInterruptedError,
  withOpChecksSuspended,
} from '../interrupt';
import { progress } from '../progress';
import { yieldToEventLoop } from '../yield';
import { type Fold, kFold, smallestClass, stratifiedKFold } from './folds';
import { showGridHeatmap } from './heatmap';
import { gridPoints, type Params } from './space';
import { SearchError } from './trials';

type Scoring =
  | 'accuracy'
  | 'loss'
  | ((model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor) => number | Promise<number>);

export interface GridSearchCVOptions {
  /** KerasClassifier's build_fn: a fresh compiled model for the params (it gets them all). */
  build: (params: Params) => tf.LayersModel | Promise<tf.LayersModel>;
  /** Lists of values per name; `epochs` and `batchSize` (or `batch_size`) go to fit. */
  paramGrid: Record<string, readonly unknown[]>;
  x: tf.Tensor;
  y: tf.Tensor;
  /** Folds (scikit-learn ≥ 0.22: 5; the book's 0.20: 3). Stratified for classification. */
  cv?: number;
  /** 'accuracy' (KerasClassifier.score) for classification, −loss otherwise, or a function. */
  scoring?: Scoring;
  /** Default: classification when y holds 0/1 labels or one-hot rows. */
  task?: 'classification' | 'regression';
  /** Train the best params on all the data afterwards (best_estimator_). */
  refit?: boolean;
  /** fit arguments for every fit (a grid value wins). */
  fitArgs?: tf.ModelFitArgs;
}

export interface CvRow {
  params: Params;
  splitScores: number[];
  mean: number;
  std: number;
  rank: number;
}

export interface GridSearchCVResult {
  cvResults: CvRow[];
  bestParams: Params;
  bestScore: number;
  bestIndex: number;
  bestEstimator: tf.LayersModel | undefined;
  /** scikit-learn's spellings: cv_results_ as its dict of columns. */
  cv_results_: Record<string, unknown[]>;
  best_params_: Params;
  best_score_: number;
  best_index_: number;
  best_estimator_: tf.LayersModel | undefined;
}

const FIT_KEYS: Record<string, keyof tf.ModelFitArgs> = {
  epochs: 'epochs',
  batchSize: 'batchSize',
  batch_size: 'batchSize',
  shuffle: 'shuffle',
  verbose: 'verbose',
};

/** 0/1 labels ([n] or [n, 1]) or one-hot rows → class per sample; null when y is not labels. */
async function classLabels(y: tf.Tensor): Promise<number[] | null> {
  const values = Array.from(await y.data());
  const width = y.shape.length > 1 ? (y.shape[1] ?? 1) : 1;
  if (width === 1) return values.every((v) => v === 0 || v === 1) ? values : null;
  const rows: number[] = [];
  for (let i = 0; i < values.length; i += width) {
    const row = values.slice(i, i + width);
    if (!row.every((v) => v === 0 || v === 1) || row.reduce((a: number, b) => a + b, 0) !== 1)
      return null;
    rows.push(row.indexOf(1));
  }
  return rows;
}

async function accuracy(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor): Promise<number> {
  const predicted = model.predict(x) as tf.Tensor;
  const correct = tf.tidy(() => {
    const hits =
      (y.shape[1] ?? 1) > 1
        ? tf.equal(tf.argMax(predicted, -1), tf.argMax(y, -1))
        : tf.equal(tf.greater(predicted.reshape([-1]), 0.5), tf.greater(y.reshape([-1]), 0.5));
    return tf.mean(tf.cast(hits, 'float32'));
  });
  const value = (await correct.data())[0] ?? Number.NaN;
  tf.dispose([predicted, correct]);
  return value;
}

async function negativeLoss(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor): Promise<number> {
  const out = model.evaluate(x, y);
  const scalars = Array.isArray(out) ? out : [out];
  const loss = (await scalars[0]!.data())[0] ?? Number.NaN;
  tf.dispose(scalars);
  return -loss;
}

/** scipy's rankdata(−mean, 'min'), as scikit-learn ranks: ties share the best rank. */
function ranks(means: number[]): number[] {
  return means.map(
    (m) => 1 + means.filter((o) => o > m || (Number.isNaN(m) && !Number.isNaN(o))).length,
  );
}

function cell(value: unknown): TableCell {
  if (typeof value === 'number') return Number(value.toPrecision(6));
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  return value == null ? null : String(value);
}

/**
 * scikit-learn's GridSearchCV around a KerasClassifier/KerasRegressor: every combination of the
 * grid (names sorted, as ParameterGrid), k-fold cross-validation (stratified for
 * classification), one fresh model per fit, trained and scored one at a time and disposed; a
 * cv_results_ table (split scores, mean, std, rank) that fills in as combinations finish; then
 * the best params refitted on all the data.
 */
export async function gridSearchCV(options: GridSearchCVOptions): Promise<GridSearchCVResult> {
  const { build, x, y, cv = 5, refit = true } = options;
  if (typeof build !== 'function' || typeof options.paramGrid !== 'object')
    throw new SearchError(
      'gridSearchCV needs build: (params) => a compiled model, and a paramGrid.',
    );
  checkInterrupt();
  const names = Object.keys(options.paramGrid).sort();
  const grid: Record<string, readonly unknown[]> = {};
  for (const name of names) {
    const values = options.paramGrid[name];
    if (!Array.isArray(values) || values.length === 0)
      throw new SearchError(`paramGrid.${name} must be a non-empty list of values.`);
    grid[name] = values;
  }
  const combos = gridPoints(grid).map((p) => p.params);
  const labels = await classLabels(y);
  const task = options.task ?? (labels ? 'classification' : 'regression');
  const n = x.shape[0] ?? 0;
  let folds: Fold[];
  if (task === 'classification' && labels) {
    folds = stratifiedKFold(labels, cv);
    if (smallestClass(labels) < cv)
      say(
        `The least populated class in y has only ${smallestClass(labels)} members, which is less than n_splits=${cv}.`,
        'stderr',
      );
  } else folds = kFold(n, cv);
  const scoring: Scoring = options.scoring ?? (task === 'classification' ? 'accuracy' : 'loss');
  const score = scoring === 'accuracy' ? accuracy : scoring === 'loss' ? negativeLoss : scoring;

  const rows: CvRow[] = [];
  const tableId = `grid-cv-${Math.random().toString(36).slice(2)}`;
  const total = combos.length * folds.length;
  const bar = progress(total, { label: 'Grid search fits', unit: 'fits' });
  const show = (note: string) => {
    const rank = ranks(rows.map((r) => r.mean));
    displayBundle(
      tableBundle({
        columns: [
          ...names.map((nm) => `param_${nm}`),
          ...folds.map((_, i) => `split${i}_test_score`),
          'mean_test_score',
          'std_test_score',
          'rank_test_score',
        ],
        rows: rows.map((r, i) => [
          ...names.map((nm) => cell(r.params[nm])),
          ...r.splitScores.map(cell),
          cell(r.mean),
          cell(r.std),
          rank[i] ?? null,
        ]),
        totalRows: rows.length,
        caption: `GridSearchCV, ${folds.length}-fold${task === 'classification' ? ' stratified' : ''} — ${note}`,
      }),
      tableId,
    );
  };
  show(`combination 0 / ${combos.length}`);

  const train = async (params: Params, idx: number[] | null): Promise<tf.LayersModel> => {
    const fitArgs: tf.ModelFitArgs = { verbose: 0, ...options.fitArgs };
    for (const [key, value] of Object.entries(params)) {
      const fitKey = FIT_KEYS[key];
      if (fitKey) (fitArgs as Record<string, unknown>)[fitKey] = value;
    }
    const model = await build(params);
    if (model.optimizer == null) {
      model.dispose();
      throw new SearchError(
        'build(params) returned a model that is not compiled.',
        "Compile it inside build, e.g. model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy'] }).",
      );
    }
    const [xs, ys] = idx ? [tf.gather(x, idx), tf.gather(y, idx)] : [x, y];
    try {
      await withOpChecksSuspended(() =>
        model.fit(xs, ys, {
          ...fitArgs,
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
    } catch (error) {
      model.dispose();
      throw error;
    } finally {
      if (idx) tf.dispose([xs, ys]);
    }
    return model;
  };

  try {
    let fits = 0;
    for (const [c, params] of combos.entries()) {
      const splitScores: number[] = [];
      for (const fold of folds) {
        const model = await train(params, fold.train);
        const [xt, yt] = [tf.gather(x, fold.test), tf.gather(y, fold.test)];
        try {
          splitScores.push(await score(model, xt, yt));
        } finally {
          tf.dispose([xt, yt]);
          model.optimizer?.dispose();
          model.dispose();
        }
        bar.update(++fits);
      }
      const mean = splitScores.reduce((a, b) => a + b, 0) / splitScores.length;
      const std = Math.sqrt(
        splitScores.reduce((a, s) => a + (s - mean) ** 2, 0) / splitScores.length,
      );
      rows.push({ params, splitScores, mean, std, rank: 0 });
      show(`combination ${c + 1} / ${combos.length}, fit ${fits} / ${total}`);
    }
  } catch (error) {
    bar.stop();
    if (error instanceof KernelInterruptedError)
      show(`interrupted: ${rows.length} finished combinations kept`);
    throw error;
  }
  bar.finish();
  const rank = ranks(rows.map((r) => r.mean));
  rows.forEach((r, i) => {
    r.rank = rank[i] ?? 0;
  });
  const bestIndex = rank.indexOf(1);
  const best = rows[bestIndex];
  if (best === undefined) throw new SearchError('No combination could be scored.');
  showGridHeatmap(
    names,
    rows.map((r) => ({ params: r.params, value: r.mean })),
    'mean_test_score',
  );
  const bestEstimator = refit ? await train(best.params, null) : undefined;
  show(
    `${combos.length} combinations, best: ${JSON.stringify(best.params)} (${best.mean.toFixed(4)})${refit ? ', refitted on all data' : ''}`,
  );
  const columns: Record<string, unknown[]> = { params: rows.map((r) => r.params) };
  for (const name of names) columns[`param_${name}`] = rows.map((r) => r.params[name]);
  folds.forEach((_, i) => {
    columns[`split${i}_test_score`] = rows.map((r) => r.splitScores[i]);
  });
  columns.mean_test_score = rows.map((r) => r.mean);
  columns.std_test_score = rows.map((r) => r.std);
  columns.rank_test_score = rows.map((r) => r.rank);
  return {
    cvResults: rows,
    bestParams: best.params,
    bestScore: best.mean,
    bestIndex,
    bestEstimator,
    cv_results_: columns,
    best_params_: best.params,
    best_score_: best.mean,
    best_index_: bestIndex,
    best_estimator_: bestEstimator,
  };
}
