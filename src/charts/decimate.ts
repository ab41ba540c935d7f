/** What a chart draws of one series: x ascending, `null` where nothing is drawn. */
export interface DrawnSeries {
  readonly x: number[];
  readonly y: (number | null)[];
}

export interface XWindow {
  readonly min: number;
  readonly max: number;
}

/**
 * Keeps what a line chart of `buckets` pixel columns can show: per column the smallest and the
 * largest value, in the order they occurred, at the column's first and last x. Spikes survive
 * (unlike averaging or every-nth sampling); a series short enough to draw as is comes back whole.
 * Series of the same steps get the same x positions, so they line up in one aligned table.
 *
 * Non-finite values (a diverged loss) are never an extreme; they are left out, so the line
 * simply ends where it stopped being a number. With `window`, only the points inside it and one
 * neighbour on each side (so lines run to the edges) are kept, and the columns span the window.
 */
export function decimateMinMax(
  x: readonly number[],
  y: readonly number[],
  buckets: number,
  window?: XWindow,
): DrawnSeries {
  let from = 0;
  let to = x.length;
  if (window !== undefined) {
    from = Math.max(0, firstIndex(x, (v) => v >= window.min) - 1);
    to = Math.min(x.length, firstIndex(x, (v) => v > window.max) + 1);
  }
  const count = to - from;
  if (count <= 2 * buckets || count < 3) return finiteSlice(x, y, from, to);
  const x0 = x[from] ?? 0;
  const span = (x[to - 1] ?? x0) - x0 || 1;
  const outX: number[] = [];
  const outY: (number | null)[] = [];
  let bucket = -1;
  let firstX = 0;
  let lastX = 0;
  let minY = 0;
  let maxY = 0;
  let minAt = 0;
  let maxAt = 0;
  let seen = false;
  let lastFinite = Number.NaN;
  let lastFiniteX = 0;
  const emit = () => {
    if (!seen) return;
    const [a, b] = minAt <= maxAt ? [minY, maxY] : [maxY, minY];
    outX.push(firstX);
    outY.push(a);
    if (lastX !== firstX) {
      outX.push(lastX);
      outY.push(b);
    }
  };
  // The right edge is where training is now: the last column also ends on the latest value
  // (the legend reads it out). Its extremes move to its first and middle steps, positions that
  // series of the same steps share, so they still line up in one table.
  let bucketStart = from;
  const emitLast = () => {
    if (!seen) return;
    const [a, b] = minAt <= maxAt ? [minY, maxY] : [maxY, minY];
    const middleX = x[Math.floor((bucketStart + to - 1) / 2)] ?? firstX;
    const points: [number, number][] = [[firstX, a]];
    if (middleX > firstX && middleX < lastFiniteX) points.push([middleX, b]);
    if (lastFiniteX > firstX) points.push([lastFiniteX, lastFinite]);
    for (const [px, py] of points) {
      outX.push(px);
      outY.push(py);
    }
  };
  for (let i = from; i < to; i++) {
    const xi = x[i] ?? 0;
    const yi = y[i] ?? Number.NaN;
    const b = Math.min(buckets - 1, Math.floor(((xi - x0) / span) * buckets));
    if (b !== bucket) {
      emit();
      bucket = b;
      firstX = xi;
      bucketStart = i;
      seen = false;
    }
    lastX = xi;
    if (!Number.isFinite(yi)) continue;
    lastFinite = yi;
    lastFiniteX = xi;
    if (!seen) {
      minY = maxY = yi;
      minAt = maxAt = i;
      seen = true;
    } else if (yi < minY) {
      minY = yi;
      minAt = i;
    } else if (yi > maxY) {
      maxY = yi;
      maxAt = i;
    }
  }
  emitLast();
  return { x: outX, y: outY };
}

function finiteSlice(
  x: readonly number[],
  y: readonly number[],
  from: number,
  to: number,
): DrawnSeries {
  const outY: (number | null)[] = [];
  for (let i = from; i < to; i++) {
    const v = y[i] ?? Number.NaN;
    outY.push(Number.isFinite(v) ? v : null);
  }
  return { x: x.slice(from, to), y: outY };
}

/** The first index whose x passes `test`, which must flip from false to true once (x ascending). */
function firstIndex(x: readonly number[], test: (value: number) => boolean): number {
  let lo = 0;
  let hi = x.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (test(x[mid] ?? 0)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
