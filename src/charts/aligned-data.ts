import type { DrawnSeries } from './decimate';

/** uPlot's data layout: one shared x column, then one y column per series (`null`: no value). */
export type AlignedTable = [number[], ...(number | null)[][]];

/**
 * Puts series with their own x values into one table: x is the sorted union, and each series has
 * its value where it has one and `null` elsewhere (the chart spans those gaps). Per-batch and
 * per-epoch curves of a subplot share one table this way; epochs end on a batch's step, so the
 * union is hardly longer than the batch series.
 */
export function alignSeries(series: readonly DrawnSeries[]): AlignedTable {
  const xs = unionSorted(series.map((s) => s.x));
  const index = new Map<number, number>();
  xs.forEach((x, i) => {
    index.set(x, i);
  });
  const columns = series.map((s) => {
    const column: (number | null)[] = new Array<number | null>(xs.length).fill(null);
    s.x.forEach((x, i) => {
      const at = index.get(x);
      if (at !== undefined) column[at] = s.y[i] ?? null;
    });
    return column;
  });
  return [xs, ...columns];
}

function unionSorted(lists: readonly (readonly number[])[]): number[] {
  const [only, ...others] = lists;
  if (only === undefined) return [];
  // The common case, a subplot of series with the very same steps, needs no set at all.
  if (isAscending(only) && others.every((other) => sameValues(other, only))) return only.slice();
  const all = new Set<number>();
  for (const list of lists) for (const x of list) all.add(x);
  return [...all].sort((a, b) => a - b);
}

function isAscending(list: readonly number[]): boolean {
  for (let i = 1; i < list.length; i++) if ((list[i] ?? 0) <= (list[i - 1] ?? 0)) return false;
  return true;
}

function sameValues(a: readonly number[], b: readonly number[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
