import { moments } from './stats';
import { type Column, numberColumn, numericColumn, type Table } from './table';

export interface Scaler {
  kind: 'minmax' | 'standard';
  columns: string[];
  /** Subtracted: the min (min-max) or the mean (standard). */
  offset: number[];
  /** Divided by: max − min, or the sample std. */
  scale: number[];
}

function numericNames(
  table: Table,
  columns?: readonly string[],
  exclude: readonly string[] = [],
): string[] {
  const names = columns ?? table.columns.filter((c) => c.kind === 'number').map((c) => c.name);
  return names.filter((n) => !exclude.includes(n));
}

export interface FitOptions {
  /** Default: every numeric column. */
  columns?: readonly string[];
  /** Left as is, e.g. the target. */
  exclude?: readonly string[];
}

/** `(X - X.min()) / (X.max() - X.min())`, fitted on one table and applied to any other. */
export function fitMinMax(table: Table, options: FitOptions = {}): Scaler {
  const columns = numericNames(table, options.columns, options.exclude);
  const offset: number[] = [];
  const scale: number[] = [];
  for (const n of columns) {
    const m = moments(numericColumn(table, n).values);
    offset.push(m.min);
    scale.push(m.max - m.min);
  }
  return { kind: 'minmax', columns, offset, scale };
}

/** `(X - X.mean()) / X.std()` with pandas' sample std (ddof = 1). */
export function fitStandard(table: Table, options: FitOptions = {}): Scaler {
  const columns = numericNames(table, options.columns, options.exclude);
  const offset: number[] = [];
  const scale: number[] = [];
  for (const n of columns) {
    const m = moments(numericColumn(table, n).values);
    offset.push(m.mean);
    scale.push(m.std);
  }
  return { kind: 'standard', columns, offset, scale };
}

/**
 * Applies a fitted scaler. A constant column (scale 0) maps to 0 rather than pandas' NaN:
 * NaN would poison every weight it touches during training.
 */
export function applyScaler(table: Table, scaler: Scaler): Table {
  const index = new Map(scaler.columns.map((n, i) => [n, i]));
  const columns = table.columns.map((c): Column => {
    const i = index.get(c.name);
    if (i === undefined) return c;
    const src = numericColumn(table, c.name).values;
    const off = scaler.offset[i]!;
    const sc = scaler.scale[i]!;
    const out = new Float64Array(src.length);
    for (let r = 0; r < src.length; r++) {
      const v = src[r]!;
      out[r] = Number.isNaN(v) ? v : sc > 0 ? (v - off) / sc : 0;
    }
    return numberColumn(c.name, out);
  });
  return { ...table, columns };
}

export function minMaxScale(table: Table, options: FitOptions = {}): Table {
  return applyScaler(table, fitMinMax(table, options));
}

export function standardScale(table: Table, options: FitOptions = {}): Table {
  return applyScaler(table, fitStandard(table, options));
}
