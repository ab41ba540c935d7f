import { DataError } from './errors';
import { type DatasetEntry, type DatasetFile, TARGET_RANGES } from './registry';
import type { Table } from './table';

export interface Validation {
  ok: boolean;
  problems: string[];
  /** Fine but worth saying: "a sample: 10,000 of 30,000 rows". */
  notes: string[];
  /** Columns whose names matched only up to case and punctuation: file's name → expected. */
  renames: [string, string][];
}

/** `default.payment.next.month`, `DEFAULT_PAYMENT_NEXT_MONTH` → `defaultpaymentnextmonth`. */
function looseName(name: string): string {
  return name.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Rows of the file as the user counts them, when the header rows are known. */
export interface CheckContext {
  headerRows?: number;
}

function list(names: readonly string[], max = 3): string {
  return names.length > max ? `${names.slice(0, max).join(', ')}…` : names.join(', ');
}

/** Tells a wrong file from the right one by its shape ("expected 25 columns ID, LIMIT_BAL…, got 3"). */
export function validate(
  entry: DatasetEntry,
  table: Table,
  context: CheckContext = {},
): Validation {
  const problems: string[] = [];
  const notes: string[] = [];
  const renames: [string, string][] = [];
  const exp = entry.expected;
  if (!exp) return { ok: true, problems, notes, renames };
  const got = table.columns.map((c) => c.name);
  const want = exp.columns;
  const count = want?.length ?? exp.columnCount;
  if (count !== undefined && got.length !== count) {
    problems.push(
      `expected ${count} columns${want ? ` ${list(want)}` : ''}, got ${got.length}${got.length ? ` (${list(got)})` : ''}`,
    );
  } else if (want) {
    // Other copies write the same names with dots, underscores or other case (R, pandas).
    const i = want.findIndex((n, k) => looseName(got[k] ?? '') !== looseName(n));
    if (i >= 0) problems.push(`column ${i + 1} should be "${want[i]}", got "${got[i]}"`);
    else {
      want.forEach((n, k) => {
        if (got[k] !== n) renames.push([got[k]!, n]);
      });
      if (renames.length > 0) {
        const shown = renames.slice(0, 3).map(([from, to]) => `"${from}" → "${to}"`);
        notes.push(
          `column names matched up to case and punctuation, and renamed: ${shown.join(', ')}${renames.length > 3 ? ` and ${renames.length - 3} more` : ''}`,
        );
      }
    }
  }
  if (problems.length === 0) checkTarget(entry, table, renames, context, problems);
  if (exp.rows !== undefined) {
    const fmt = (n: number) => n.toLocaleString('en-US');
    if (exp.rowsMode === 'at-most') {
      if (table.rowCount > exp.rows)
        problems.push(`expected at most ${fmt(exp.rows)} rows, got ${fmt(table.rowCount)}`);
      else if (table.rowCount < exp.rows)
        notes.push(`a sample: ${fmt(table.rowCount)} of ${fmt(exp.rows)} rows`);
    } else if (table.rowCount !== exp.rows) {
      problems.push(`expected ${fmt(exp.rows)} rows, got ${fmt(table.rowCount)}`);
    }
  }
  return { ok: problems.length === 0, problems, notes, renames };
}

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toPrecision(6).replace(/\.?0+$/, '');
}

/** A target holding another quantity (0..1 shares where years belong) is another data set. */
function checkTarget(
  entry: DatasetEntry,
  table: Table,
  renames: readonly [string, string][],
  context: CheckContext,
  problems: string[],
): void {
  const range = TARGET_RANGES[entry.id];
  if (!range || entry.target === undefined) return;
  const fileName = renames.find(([, to]) => to === entry.target)?.[0] ?? entry.target;
  const col = table.columns.find((c) => c.name === fileName);
  if (!col) return;
  if (col.kind !== 'number') {
    problems.push(`the target column "${entry.target}" holds text; expected ${range.what}`);
    return;
  }
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let first = -1;
  for (let i = 0; i < col.values.length; i++) {
    const v = col.values[i]!;
    if (Number.isNaN(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
    const bad = v < range.min || v > range.max || (range.integer && !Number.isInteger(v));
    if (bad && first < 0) first = i;
  }
  if (first < 0) return;
  const at =
    context.headerRows !== undefined
      ? `row ${first + 1 + context.headerRows}`
      : `data row ${first + 1}`;
  problems.push(
    `the target column "${entry.target}" holds ${fmt(min)} to ${fmt(max)} (first out of range at ${at}: ${fmt(col.values[first]!)}); expected ${range.what} (${fmt(range.min)} to ${fmt(range.max)}${range.integer ? ', whole numbers' : ''})`,
  );
}

/**
 * validate(), raising a DataError that names the data set when the file is not it. Names that
 * matched only up to case and punctuation are renamed in the table to the book's names, so
 * the book's code finds its columns.
 */
export function assertDataset(
  entry: DatasetEntry,
  table: Table,
  context: CheckContext = {},
): Validation {
  const v = validate(entry, table, context);
  if (!v.ok) {
    throw new DataError(
      'wrong-dataset',
      `this does not look like "${entry.title}": ${v.problems.join('; ')}`,
      {
        file: table.name,
        ...(entry.target && v.problems.some((p) => p.startsWith('the target'))
          ? { column: entry.target }
          : {}),
        hint: `Get the file from ${entry.url} (${entry.files.map((f) => f.name).join(', ')}).`,
      },
    );
  }
  if (v.renames.length > 0) {
    const to = new Map(v.renames);
    table.columns = table.columns.map((c) =>
      to.has(c.name) ? { ...c, name: to.get(c.name)! } : c,
    );
  }
  return v;
}

export type Identity =
  | { match: 'exact'; file: DatasetFile }
  | { match: 'variant'; note: string }
  | { match: 'unknown' };

/** What a file's sha256 says it is, for entries with fixed bytes. */
export function identify(entry: DatasetEntry, sha256: string): Identity {
  const file = entry.files.find((f) => f.sha256 === sha256);
  if (file) return { match: 'exact', file };
  const note = entry.knownVariants?.[sha256];
  return note ? { match: 'variant', note } : { match: 'unknown' };
}
