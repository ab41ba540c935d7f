import type { Rng } from './rng';
import {
  type Dimension,
  isDimension,
  type Point,
  quantize,
  type Space,
  samplePoint,
} from './space';

export interface TpeOptions {
  /** Random trials before the estimators take over (hyperopt's n_startup_jobs: 20). */
  nStartupJobs?: number;
  /** The share of trials counted as good, as hyperopt: ⌈γ·√n⌉ (γ = 0.25). */
  gamma?: number;
  /** Candidates drawn from the good trials' density per dimension (hyperopt: 24). */
  candidates?: number;
}

export interface Observation {
  point: Point;
  /** Lower is better (the search turns maximised scores around before calling). */
  loss: number;
}

interface Kernel {
  mu: number;
  sigma: number;
  weight: number;
}

/** An index drawn with the given probabilities (summing to 1). */
function pickIndex(probabilities: number[], rng: Rng): number {
  let left = rng.next();
  for (const [i, p] of probabilities.entries()) {
    left -= p;
    if (left < 0) return i;
  }
  return probabilities.length - 1;
}

function normalPdf(x: number, mu: number, sigma: number): number {
  const z = (x - mu) / sigma;
  return Math.exp(-0.5 * z * z) / (sigma * Math.sqrt(2 * Math.PI));
}

/**
 * hyperopt's adaptive Parzen estimator on [low, high]: a wide prior kernel at the middle plus
 * one kernel per observation, as wide as the larger gap to its neighbours (clipped).
 */
function parzen(values: number[], low: number, high: number): Kernel[] {
  const span = high - low;
  const kernels: Kernel[] = [{ mu: (low + high) / 2, sigma: span, weight: 1 }];
  const sorted = [...values].sort((a, b) => a - b);
  const minSigma = span / Math.min(100, 1 + sorted.length);
  sorted.forEach((mu, i) => {
    const left = i > 0 ? mu - (sorted[i - 1] ?? low) : mu - low;
    const right = i < sorted.length - 1 ? (sorted[i + 1] ?? high) - mu : high - mu;
    kernels.push({ mu, sigma: Math.min(span, Math.max(minSigma, left, right)), weight: 1 });
  });
  return kernels;
}

function density(kernels: Kernel[], x: number): number {
  const total = kernels.reduce((s, k) => s + k.weight, 0);
  return kernels.reduce((s, k) => s + k.weight * normalPdf(x, k.mu, k.sigma), 0) / total;
}

function drawFrom(kernels: Kernel[], low: number, high: number, rng: Rng): number {
  const total = kernels.reduce((s, k) => s + k.weight, 0);
  const kernel =
    kernels[
      pickIndex(
        kernels.map((k) => k.weight / total),
        rng,
      )
    ] ?? kernels[0]!;
  // Truncated to the range by redrawing (a few tries), then clipped.
  for (let tries = 0; tries < 16; tries++) {
    const x = kernel.mu + kernel.sigma * rng.normal();
    if (x >= low && x <= high) return x;
  }
  return Math.min(high, Math.max(low, kernel.mu));
}

/** A continuous dimension in the space it is searched in (log for logUniform). */
function numeric(d: Exclude<Dimension, { kind: 'choice' }>) {
  const log = d.kind === 'logUniform';
  return {
    low: log ? Math.log(d.low) : d.low,
    high: log ? Math.log(d.high) : d.high,
    to: (v: number) => (log ? Math.log(v) : v),
    from: (v: number) => (log ? Math.exp(v) : d.kind === 'quniform' ? quantize(v, d.q) : v),
  };
}

function suggestContinuous(
  d: Exclude<Dimension, { kind: 'choice' }>,
  good: unknown[],
  bad: unknown[],
  rng: Rng,
  candidates: number,
): number {
  const { low, high, to, from } = numeric(d);
  const l = parzen(
    good.map((v) => to(v as number)),
    low,
    high,
  );
  const g = parzen(
    bad.map((v) => to(v as number)),
    low,
    high,
  );
  let best = drawFrom(l, low, high, rng);
  let bestScore = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < candidates; i++) {
    const x = i === 0 ? best : drawFrom(l, low, high, rng);
    const score = Math.log(density(l, x)) - Math.log(density(g, x));
    if (score > bestScore) {
      bestScore = score;
      best = x;
    }
  }
  return from(best);
}

function suggestChoice(
  count: number,
  good: number[],
  bad: number[],
  rng: Rng,
  candidates: number,
): number {
  // Counts plus a prior weight of 1 spread evenly, as hyperopt's categorical posterior.
  const probs = (indices: number[]) => {
    const c = Array.from({ length: count }, () => 1 / count);
    for (const i of indices) c[i] = (c[i] ?? 0) + 1;
    const total = c.reduce((a, b) => a + b, 0);
    return c.map((v) => v / total);
  };
  const l = probs(good);
  const g = probs(bad);
  let best = 0;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < candidates; i++) {
    const k = pickIndex(l, rng);
    const score = Math.log(l[k] ?? 1e-12) - Math.log(g[k] ?? 1e-12);
    if (score > bestScore) {
      bestScore = score;
      best = k;
    }
  }
  return best;
}

/**
 * The next point of a Tree-structured Parzen Estimator search (Bergstra et al. 2011, as
 * hyperopt's tpe.suggest): random for the first `nStartupJobs` trials, then for each dimension
 * the candidate with the highest l(x)/g(x), l fitted to the best ⌈γ·√n⌉ trials, g to the rest.
 */
export function suggestTpe(
  space: Space,
  history: Observation[],
  rng: Rng,
  options: TpeOptions = {},
): Point {
  const { nStartupJobs = 20, gamma = 0.25, candidates = 24 } = options;
  const done = history.filter((o) => Number.isFinite(o.loss));
  if (done.length < Math.max(2, nStartupJobs)) return samplePoint(space, rng);
  const sorted = [...done].sort((a, b) => a.loss - b.loss);
  const nGood = Math.max(1, Math.ceil(gamma * Math.sqrt(sorted.length)));
  const good = sorted.slice(0, nGood);
  const bad = sorted.slice(nGood);
  const params: Point['params'] = {};
  const indices: Point['indices'] = {};
  for (const [name, d] of Object.entries(space)) {
    if (!isDimension(d)) {
      params[name] = d;
      continue;
    }
    if (d.kind === 'choice') {
      const index = suggestChoice(
        d.options.length,
        good.map((o) => o.point.indices[name] ?? 0),
        bad.map((o) => o.point.indices[name] ?? 0),
        rng,
        candidates,
      );
      params[name] = d.options[index];
      indices[name] = index;
    } else {
      params[name] = suggestContinuous(
        d,
        good.map((o) => o.point.params[name]),
        bad.map((o) => o.point.params[name]),
        rng,
        candidates,
      );
    }
  }
  return { params, indices };
}
