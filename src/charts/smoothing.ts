/**
 * Exponential moving average, debiased the way TensorBoard's smoothing slider is: without the
 * correction the first values would be dragged toward 0. Kept incremental so a live chart can
 * smooth only the points that just arrived.
 */
export interface EmaState {
  /** The biased running average. */
  readonly acc: number;
  /** How many finite values went into `acc`. */
  readonly count: number;
}

export const EMA_START: EmaState = { acc: 0, count: 0 };

/** A weight that calms per-batch noise while still following the trend of a few hundred steps. */
export const DEFAULT_SMOOTHING = 0.9;

const MAX_WEIGHT = 0.999;

export function emaExtend(
  state: EmaState,
  values: readonly number[],
  weight: number,
): { values: number[]; state: EmaState } {
  // At 1 the average would never move (and debiasing divides by 0); TensorBoard caps it likewise.
  const w = Math.min(Math.max(weight, 0), MAX_WEIGHT);
  let { acc, count } = state;
  const out: number[] = [];
  for (const value of values) {
    // A NaN or Infinity (a diverged loss) is shown as is but must not poison the later average.
    if (!Number.isFinite(value)) {
      out.push(value);
      continue;
    }
    acc = acc * w + (1 - w) * value;
    count += 1;
    out.push(acc / (1 - w ** count));
  }
  return { values: out, state: { acc, count } };
}

export function ema(values: readonly number[], weight: number): number[] {
  return emaExtend(EMA_START, values, weight).values;
}

/**
 * The smoothed copy of growing series, kept between frames: each call smooths only the values
 * added since the last one, so a live chart does not re-average its whole history per frame.
 */
export class EmaCache {
  readonly #entries = new Map<string, { state: EmaState; values: number[] }>();

  constructor(private readonly weight = DEFAULT_SMOOTHING) {}

  /** The smoothed values of `raw`, which must have only grown since the last call for `id`. */
  values(id: string, raw: readonly number[]): readonly number[] {
    let entry = this.#entries.get(id);
    if (entry === undefined || entry.values.length > raw.length) {
      entry = { state: EMA_START, values: [] };
      this.#entries.set(id, entry);
    }
    if (entry.values.length < raw.length) {
      const next = emaExtend(entry.state, raw.slice(entry.values.length), this.weight);
      entry.state = next.state;
      for (const value of next.values) entry.values.push(value);
    }
    return entry.values;
  }

  clear(): void {
    this.#entries.clear();
  }
}
