import { DataError } from './errors';
import type { DatasetEntry, DatasetFile } from './registry';
import type { Table } from './table';

export interface Validation {
  ok: boolean;
  problems: string[];
  /** Fine but worth saying: "a sample: 10,000 of 30,000 rows". */
  notes: string[];
}

function list(names: readonly string[], max = 3): string {
  return names.length > max ? `${names.slice(0, max).join(', ')}…` : names.join(', ');
}

/** Tells a wrong file from the right one by its shape ("expected 25 columns ID, LIMIT_BAL…, got 3"). */
export function validate(entry: DatasetEntry, table: Table): Validation {
  const problems: string[] = [];
  const notes: string[] = [];
  const exp = entry.expected;
  if (!exp) return { ok: true, problems, notes };
  const got = table.columns.map((c) => c.name);
  const want = exp.columns;
  const count = want?.length ?? exp.columnCount;
  if (count !== undefined && got.length !== count) {
    problems.push(
      `expected ${count} columns${want ? ` ${list(want)}` : ''}, got ${got.length}${got.length ? ` (${list(got)})` : ''}`,
    );
  } else if (want) {
    const i = want.findIndex((n, k) => got[k] !== n);
    if (i >= 0) problems.push(`column ${i + 1} should be "${want[i]}", got "${got[i]}"`);
  }
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
  return { ok: problems.length === 0, problems, notes };
}

/** validate(), raising a DataError that names the data set when the file is not it. */
export function assertDataset(entry: DatasetEntry, table: Table): Validation {
  const v = validate(entry, table);
  if (!v.ok) {
    throw new DataError(
      'wrong-dataset',
      `this does not look like "${entry.title}": ${v.problems.join('; ')}`,
      {
        file: table.name,
        hint: `Get the file from ${entry.url} (${entry.files.map((f) => f.name).join(', ')}).`,
      },
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
