import { DataError } from './errors';
import { drawWithReplacement, permutation } from './random';
import { column, concatRows, type Table, take, valueAt } from './table';

export interface Fractions {
  train: number;
  val: number;
  test: number;
}

export interface SplitSizes {
  train: number;
  val: number;
  test: number;
}

/** ceil that ignores float dust: 0.25 * 37382 must not become 9346.000000000002 → 9347. */
function ceilClean(x: number): number {
  return Math.ceil(Math.round(x * 1e9) / 1e9);
}

/**
 * Sizes as the books get them from two sklearn `train_test_split` calls: the test set is
 * `ceil(n·test)`, then the validation set is cut from the rest with `ceil(rest·val/(train+val))`.
 * 19,735 rows at 60/20/20 → 11,841 / 3,947 / 3,947; 46,728 → 28,036 / 9,346 / 9,346.
 */
export function splitSizes(n: number, f: Fractions): SplitSizes {
  const sum = f.train + f.val + f.test;
  if (f.train < 0 || f.val < 0 || f.test < 0 || Math.abs(sum - 1) > 1e-9) {
    throw new RangeError(
      `split fractions must be ≥ 0 and add up to 1, got ${f.train}/${f.val}/${f.test}`,
    );
  }
  const test = ceilClean(n * f.test);
  const rest = n - test;
  const val = f.train + f.val > 0 ? ceilClean(rest * (f.val / (f.train + f.val))) : 0;
  return { train: rest - val, val, test };
}

export function shuffle(table: Table, seed = 0): Table {
  return take(table, permutation(table.rowCount, seed));
}

export interface SplitOptions {
  /** Shuffle before cutting (default true), as train_test_split does. */
  shuffle?: boolean;
  seed?: number;
}

export function splitByFractions(
  table: Table,
  fractions: Fractions,
  options: SplitOptions = {},
): { train: Table; val: Table; test: Table; sizes: SplitSizes } {
  const sizes = splitSizes(table.rowCount, fractions);
  const order =
    options.shuffle === false
      ? Int32Array.from({ length: table.rowCount }, (_, i) => i)
      : permutation(table.rowCount, options.seed ?? 0);
  const a = sizes.train;
  const b = a + sizes.val;
  return {
    train: take(table, order.subarray(0, a)),
    val: take(table, order.subarray(a, b)),
    test: take(table, order.subarray(b)),
    sizes,
  };
}

function rowsByClass(table: Table, target: string): Map<number | string, number[]> {
  const c = column(table, target);
  const groups = new Map<number | string, number[]>();
  for (let i = 0; i < table.rowCount; i++) {
    const v = valueAt(c, i);
    if (v === null) continue;
    const g = groups.get(v);
    if (g) g.push(i);
    else groups.set(v, [i]);
  }
  if (groups.size < 2) {
    throw new DataError(
      'wrong-dataset',
      `the target has ${groups.size} class(es); resampling needs two or more`,
      {
        file: table.name,
        column: target,
      },
    );
  }
  return groups;
}

/**
 * The book's oversampling: keep the majority class, and draw every other class with
 * replacement up to the majority's count (`data_yes.sample(no, replace=True)`). The drawn
 * rows replace the originals, so 23,364 "no" + 23,364 drawn "yes" = 46,728 rows.
 */
export function oversample(table: Table, target: string, seed = 0): Table {
  const groups = [...rowsByClass(table, target).values()].sort((x, y) => y.length - x.length);
  const majority = groups[0]!;
  const parts = [take(table, majority)];
  groups.slice(1).forEach((rows, k) => {
    const draws = drawWithReplacement(rows.length, majority.length, seed + k);
    parts.push(
      take(
        table,
        Array.from(draws, (d) => rows[d]!),
      ),
    );
  });
  return concatRows(parts, table.name);
}

/** The other remedy the book names: cut every class down to the minority's count. */
export function undersample(table: Table, target: string, seed = 0): Table {
  const groups = [...rowsByClass(table, target).values()];
  const least = Math.min(...groups.map((g) => g.length));
  const parts = groups.map((rows, k) => {
    const order = permutation(rows.length, seed + k).subarray(0, least);
    return take(
      table,
      Array.from(order, (d) => rows[d]!),
    );
  });
  return concatRows(parts, table.name);
}
