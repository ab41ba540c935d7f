/**
 * Weighted ridge regression with an intercept, as scikit-learn's `Ridge(alpha).fit(X, y,
 * sample_weight=w)` computes it: centre X and y on their weighted means, solve
 * (XcᵀWXc + αI)β = XcᵀWyc, intercept = ȳ − x̄β. LIME fits one of these per explanation and a few
 * hundred tiny ones in its forward selection, on at most six columns, so normal equations and
 * Gaussian elimination are enough (tfjs has no solve/lstsq).
 */

export interface RidgeFit {
  coef: Float64Array;
  intercept: number;
  /** Weighted R² on the data it was fitted on (`Ridge.score` with `sample_weight`). */
  score: number;
  /** The fitted value of each row. */
  predictions: Float64Array;
}

/** Solves A x = b (k × k, row-major) by Gaussian elimination with partial pivoting. */
export function solve(a: Float64Array, b: Float64Array, k: number): Float64Array {
  const m = Float64Array.from(a);
  const x = Float64Array.from(b);
  let scale = 0;
  for (let i = 0; i < k; i++) scale = Math.max(scale, Math.abs(m[i * k + i]!));
  const tiny = (scale || 1) * 1e-12;
  for (let col = 0; col < k; col++) {
    let pivot = col;
    for (let r = col + 1; r < k; r++)
      if (Math.abs(m[r * k + col]!) > Math.abs(m[pivot * k + col]!)) pivot = r;
    if (pivot !== col) {
      for (let c = 0; c < k; c++) {
        const t = m[col * k + c]!;
        m[col * k + c] = m[pivot * k + c]!;
        m[pivot * k + c] = t;
      }
      const t = x[col]!;
      x[col] = x[pivot]!;
      x[pivot] = t;
    }
    // A singular system (a column that never varies) gets a minimum-norm-like answer, not NaN.
    if (Math.abs(m[col * k + col]!) < tiny) m[col * k + col] = tiny;
    for (let r = col + 1; r < k; r++) {
      const f = m[r * k + col]! / m[col * k + col]!;
      if (f === 0) continue;
      for (let c = col; c < k; c++) m[r * k + c]! -= f * m[col * k + c]!;
      x[r]! -= f * x[col]!;
    }
  }
  for (let r = k - 1; r >= 0; r--) {
    let s = x[r]!;
    for (let c = r + 1; c < k; c++) s -= m[r * k + c]! * x[c]!;
    x[r] = s / m[r * k + r]!;
  }
  return x;
}

/** `x` is n × k row-major. */
export function weightedRidge(
  x: Float64Array,
  n: number,
  k: number,
  y: ArrayLike<number>,
  w: ArrayLike<number>,
  alpha: number,
): RidgeFit {
  let sw = 0;
  let ym = 0;
  const xm = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const wi = w[i]!;
    sw += wi;
    ym += wi * y[i]!;
    for (let j = 0; j < k; j++) xm[j]! += wi * x[i * k + j]!;
  }
  ym /= sw;
  for (let j = 0; j < k; j++) xm[j]! /= sw;
  const a = new Float64Array(k * k);
  const b = new Float64Array(k);
  const row = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const wi = w[i]!;
    for (let j = 0; j < k; j++) row[j] = x[i * k + j]! - xm[j]!;
    const yc = y[i]! - ym;
    for (let j = 0; j < k; j++) {
      b[j]! += wi * row[j]! * yc;
      for (let l = j; l < k; l++) a[j * k + l]! += wi * row[j]! * row[l]!;
    }
  }
  for (let j = 0; j < k; j++) {
    a[j * k + j]! += alpha;
    for (let l = 0; l < j; l++) a[j * k + l] = a[l * k + j]!;
  }
  const coef = k === 0 ? new Float64Array(0) : solve(a, b, k);
  let intercept = ym;
  for (let j = 0; j < k; j++) intercept -= xm[j]! * coef[j]!;
  const predictions = new Float64Array(n);
  let ssr = 0;
  let sst = 0;
  for (let i = 0; i < n; i++) {
    let p = intercept;
    for (let j = 0; j < k; j++) p += x[i * k + j]! * coef[j]!;
    predictions[i] = p;
    ssr += w[i]! * (y[i]! - p) ** 2;
    sst += w[i]! * (y[i]! - ym) ** 2;
  }
  // scikit-learn's r2_score: a constant target scores 1 when fitted exactly, else 0.
  const score = sst === 0 ? (ssr === 0 ? 1 : 0) : 1 - ssr / sst;
  return { coef, intercept, score, predictions };
}
