import Papa from 'papaparse';
import { type BuilderOptions, ColumnBuilder, type TextInNumbers } from './builder';
import { DataError } from './errors';
import { detectHeader, type HeaderChoice, makeColumnNames } from './header';
import { DEFAULT_MISSING } from './numbers';
import type { Column, Table } from './table';

export type LineEnding = 'LF' | 'CRLF' | 'CR';

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

/** The first line break outside quotes decides; a quoted field may hold a newline. */
export function detectLineEnding(text: string): LineEnding {
  let quoted = false;
  const end = Math.min(text.length, 4 * SAMPLE_CHARS);
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (!quoted && c === 13) return text.charCodeAt(i + 1) === 10 ? 'CRLF' : 'CR';
    else if (!quoted && c === 10) return 'LF';
  }
  return 'LF';
}

const NEWLINE: Record<LineEnding, '\n' | '\r\n' | '\r'> = { LF: '\n', CRLF: '\r\n', CR: '\r' };

function sampleOf(text: string, newline: string): string {
  if (text.length <= SAMPLE_CHARS) return text;
  const cut = text.lastIndexOf(newline, SAMPLE_CHARS);
  return cut > 0 ? text.slice(0, cut) : text.slice(0, SAMPLE_CHARS);
}

function detectDelimiter(sample: string, newline: '\n' | '\r\n' | '\r'): string {
  const guess = Papa.parse<string[]>(sample, {
    newline,
    preview: 50,
    skipEmptyLines: true,
    delimitersToGuess: [',', '\t', ';', '|'],
  });
  // Papa falls back to ',' when nothing splits the lines; a one-column file is fine.
  return guess.meta.delimiter || ',';
}

export function parseDelimited(file: string, text: string, options: CsvOptions = {}): CsvResult {
  if (text.trim() === '') {
    throw new DataError('empty-file', 'the file is empty', {
      file,
      hint: 'Check that the download finished, or pick another file.',
    });
  }
  const lineEnding = detectLineEnding(text);
  const newline = NEWLINE[lineEnding];
  const sample = sampleOf(text, newline);
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
    capacity: estimateRows(text.length, sample, preview.length, options.maxRows),
  };
  const builders = names.map((n) => new ColumnBuilder(n, builderOptions));
  const totalBytes = options.totalBytes ?? text.length;
  const maxRows = options.maxRows ?? Number.POSITIVE_INFINITY;
  const warnings: string[] = [];
  let seen = 0;
  let dataRows = 0;
  let truncated = false;
  let failure = null as DataError | null;

  Papa.parse<string[]>(text, {
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
      const quoteError = result.errors.find((e) => e.code === 'MissingQuotes');
      if (quoteError) {
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
        const at = result.meta.cursor / text.length;
        options.onProgress({
          bytesProcessed: Math.round(at * totalBytes),
          totalBytes,
          rows: dataRows,
        });
      }
    },
  });
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
function estimateRows(chars: number, sample: string, sampleRows: number, maxRows?: number): number {
  const perRow = sample.length / Math.max(1, sampleRows);
  const guess = Math.ceil((chars / Math.max(1, perRow)) * 1.02) + 16;
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
