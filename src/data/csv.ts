import Papa from 'papaparse';
import { type BuilderOptions, ColumnBuilder, type TextInNumbers } from './builder';
import { DataError } from './errors';
import { detectHeader, type HeaderChoice, makeColumnNames } from './header';
import { DEFAULT_MISSING } from './numbers';
import {
  detectLineEnding,
  type LineEnding,
  NEWLINE,
  type Newline,
  stringChunks,
  type TextChunk,
  wholeRecords,
} from './records';
import type { Column, Table } from './table';

export type { LineEnding } from './records';
export { detectLineEnding } from './records';

export interface Progress {
  bytesProcessed: number;
  totalBytes: number;
  rows: number;
}
export type ProgressCallback = (p: Progress) => void;

export interface HeaderOptions {
  /** Rows at the top that are not data; undefined = detect. 0 = no header (names 0…n-1). */
  headerRows?: number;
  /** Which header row (0-based) names the columns; default the last one. */
  namesRow?: number;
  /** Join all header rows into each name ("X1 / LIMIT_BAL") instead of picking one. */
  combineHeaderRows?: boolean;
  /** Keep at most this many data rows (the book reads `nrows=50000`). */
  maxRows?: number;
  /** Decimal separator; ',' for European files. */
  decimal?: '.' | ',';
  /** Extra strings that mean "missing" besides pandas' defaults. */
  missing?: readonly string[];
}

export interface CsvOptions extends HeaderOptions {
  /** undefined = detect among comma, tab, semicolon and pipe. */
  delimiter?: string;
  onProgress?: ProgressCallback;
  /** Size of the original file, so progress is reported in its bytes, not in characters. */
  totalBytes?: number;
}

export interface CsvResult {
  table: Table;
  delimiter: string;
  lineEnding: LineEnding;
  header: HeaderChoice;
  textInNumbers: TextInNumbers[];
  /** maxRows stopped the read before the end of the file. */
  truncated: boolean;
  warnings: string[];
}

const SAMPLE_CHARS = 64 * 1024;
const PREVIEW_ROWS = 20;
const PROGRESS_EVERY_ROWS = 16384;

function sampleOf(text: string, newline: Newline): string {
  if (text.length <= SAMPLE_CHARS) return text;
  const cut = text.lastIndexOf(newline, SAMPLE_CHARS);
  return cut > 0 ? text.slice(0, cut) : text.slice(0, SAMPLE_CHARS);
}

function detectDelimiter(sample: string, newline: Newline): string {
  const guess = Papa.parse<string[]>(sample, {
    newline,
    preview: 50,
    skipEmptyLines: true,
    delimitersToGuess: [',', '\t', ';', '|'],
  });
  // Papa falls back to ',' when nothing splits the lines; a one-column file is fine.
  return guess.meta.delimiter || ',';
}

/** Pulls chunks until there is enough text to detect the layout from. */
function readHead(it: Iterator<TextChunk>): { head: TextChunk[]; text: string } {
  const head: TextChunk[] = [];
  let text = '';
  while (text.length < SAMPLE_CHARS || text.trim() === '') {
    const next = it.next();
    if (next.done) break;
    head.push(next.value);
    text += next.value.text;
  }
  return { head, text };
}

function* chain<T>(first: readonly T[], rest: Iterator<T>): Generator<T> {
  yield* first;
  for (let n = rest.next(); !n.done; n = rest.next()) yield n.value;
}

/**
 * Delimited text → typed table. `input` is a whole string or decoded chunks (any cut points):
 * chunks keep memory near the size of the result, since the file never exists as one string.
 */
export function parseDelimited(
  file: string,
  input: string | Iterable<TextChunk>,
  options: CsvOptions = {},
): CsvResult {
  const totalBytes = options.totalBytes ?? (typeof input === 'string' ? input.length : 0);
  const source = typeof input === 'string' ? stringChunks(input, totalBytes) : input;
  const it = source[Symbol.iterator]();
  const { head, text: headText } = readHead(it);
  if (headText.trim() === '') {
    throw new DataError('empty-file', 'the file is empty', {
      file,
      hint: 'Check that the download finished, or pick another file.',
    });
  }
  const lineEnding = detectLineEnding(headText);
  const newline = NEWLINE[lineEnding];
  const sample = sampleOf(headText, newline);
  const delimiter = options.delimiter ?? detectDelimiter(sample, newline);
  const decimalComma = options.decimal === ',';
  const preview = Papa.parse<string[]>(sample, {
    delimiter,
    newline,
    preview: PREVIEW_ROWS,
    skipEmptyLines: true,
  }).data;

  const header = chooseHeader(preview, options, decimalComma);
  const headerCells = preview.slice(0, header.headerRows);
  const width = (header.headerRows > 0 ? headerCells[header.namesRow] : preview[0])?.length ?? 0;
  const names = makeColumnNames(headerCells, width, header.namesRow, options.combineHeaderRows);

  const builderOptions: BuilderOptions = {
    decimalComma,
    missing: options.missing ? new Set([...DEFAULT_MISSING, ...options.missing]) : DEFAULT_MISSING,
    capacity: estimateRows(totalBytes, sample, preview.length, options.maxRows),
  };
  const builders = names.map((n) => new ColumnBuilder(n, builderOptions));
  const maxRows = options.maxRows ?? Number.POSITIVE_INFINITY;
  const warnings: string[] = [];
  let seen = 0;
  let dataRows = 0;
  let truncated = false;
  let failure = null as DataError | null;
  let bytesStart = 0;

  for (const piece of wholeRecords(chain(head, it), newline)) {
    const bytesEnd = Number.isNaN(piece.bytesEnd) ? totalBytes : piece.bytesEnd;
    Papa.parse<string[]>(piece.text, {
      delimiter,
      newline,
      skipEmptyLines: true,
      step(result, parser) {
        const row = result.data;
        const fileRow = ++seen;
        if (fileRow <= header.headerRows) return;
        if (dataRows >= maxRows) {
          truncated = true;
          parser.abort();
          return;
        }
        if (result.errors.length > 0 && result.errors.some((e) => e.code === 'MissingQuotes')) {
          failure = new DataError('parse', 'a quoted field is never closed', {
            file,
            row: fileRow,
            hint: 'A stray " starts a quoted field; the rest of the file was read as one cell.',
          });
          parser.abort();
          return;
        }
        if (row.length !== width) {
          failure = raggedError(file, fileRow, width, row.length, delimiter);
          parser.abort();
          return;
        }
        for (let c = 0; c < width; c++) builders[c]!.addText(row[c]!, fileRow);
        dataRows++;
        if (options.onProgress && dataRows % PROGRESS_EVERY_ROWS === 0) {
          const within = result.meta.cursor / piece.text.length;
          const bytesProcessed = Math.round(bytesStart + within * (bytesEnd - bytesStart));
          options.onProgress({ bytesProcessed, totalBytes, rows: dataRows });
        }
      },
    });
    bytesStart = bytesEnd;
    if (failure || truncated) break;
  }
  if (failure) throw failure;
  if (dataRows === 0) {
    throw new DataError('header-only', 'the file has a header but no data rows', {
      file,
      hint: 'The export may have been cut off; check the file in a text editor.',
    });
  }
  options.onProgress?.({ bytesProcessed: totalBytes, totalBytes, rows: dataRows });

  const textInNumbers: TextInNumbers[] = [];
  const columns: Column[] = builders.map((b) => {
    const done = b.finish();
    if (done.textInNumbers) textInNumbers.push(done.textInNumbers);
    return done.column;
  });
  for (const t of textInNumbers) warnings.push(describeTextInNumbers(file, t));
  return {
    table: { name: file, columns, rowCount: dataRows },
    delimiter,
    lineEnding,
    header,
    textInNumbers,
    truncated,
    warnings,
  };
}

function chooseHeader(
  preview: readonly string[][],
  options: HeaderOptions,
  decimalComma: boolean,
): HeaderChoice {
  if (options.headerRows === undefined) return detectHeader(preview, decimalComma);
  const headerRows = Math.max(0, Math.floor(options.headerRows));
  return {
    headerRows,
    namesRow: Math.min(options.namesRow ?? headerRows - 1, Math.max(0, headerRows - 1)),
    reason: 'chosen by the user',
  };
}

/** Sizes the column arrays from the sample's line length, so they are rarely regrown. */
function estimateRows(bytes: number, sample: string, sampleRows: number, maxRows?: number): number {
  const perRow = sample.length / Math.max(1, sampleRows);
  const guess = Math.ceil((bytes / Math.max(1, perRow)) * 1.02) + 16;
  return maxRows === undefined ? guess : Math.min(guess, maxRows + 1);
}

function raggedError(
  file: string,
  row: number,
  want: number,
  got: number,
  delim: string,
): DataError {
  const name = delim === '\t' ? 'tab' : delim === ',' ? 'comma' : `"${delim}"`;
  return new DataError('ragged-rows', `expected ${want} fields, got ${got}`, {
    file,
    row,
    hint:
      got > want
        ? `A field may hold an unquoted ${name}, or the delimiter is wrong; choose it by hand.`
        : 'The row is cut short: a field may be missing, or a quoted field spans lines.',
  });
}

export function describeTextInNumbers(file: string, t: TextInNumbers): string {
  const cells = t.count === 1 ? '1 cell' : `${t.count} cells`;
  return (
    `${file}: column "${t.column}" is numbers but ${cells} hold text ` +
    `(first at row ${t.firstRow}: "${t.firstText}"); they were read as missing.`
  );
}
