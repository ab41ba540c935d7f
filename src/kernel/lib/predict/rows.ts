import { UserFacingError } from '@/utils/errors';

export interface ParsedRows {
  rows: number[][];
  /** What was inferred, in words, for the user: a header found, columns reordered or dropped. */
  notes: string[];
}

export interface RowShape {
  /** Values the model takes per row. */
  width: number;
  /** The model's input column names, when known. */
  columns?: string[] | undefined;
}

const MAX_ROWS = 100_000;

function tokens(line: string): string[] {
  const trimmed = line.trim();
  const delimiter = trimmed.includes('\t')
    ? '\t'
    : trimmed.includes(';')
      ? ';'
      : trimmed.includes(',')
        ? ','
        : /\s+/;
  return trimmed.split(delimiter).map((t) => t.trim().replace(/^"(.*)"$/, '$1'));
}

function isNumber(token: string): boolean {
  return token !== '' && Number.isFinite(Number(token));
}

function fromJson(text: string): unknown[] | null {
  const trimmed = text.trim();
  if (!trimmed.startsWith('[') && !trimmed.startsWith('{')) return null;
  try {
    const value: unknown = JSON.parse(trimmed);
    if (Array.isArray(value)) return value;
    // The books' request body: {"data": [[…]]}.
    if (typeof value === 'object' && value !== null && 'data' in value && Array.isArray(value.data))
      return value.data;
  } catch {
    return null;
  }
  return null;
}

function checkWidth(row: number[], shape: RowShape, where: string): void {
  if (row.length !== shape.width) {
    throw new UserFacingError(
      `${where} has ${row.length} value${row.length === 1 ? '' : 's'}; the model takes ${shape.width}.`,
      shape.columns
        ? `Give the values in this order: ${shape.columns.join(', ')}. A CSV with a header row may have them in any order.`
        : `Give ${shape.width} numbers per row, separated by commas, tabs or spaces.`,
    );
  }
}

/** Rows from arrays (one row, or an array of rows), each value checked to be a finite number. */
export function rowsFromArrays(values: unknown[], shape: RowShape): number[][] {
  const nested = values.every(Array.isArray) ? (values as unknown[][]) : [values];
  return nested.map((row, i) => {
    const numbers = row.map((v, j) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new UserFacingError(
          `Row ${i + 1}, value ${j + 1} is ${JSON.stringify(v)}, not a number.`,
        );
      }
      return v;
    });
    checkWidth(numbers, shape, `Row ${i + 1}`);
    return numbers;
  });
}

/** Maps a header's names to the model's columns; null when the header is not those names. */
function headerOrder(header: string[], columns: string[]): number[] | null {
  const normal = (s: string) => s.trim().toLowerCase();
  const index = new Map(header.map((name, i) => [normal(name), i]));
  const order = columns.map((c) => index.get(normal(c)) ?? -1);
  const missing = columns.filter((_, i) => order[i] === -1);
  if (missing.length === columns.length) return null;
  if (missing.length > 0) {
    throw new UserFacingError(
      `The header lacks the column${missing.length === 1 ? '' : 's'} ${missing.join(', ')}.`,
      `The model takes: ${columns.join(', ')}.`,
    );
  }
  return order;
}

/**
 * Rows of numbers from what a user typed, pasted or uploaded: CSV/TSV/space-separated lines
 * (with or without a header row), or JSON (`[[…]]`, `[…]`, or the books' `{"data": [[…]]}`).
 * A header matching the model's columns puts them in the model's order, whatever the file's.
 */
export function parseRows(text: string, shape: RowShape): ParsedRows {
  const json = fromJson(text);
  if (json) return { rows: rowsFromArrays(json, shape), notes: ['read as JSON'] };
  const lines = text
    .split(/\r\n|\r|\n/)
    .map((line, i) => ({ line, number: i + 1 }))
    .filter(({ line }) => line.trim() !== '');
  if (lines.length === 0) {
    throw new UserFacingError(
      'There are no rows to predict.',
      `Type or paste one row per line (${shape.width} values each), or choose a CSV file.`,
    );
  }
  const notes: string[] = [];
  const first = lines[0] ? tokens(lines[0].line) : [];
  let order: number[] | null = null;
  let body = lines;
  if (!first.every(isNumber)) {
    body = lines.slice(1);
    order = shape.columns ? headerOrder(first, shape.columns) : null;
    if (order) {
      const dropped = first.filter((_, i) => !order?.includes(i));
      notes.push(
        `header row matched to the model's ${shape.width} columns${dropped.length > 0 ? `; ignored: ${dropped.join(', ')}` : ''}`,
      );
    } else notes.push('first line read as a header row');
  }
  if (body.length > MAX_ROWS) {
    throw new UserFacingError(
      `${body.length} rows is more than the ${MAX_ROWS} one prediction takes.`,
      'Split the file, or call predict(model, rows) in a cell for batches.',
    );
  }
  const rows = body.map(({ line, number }) => {
    const cells = tokens(line);
    const picked = order ? order.map((i) => cells[i] ?? '') : cells;
    const values = picked.map((token, j) => {
      if (!isNumber(token)) {
        throw new UserFacingError(
          `Line ${number}, value ${j + 1} is "${token}", not a number.`,
          'Every value must be a number; remove text columns or fill in missing values.',
        );
      }
      return Number(token);
    });
    checkWidth(values, shape, `Line ${number}`);
    return values;
  });
  return { rows, notes };
}
