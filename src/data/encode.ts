import { DataError } from './errors';
import {
  type Column,
  column,
  numberColumn,
  numericColumn,
  type Table,
  take,
  valueAt,
} from './table';

/**
 * pandas `get_dummies`: one 0/1 column per distinct value, named `<column>_<value>`, in
 * sorted value order, placed where the original column was.
 */
export function oneHot(table: Table, name: string): Table {
  const src = column(table, name);
  const values = new Set<number | string>();
  for (let i = 0; i < table.rowCount; i++) {
    const v = valueAt(src, i);
    if (v !== null) values.add(v);
  }
  const sorted = [...values].sort((a, b) =>
    typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b)),
  );
  const dummies: Column[] = sorted.map((value) => {
    const out = new Float64Array(table.rowCount);
    for (let i = 0; i < table.rowCount; i++) out[i] = valueAt(src, i) === value ? 1 : 0;
    return numberColumn(`${name}_${value}`, out);
  });
  const at = table.columns.indexOf(src);
  const columns = [...table.columns.slice(0, at), ...dummies, ...table.columns.slice(at + 1)];
  return { ...table, columns };
}

export interface Matrix {
  /** Row-major, ready for `tf.tensor2d(values, [rows, cols])`. */
  values: Float32Array;
  rows: number;
  cols: number;
  columns: string[];
}

/**
 * Numeric columns → one Float32Array. Missing cells are refused: a NaN that reaches a tensor
 * turns the loss into NaN many steps later, far from the cause.
 */
export function toMatrix(table: Table, columns?: readonly string[]): Matrix {
  const names = columns ? [...columns] : table.columns.map((c) => c.name);
  const cols = names.map((n) => numericColumn(table, n).values);
  const rows = table.rowCount;
  const values = new Float32Array(rows * cols.length);
  for (let j = 0; j < cols.length; j++) {
    const src = cols[j]!;
    let missing = 0;
    let first = -1;
    for (let i = 0; i < rows; i++) {
      const v = src[i]!;
      if (Number.isNaN(v)) {
        missing++;
        if (first < 0) first = i;
      }
      values[i * cols.length + j] = v;
    }
    if (missing > 0) {
      throw new DataError(
        'missing-values',
        `${missing} missing cell(s); the first is data row ${first + 1}`,
        {
          file: table.name,
          column: names[j],
          hint: 'Fill them (e.g. with the column mean) or drop those rows before making a tensor.',
        },
      );
    }
  }
  return { values, rows, cols: cols.length, columns: names };
}

export function toVector(table: Table, name: string): Float32Array {
  return toMatrix(table, [name]).values;
}

/** Keeps the rows with no missing cell in the given columns (pandas `dropna(subset=…)`). */
export function dropMissing(table: Table, columns?: readonly string[]): Table {
  const checked = (columns ?? table.columns.map((c) => c.name)).map((n) => column(table, n));
  const keep: number[] = [];
  for (let i = 0; i < table.rowCount; i++) {
    if (checked.every((c) => valueAt(c, i) !== null)) keep.push(i);
  }
  return take(table, keep);
}
