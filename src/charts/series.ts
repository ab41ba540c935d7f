import type { MetricPoint } from '@/protocol';

export type SeriesKind = MetricPoint['kind'];

/** All raw values of one metric at one granularity, e.g. the per-batch `loss`. */
export interface Series {
  readonly id: string;
  readonly metric: string;
  readonly kind: SeriesKind;
  readonly x: number[];
  readonly y: number[];
}

export function seriesId(kind: SeriesKind, metric: string): string {
  return `${kind}:${metric}`;
}

/**
 * Turns the growing `TrainingView.points` array into per-metric series, reading each point once.
 * Keeps every raw value (the CSV is written from the points, the chart decimates for drawing).
 * Knows nothing of the DOM or of uPlot, so it can be tested on its own.
 */
export class SeriesBuffer {
  readonly #series = new Map<string, Series>();
  readonly #latest = new Map<string, number>();
  #consumed = 0;

  /** How many `MetricPoint`s have been read so far. */
  get pointCount(): number {
    return this.#consumed;
  }

  /**
   * Reads the points not seen yet. The view only ever grows within a run; a shorter array means
   * the chart was handed a fresh run, so the buffer starts over.
   */
  sync(points: readonly MetricPoint[]): void {
    if (points.length < this.#consumed) this.reset();
    for (let i = this.#consumed; i < points.length; i++) {
      const point = points[i];
      if (point !== undefined) this.#add(point);
    }
    this.#consumed = points.length;
  }

  #add(point: MetricPoint): void {
    for (const [metric, value] of Object.entries(point.logs)) {
      const id = seriesId(point.kind, metric);
      let series = this.#series.get(id);
      if (series === undefined) {
        series = { id, metric, kind: point.kind, x: [], y: [] };
        this.#series.set(id, series);
      }
      series.x.push(point.step);
      series.y.push(value);
      // A Map keeps first-insertion order, so the legend lists metrics in the order they appeared.
      this.#latest.set(metric, value);
    }
  }

  /** Series in the order they first appeared. */
  list(): Series[] {
    return [...this.#series.values()];
  }

  /** The last value received for each metric, whatever its granularity, in order of appearance. */
  lastValues(): { metric: string; value: number }[] {
    return [...this.#latest].map(([metric, value]) => ({ metric, value }));
  }

  /**
   * The mean of a series over its last epoch: the points with x in (⌈x_last⌉ − 1, ⌈x_last⌉]. Batch
   * steps are fractional epochs (epoch e's last batch is at e + 1), so this is the epoch so far;
   * for whole-number steps (iterations) it is the last value.
   */
  lastEpochMean(id: string): number | undefined {
    const series = this.#series.get(id);
    const lastX = series?.x.at(-1);
    if (series === undefined || lastX === undefined) return undefined;
    const from = Math.ceil(lastX) - 1;
    let sum = 0;
    let count = 0;
    for (let i = series.x.length - 1; i >= 0 && (series.x[i] ?? from) > from; i--) {
      sum += series.y[i] ?? 0;
      count++;
    }
    return count === 0 ? undefined : sum / count;
  }

  reset(): void {
    this.#series.clear();
    this.#latest.clear();
    this.#consumed = 0;
  }
}

/** Short, fixed-width-ish numbers for the legend under the chart: `0.2074`, `1234.57`, `NaN`. */
export function formatMetricValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs !== 0 && abs < 1e-3) return value.toExponential(2);
  return abs >= 100 ? value.toFixed(2) : value.toFixed(4);
}

/** `loss 0.2074 · val_loss 0.2210`: what end-to-end tests and people read without the canvas. */
export function lastValuesText(values: readonly { metric: string; value: number }[]): string {
  return values.map(({ metric, value }) => `${metric} ${formatMetricValue(value)}`).join(' · ');
}
