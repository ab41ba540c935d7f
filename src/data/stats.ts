import type { TableView } from '@/protocol';
import { column, type Table, valueAt } from './table';

export interface ColumnStats {
  name: string;
  kind: 'number' | 'string';
  integer: boolean;
  count: number;
  missing: number;
  unique: number;
  /** Numeric columns only; null when the column has no values. */
  min: number | null;
  max: number | null;
  mean: number | null;
  /** Sample standard deviation (ddof = 1), as pandas `std()`. */
  std: number | null;
  /** Share of present values outside mean ± 3·std (the books' outlier rule). */
  outlierShare: number | null;
  /** Cells that hold ±Infinity; min, max, mean and std are of the finite values. */
  infinite: number;
  /** Why a statistic is empty or leaves cells out, for the user; null when nothing needs saying. */
  note: string | null;
}

export interface Moments {
  count: number;
  min: number;
  max: number;
  mean: number;
  std: number;
}

/**
 * Two passes over the values: the mean first, then squared deviations (stable, exact enough).
 * Missing (NaN) cells are skipped, and with `finiteOnly` ±Infinity too.
 */
export function moments(values: Float64Array, finiteOnly = false): Moments {
  let count = 0;
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  const skip = finiteOnly ? (v: number) => !Number.isFinite(v) : Number.isNaN;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (skip(v)) continue;
    count++;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const mean = count ? sum / count : Number.NaN;
  let ss = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!skip(v)) ss += (v - mean) * (v - mean);
  }
  const std = count > 1 ? Math.sqrt(ss / (count - 1)) : Number.NaN;
  return { count, min: count ? min : Number.NaN, max: count ? max : Number.NaN, mean, std };
}

export function outlierShare(values: Float64Array, m: Moments = moments(values)): number {
  if (m.count === 0 || !(m.std > 0)) return 0;
  const lo = m.mean - 3 * m.std;
  const hi = m.mean + 3 * m.std;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isNaN(v) && (v < lo || v > hi)) n++;
  }
  // pandas divides by all rows (`count / data.shape[0]`), so missing cells count in the base.
  return n / values.length;
}

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

export function columnStats(table: Table, name: string): ColumnStats {
  const c = column(table, name);
  const unique = new Set<number | string>();
  let missing = 0;
  for (let i = 0; i < c.values.length; i++) {
    const v = valueAt(c, i);
    if (v === null) missing++;
    else unique.add(v);
  }
  if (c.kind === 'string') {
    const count = c.values.length - missing;
    return {
      name,
      kind: 'string',
      integer: false,
      count,
      missing,
      unique: unique.size,
      min: null,
      max: null,
      mean: null,
      std: null,
      outlierShare: null,
      infinite: 0,
      note: 'text: no min, max, mean or std',
    };
  }
  let infinite = 0;
  for (let i = 0; i < c.values.length; i++) {
    const v = c.values[i]!;
    if (v === Number.POSITIVE_INFINITY || v === Number.NEGATIVE_INFINITY) infinite++;
  }
  const m = moments(c.values, true);
  return {
    name,
    kind: 'number',
    integer: c.integer,
    count: m.count + infinite,
    missing,
    unique: unique.size,
    min: finite(m.min),
    max: finite(m.max),
    mean: finite(m.mean),
    std: finite(m.std),
    outlierShare: outlierShare(c.values, m),
    infinite,
    note: statsNote(c.values.length, missing, infinite, m.count),
  };
}

/** Says why min/max/mean/std are empty, or what they leave out. */
function statsNote(
  rows: number,
  missing: number,
  infinite: number,
  finiteCount: number,
): string | null {
  const inf = infinite === 1 ? '1 infinite value' : `${infinite} infinite values`;
  if (rows === 0) return 'no rows: no statistics';
  if (finiteCount === 0) {
    if (infinite > 0) return `only ${inf} and missing cells: no min, max, mean or std`;
    return `all ${rows} cells are missing: no statistics`;
  }
  const parts: string[] = [];
  if (infinite > 0) parts.push(`${inf} (±Infinity) left out of min, max, mean and std`);
  if (finiteCount === 1) parts.push('one value: std needs two');
  if (missing > 0 && parts.length > 0) parts.push(`${missing} missing`);
  return parts.length > 0 ? parts.join('; ') : null;
}

export interface TableDescription {
  name: string;
  rows: number;
  columns: ColumnStats[];
  /** Names of non-numeric columns (the books' "qualitative" check). */
  qualitative: string[];
  missingTotal: number;
}

/** Plain data (postMessage-safe): the preview's dtypes, missing counts, min/max/mean/std. */
export function describe(table: Table): TableDescription {
  const columns = table.columns.map((c) => columnStats(table, c.name));
  return {
    name: table.name,
    rows: table.rowCount,
    columns,
    qualitative: columns.filter((c) => c.kind === 'string').map((c) => c.name),
    missingTotal: columns.reduce((s, c) => s + c.missing, 0),
  };
}

/** `describe` as a table for the notebook: one row per column. */
export function describeView(d: TableDescription): TableView {
  return {
    columns: [
      'column',
      'type',
      'missing',
      'unique',
      'min',
      'max',
      'mean',
      'std',
      'outliers',
      'note',
    ],
    rows: d.columns.map((c) => [
      c.name,
      c.kind === 'number' ? (c.integer ? 'int' : 'float') : 'text',
      c.missing,
      c.unique,
      c.min,
      c.max,
      c.mean,
      c.std,
      c.outlierShare,
      c.note,
    ]),
    totalRows: d.columns.length,
    caption: `${d.name}: ${d.rows} rows × ${d.columns.length} columns`,
  };
}

export interface ClassBalance {
  column: string;
  classes: { value: number | string; count: number; share: number }[];
  missing: number;
}

/** Counts per class of a target column, most frequent first (ties by value). */
export function classBalance(table: Table, target: string): ClassBalance {
  const c = column(table, target);
  const counts = new Map<number | string, number>();
  let missing = 0;
  for (let i = 0; i < c.values.length; i++) {
    const v = valueAt(c, i);
    if (v === null) missing++;
    else counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  const total = table.rowCount;
  const classes = [...counts.entries()]
    .map(([value, count]) => ({ value, count, share: total ? count / total : 0 }))
    .sort((a, b) => b.count - a.count || String(a.value).localeCompare(String(b.value)));
  return { column: target, classes, missing };
}

/** Outlier shares of every numeric column, as the books' dict of `"%.3f"` fractions. */
export function outlierShares(table: Table): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of table.columns) {
    if (c.kind === 'number') out[c.name] = outlierShare(c.values);
  }
  return out;
}
