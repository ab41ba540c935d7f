import type { BatchThinning, MetricPoint } from '@/protocol';

/**
 * Batch points a run keeps at most. A book run of 4,000 epochs makes ~880,000 of them; all of
 * them in the notebook would be ~60 MB, rewritten on every autosave, copied on every chart update
 * and stored in every checkpoint. A few thousand draw the same curve on a chart ~1,000 px wide.
 */
export const MAX_BATCH_POINTS = 4000;

export const UNTHINNED: BatchThinning = { stride: 1, seen: 0 };

/**
 * Appends `incoming` to `points` (in place), keeping every epoch point and every `stride`-th
 * batch point of the run. When more than `max` batch points would be kept the stride doubles
 * and every other kept one goes, so the kept ones stay evenly spaced over the whole run: those
 * whose position in the run is a multiple of the stride. Returns the new thinning state.
 */
export function appendThinned<P extends Pick<MetricPoint, 'kind'>>(
  points: P[],
  incoming: readonly P[],
  thinning: BatchThinning,
  max = MAX_BATCH_POINTS,
): BatchThinning {
  let { stride, seen } = thinning;
  for (const point of incoming) {
    if (point.kind !== 'batch') {
      points.push(point);
      continue;
    }
    if (seen % stride === 0) points.push(point);
    seen++;
    while (Math.ceil(seen / stride) > max) {
      stride *= 2;
      let batchIndex = 0;
      let kept = 0;
      for (const p of points) {
        if (p.kind !== 'batch' || batchIndex++ % 2 === 0) points[kept++] = p;
      }
      points.length = kept;
    }
  }
  return { stride, seen };
}

/** The thinning state of points that were never thinned (a view saved before thinning). */
export function unthinnedState(points: readonly MetricPoint[]): BatchThinning {
  return { stride: 1, seen: points.reduce((n, p) => n + (p.kind === 'batch' ? 1 : 0), 0) };
}
