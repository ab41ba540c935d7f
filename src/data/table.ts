import type { TableView } from '@/protocol';
import { DataError } from './errors';

export interface NumberColumn {
  name: string;
  kind: 'number';
  /** NaN marks a missing cell, as in pandas float64 columns. */
  values: Float64Array;
  /** Every present value is a whole number (a count, an id, a 0/1 label). */
  integer: boolean;
}

export interface StringColumn {
  name: string;
  kind: 'string';
  values: (string | null)[];
}

export type Column = NumberColumn | StringColumn;
export type Value = number | string | null;
export type Row = Record<string, Value>;

/** Plain data only, so a table can cross postMessage as is. */
export interface Table {
  name: string;
  columns: Column[];
  rowCount: number;
}

export function makeTable(name: string, columns: Column[]): Table {
  const rowCount = columns[0]?.values.length ?? 0;
  for (const c of columns) {
    if (c.values.length !== rowCount) {
      throw new Error(`column ${c.name} has ${c.values.length} rows, expected ${rowCount}`);
    }
  }
  return { name, columns, rowCount };
}

export function numberColumn(name: string, values: Float64Array): NumberColumn {
  return { name, kind: 'number', values, integer: allIntegers(values) };
}

export function allIntegers(values: Float64Array): boolean {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isNaN(v) && !Number.isInteger(v)) return false;
  }
  return true;
}

export function columnNames(table: Table): string[] {
  return table.columns.map((c) => c.name);
}

export function column(table: Table, name: string): Column {
  const found = table.columns.find((c) => c.name === name);
  if (!found) {
    throw new DataError('no-such-column', `there is no column "${name}"`, {
      file: table.name,
      hint: `The columns are: ${columnNames(table).join(', ')}.`,
    });
  }
  return found;
}

export function numericColumn(table: Table, name: string): NumberColumn {
  const c = column(table, name);
  if (c.kind !== 'number') {
    const sample = c.values.find((v) => v !== null) ?? '';
    throw new DataError('non-numeric', `the column holds text (e.g. "${sample}"), not numbers`, {
      file: table.name,
      column: name,
      hint: 'Drop it, or one-hot encode it before turning the table into a tensor.',
    });
  }
  return c;
}

export function valueAt(c: Column, i: number): Value {
  if (c.kind === 'number') {
    const v = c.values[i]!;
    return !Number.isNaN(v) ? v : null;
  }
  return c.values[i] ?? null;
}

export function rowAt(table: Table, i: number): Row {
  const row: Row = {};
  for (const c of table.columns) row[c.name] = valueAt(c, i);
  return row;
}

/** The first rows as plain cells, ready for the notebook's table renderer. */
export function head(table: Table, n = 5): TableView {
  const count = Math.min(n, table.rowCount);
  const rows: (number | string | null)[][] = [];
  for (let i = 0; i < count; i++) rows.push(table.columns.map((c) => valueAt(c, i)));
  return { columns: columnNames(table), rows, totalRows: table.rowCount, caption: table.name };
}

export function select(table: Table, names: readonly string[]): Table {
  return { ...table, columns: names.map((n) => column(table, n)) };
}

export function drop(table: Table, names: readonly string[]): Table {
  for (const n of names) column(table, n); // a typo should fail loudly, not silently keep it
  const gone = new Set(names);
  return { ...table, columns: table.columns.filter((c) => !gone.has(c.name)) };
}

/** Rows at `indices`, in that order; an index may repeat (oversampling). */
export function take(table: Table, indices: ArrayLike<number>): Table {
  const columns = table.columns.map((c): Column => {
    if (c.kind === 'number') {
      const out = new Float64Array(indices.length);
      for (let i = 0; i < indices.length; i++) out[i] = c.values[indices[i]!]!;
      return { ...c, values: out };
    }
    const out: (string | null)[] = new Array(indices.length);
    for (let i = 0; i < indices.length; i++) out[i] = c.values[indices[i]!] ?? null;
    return { ...c, values: out };
  });
  return { name: table.name, columns, rowCount: indices.length };
}

export function slice(table: Table, start: number, end = table.rowCount): Table {
  const from = Math.max(0, start);
  const to = Math.min(end, table.rowCount);
  const idx = new Int32Array(Math.max(0, to - from));
  for (let i = 0; i < idx.length; i++) idx[i] = from + i;
  return take(table, idx);
}

export function filter(table: Table, keep: (row: Row, index: number) => boolean): Table {
  const idx: number[] = [];
  for (let i = 0; i < table.rowCount; i++) if (keep(rowAt(table, i), i)) idx.push(i);
  return take(table, idx);
}

/** Stacks tables with the same column names (pandas `concat(axis=0)`). */
export function concatRows(tables: readonly Table[], name = tables[0]?.name ?? 'table'): Table {
  const first = tables[0];
  if (!first) return { name, columns: [], rowCount: 0 };
  const names = columnNames(first);
  const total = tables.reduce((s, t) => s + t.rowCount, 0);
  const columns = names.map((n): Column => {
    const parts = tables.map((t) => column(t, n));
    if (parts.every((p) => p.kind === 'number')) {
      const out = new Float64Array(total);
      let at = 0;
      for (const p of parts) {
        out.set(p.values as Float64Array, at);
        at += p.values.length;
      }
      return numberColumn(n, out);
    }
    const out: (string | null)[] = [];
    for (const p of parts) {
      for (let i = 0; i < p.values.length; i++) {
        const v = valueAt(p, i);
        out.push(v === null ? null : String(v));
      }
    }
    return { name: n, kind: 'string', values: out };
  });
  return { name, columns, rowCount: total };
}

export function withColumn(table: Table, col: Column): Table {
  if (col.values.length !== table.rowCount) {
    throw new Error(
      `column ${col.name} has ${col.values.length} rows, table has ${table.rowCount}`,
    );
  }
  const i = table.columns.findIndex((c) => c.name === col.name);
  const columns = [...table.columns];
  if (i >= 0) columns[i] = col;
  else columns.push(col);
  return { ...table, columns };
}
