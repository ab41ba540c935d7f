import { DEFAULT_MISSING, isMissingText, parseNumber } from './numbers';

/** One cell as the header logic sees it: CSV gives text, a workbook may give numbers. */
export type RawCell = string | number | boolean | null | undefined;

export interface HeaderChoice {
  /** Rows at the top that are not data. */
  headerRows: number;
  /** Which of those rows (0-based) names the columns; ignored when headerRows is 0. */
  namesRow: number;
  /** Why, in words, for the preview ("two header rows: codes, then names"). */
  reason: string;
}

type Kind = 'empty' | 'number' | 'text';

function kindOf(cell: RawCell, decimalComma: boolean): Kind {
  if (cell === null || cell === undefined) return 'empty';
  if (typeof cell === 'number' || typeof cell === 'boolean') return 'number';
  if (isMissingText(cell, DEFAULT_MISSING)) return 'empty';
  const v = parseNumber(cell, decimalComma);
  return !Number.isNaN(v) ? 'number' : 'text';
}

interface RowShape {
  numbers: number;
  texts: number;
}

function shape(row: readonly RawCell[], decimalComma: boolean): RowShape {
  let numbers = 0;
  let texts = 0;
  for (const c of row) {
    const k = kindOf(c, decimalComma);
    if (k === 'number') numbers++;
    else if (k === 'text') texts++;
  }
  return { numbers, texts };
}

const isTextRow = (s: RowShape) => s.texts > 0 && s.numbers === 0;
const isMostlyNumbers = (s: RowShape) => s.numbers > 0 && s.numbers >= s.texts;

/** `0,1,…,n-1` or `1,…,n`: a header of column numbers (the book's YearPredictionMSD copy). */
function isIndexHeader(row: readonly RawCell[]): boolean {
  if (row.length < 2) return false;
  const start = Number(row[0]);
  if (start !== 0 && start !== 1) return false;
  return row.every((c, i) => c !== null && c !== '' && Number(c) === start + i);
}

/**
 * Guesses the header rows from the first rows of a file:
 * - a first row of numbers is data (UCI files often have no header), unless it counts 0..n-1;
 * - two all-text rows above numbers are a codes row and a names row (the UCI credit-card file);
 * - otherwise one header row.
 */
export function detectHeader(
  rows: readonly (readonly RawCell[])[],
  decimalComma = false,
): HeaderChoice {
  const [r0, r1, r2] = rows;
  if (!r0) return { headerRows: 0, namesRow: 0, reason: 'no rows' };
  if (r1 && isIndexHeader(r0) && !isIndexHeader(r1)) {
    return { headerRows: 1, namesRow: 0, reason: 'the first row numbers the columns' };
  }
  const s0 = shape(r0, decimalComma);
  if (isMostlyNumbers(s0)) {
    return { headerRows: 0, namesRow: 0, reason: 'the first row holds numbers, so it is data' };
  }
  if (r1 && r2 && isTextRow(s0) && isTextRow(shape(r1, decimalComma))) {
    if (isMostlyNumbers(shape(r2, decimalComma))) {
      return {
        headerRows: 2,
        namesRow: 1,
        reason: 'two text rows above the numbers: the second one names the columns',
      };
    }
  }
  return { headerRows: 1, namesRow: 0, reason: 'one header row' };
}

function cellText(c: RawCell): string {
  if (c === null || c === undefined) return '';
  return String(c).trim();
}

/** Where the names came from, so renamed ones can be told with their place. */
export interface NameNotes {
  /** 1-based file row of the names row. */
  row: number;
  /** Messages for the user (without the file name) are pushed here. */
  out: string[];
}

function listColumns(cols: readonly number[]): string {
  const shown = cols.slice(0, 3).map((c) => String(c + 1));
  return cols.length > 3 ? `${shown.join(', ')} and ${cols.length - 3} more` : shown.join(', ');
}

/**
 * Column names from the header rows, as pandas makes them: blanks become `Unnamed: i`, and a
 * repeated name gets `.1`, `.2`. Without a header the names are `0`…`n-1` (`header=None`).
 * With `notes`, every renamed column is told, with its row and column.
 */
export function makeColumnNames(
  headerRows: readonly (readonly RawCell[])[],
  width: number,
  namesRow: number,
  combine = false,
  notes?: NameNotes,
): string[] {
  const raw: string[] = [];
  const blank: number[] = [];
  for (let i = 0; i < width; i++) {
    if (headerRows.length === 0) {
      raw.push(String(i));
      continue;
    }
    const parts = combine
      ? headerRows.map((r) => cellText(r[i])).filter((p) => p)
      : [cellText(headerRows[Math.min(namesRow, headerRows.length - 1)]?.[i])];
    const name = parts.join(' / ');
    if (name === '') blank.push(i);
    raw.push(name === '' ? `Unnamed: ${i}` : name);
  }
  const seen = new Map<string, number>();
  const firstAt = new Map<string, number>();
  const dupes: string[] = [];
  const names = raw.map((name, i) => {
    const n = seen.get(name) ?? 0;
    seen.set(name, n + 1);
    if (n === 0) {
      firstAt.set(name, i);
      return name;
    }
    dupes.push(
      `"${name}" in column ${i + 1} repeats column ${(firstAt.get(name) ?? 0) + 1}, so it is called "${name}.${n}"`,
    );
    return `${name}.${n}`;
  });
  if (notes && blank.length > 0) {
    notes.out.push(
      blank.length === 1
        ? `row ${notes.row}, column ${blank[0]! + 1} has no name; it is called "Unnamed: ${blank[0]}"`
        : `row ${notes.row}: columns ${listColumns(blank)} have no name; they are called "Unnamed: <column − 1>"`,
    );
  }
  if (notes && dupes.length > 0) {
    const more = dupes.length > 3 ? `; and ${dupes.length - 3} more repeated names` : '';
    notes.out.push(`row ${notes.row}: ${dupes.slice(0, 3).join('; ')}${more}`);
  }
  return names;
}
