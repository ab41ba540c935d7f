import type { RunPoint, RunSummary } from '@/protocol';
import { baseMetric } from '../training-figure';

export type RunsX = 'step' | 'epoch' | 'wall';
export type RunsGranularity = 'batch' | 'epoch';

export const X_LABEL: Record<RunsX, string> = {
  step: 'step',
  epoch: 'epoch',
  wall: 'wall time (s)',
};

/** One metric of one run as the Runs view draws it: x ascending, raw values. */
export interface RunCurve {
  readonly runId: string;
  readonly runName: string;
  readonly metric: string;
  /** Validation curves are dashed, in their run's colour. */
  readonly validation: boolean;
  readonly color: string;
  readonly x: number[];
  readonly y: number[];
}

// Tableau 10, as TensorBoard and matplotlib colour runs: distinct hues, in a fixed order.
export const RUN_COLORS = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
] as const;

export function runColor(index: number): string {
  return RUN_COLORS[index % RUN_COLORS.length] ?? RUN_COLORS[0];
}

function xOf(point: RunPoint, x: RunsX): number {
  if (x === 'step') return point.step;
  if (x === 'epoch') return point.epoch;
  return point.wallMs / 1000;
}

/**
 * The points of `metric` at the chosen granularity. Per batch falls back to epoch ends for what
 * is logged only there (validation), and per epoch to batches for a loop without epochs.
 */
export function metricSeries(
  points: readonly RunPoint[],
  metric: string,
  x: RunsX,
  granularity: RunsGranularity,
): { x: number[]; y: number[] } {
  const has = (kind: RunPoint['kind']) => points.some((p) => p.kind === kind && metric in p.logs);
  const other: RunPoint['kind'] = granularity === 'batch' ? 'epoch' : 'batch';
  const kind = has(granularity) ? granularity : other;
  const pairs: [number, number][] = [];
  for (const p of points) {
    const value = p.logs[metric];
    if (p.kind === kind && value !== undefined) pairs.push([xOf(p, x), value]);
  }
  // Steps only grow within a run; a resumed or thinned record is sorted all the same.
  pairs.sort((a, b) => a[0] - b[0]);
  return { x: pairs.map((p) => p[0]), y: pairs.map((p) => p[1]) };
}

/** The curves of the chosen runs and metrics, each run in its own colour. */
export function runCurves(
  runs: readonly { summary: RunSummary; points: readonly RunPoint[]; color: string }[],
  metrics: readonly string[],
  x: RunsX,
  granularity: RunsGranularity,
): RunCurve[] {
  const curves: RunCurve[] = [];
  for (const { summary, points, color } of runs) {
    for (const metric of metrics) {
      if (!summary.metrics.includes(metric)) continue;
      const series = metricSeries(points, metric, x, granularity);
      if (series.x.length === 0) continue;
      curves.push({
        runId: summary.id,
        runName: summary.name,
        metric,
        validation: metric.startsWith('val_'),
        color,
        ...series,
      });
    }
  }
  return curves;
}

/** One chart per base metric (`loss` with `val_loss`), loss first, as the books draw them. */
export function groupByBase(curves: readonly RunCurve[]): { metric: string; curves: RunCurve[] }[] {
  const groups: { metric: string; curves: RunCurve[] }[] = [];
  for (const curve of curves) {
    const base = baseMetric(curve.metric);
    let group = groups.find((g) => g.metric === base);
    if (!group) {
      group = { metric: base, curves: [] };
      groups.push(group);
    }
    group.curves.push(curve);
  }
  const loss = groups.findIndex((g) => g.metric === 'loss');
  if (loss > 0) groups.unshift(...groups.splice(loss, 1));
  return groups;
}

/** What a log axis can draw: zero and negative values have no place on it. */
export function forLogAxis(values: readonly (number | null)[]): (number | null)[] {
  return values.map((v) => (v !== null && v > 0 ? v : null));
}

/** The metrics the Runs view starts with: the asked ones, else loss and val_loss, else the first. */
export function defaultMetrics(available: readonly string[], asked?: readonly string[]): string[] {
  if (asked && asked.length > 0) return asked.filter((m) => available.includes(m));
  const loss = ['loss', 'val_loss'].filter((m) => available.includes(m));
  if (loss.length > 0) return loss;
  return available.slice(0, 1);
}
