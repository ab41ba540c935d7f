import { showGridHeatmap } from './heatmap';
import { Rng } from './rng';
import {
  choice,
  gridPoints,
  isDimension,
  logUniform,
  quniform,
  type Space,
  samplePoint,
  uniform,
} from './space';
import { suggestTpe, type TpeOptions } from './tpe';
import { type Objective, type RunOptions, runTrials, SearchError, Trials } from './trials';

export interface SampledOptions extends RunOptions {
  /** Number of trials (hyperopt's max_evals). */
  maxEvals?: number;
  seed?: number;
}

function evals(options: SampledOptions): number {
  const n = options.maxEvals ?? 10;
  if (!Number.isInteger(n) || n < 1)
    throw new SearchError(`maxEvals must be a whole number ≥ 1; got ${n}.`);
  return n;
}

function checkSpace(space: Space): void {
  if (typeof space !== 'object' || space === null || Object.keys(space).length === 0)
    throw new SearchError('A search needs a space: { name: choice([...]) | uniform(a, b) | … }.');
  if (!Object.values(space).some((d) => isDimension(d) || Array.isArray(d)))
    throw new SearchError(
      'The space has no dimension to search: use choice, uniform, logUniform or quniform.',
    );
}

/** The `search` global: Hyperopt-style spaces, and grid, random and TPE searches over them. */
export const search = {
  choice,
  uniform,
  logUniform,
  quniform,
  Trials,

  /** Every combination of the choices (and plain arrays), in order, the last name fastest. */
  async grid(space: Space, objective: Objective, options: RunOptions = {}) {
    checkSpace(space);
    const points = gridPoints(space);
    const result = await runTrials(
      space,
      points.length,
      (done) => points[done.length]!,
      objective,
      {
        title: 'Grid search',
        ...options,
      },
    );
    // Two parameters: their grid as a heatmap of the objective's values.
    showGridHeatmap(Object.keys(space), result.trials, options.title ?? 'Grid search');
    return result;
  },

  /** `maxEvals` points drawn at random, from `seed`. */
  random(space: Space, objective: Objective, options: SampledOptions = {}) {
    checkSpace(space);
    const rng = new Rng(options.seed ?? 0);
    return runTrials(space, evals(options), () => samplePoint(space, rng), objective, {
      title: 'Random search',
      ...options,
    });
  },

  /** Tree-structured Parzen Estimators (hyperopt's tpe.suggest), random for `nStartupJobs`. */
  tpe(space: Space, objective: Objective, options: SampledOptions & TpeOptions = {}) {
    checkSpace(space);
    const rng = new Rng(options.seed ?? 0);
    return runTrials(
      space,
      evals(options),
      (done, mode) =>
        suggestTpe(
          space,
          done.map((t) => ({
            point: { params: t.params, indices: t.indices },
            loss: mode === 'max' ? -t.value : t.value,
          })),
          rng,
          options,
        ),
      objective,
      { title: 'TPE search', ...options },
    );
  },
};
