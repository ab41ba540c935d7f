import Papa from 'papaparse';
import {
  type BuilderOptions,
  ColumnBuilder,
  type NumbersReadAsText,
  type SpecialNumbers,
  type TextInNumbers,
} from './builder';
import { DataError } from './errors';
import { detectHeader, type HeaderChoice, makeColumnNames } from './header';
import { finishColumns, noticeWarnings } from './notices';
import { DEFAULT_MISSING, scanDecimal } from './numbers';
import {
  detectLineEnding,
  type LineEnding,
  lineEndCounts,
  NEWLINE,
  type Newline,
  normalizeNewlines,
  stringChunks,
  type TextChunk,
  wholeRecords,
} from './records';
import type { Table } from './table';

export { describeTextInNumbers } from './notices';
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
  /**
   * Read CRLF, LF and CR all as line ends (set on a second pass when a file mixes them
   * beyond its first rows; the first rows are checked without it).
   */
  mixedLineEnds?: boolean;
}

export interface CsvResult {
  table: Table;
  delimiter: string;
  lineEnding: LineEnding;
  header: HeaderChoice;
  textInNumbers: TextInNumbers[];
  /** Mostly-number columns read as text because some cells are not numbers. */
  readAsText: NumbersReadAsText[];
  /** Infinity / NaN cells per column. */
  special: SpecialNumbers[];
  /** The decimal separator used, and why. */
  decimal: '.' | ',';
  decimalReason: string;
  /** The file mixes CRLF, LF and CR line ends; all were read as line ends. */
  mixedLineEnds: boolean;
  /** maxRows stopped the read before the end of the file. */
  truncated: boolean;
  warnings: string[];
}

/** Thrown when a row turns out to hold a line end of another kind; the caller reads again. */
export class MixedLineEnds extends Error {
  override name = 'MixedLineEnds';
}

const SAMPLE_CHARS = 64 * 1024;
const PREVIEW_ROWS = 20;
/** The sample always holds this many whole lines, however wide (10,000 columns and more). */
const SAMPLE_LINES = PREVIEW_ROWS + 1;
/** …unless the head of the file grows past this without that many lines. */
const MAX_HEAD_CHARS = 64 * 1024 * 1024;
const PROGRESS_EVERY_ROWS = 16384;

/** Where the n-th newline ends, or -1. */
function afterLines(text: string, newline: Newline, n: number): number {
  let at = -1;
  for (let k = 0; k < n; k++) {
    at = text.indexOf(newline, at + 1);
    if (at < 0) return -1;
  }
  return at + newline.length;
}

/** About 64 KiB of whole lines, and never fewer than SAMPLE_LINES of them. */
function sampleOf(text: string, newline: Newline): string {
  if (text.length <= SAMPLE_CHARS) return text;
  const minimum = afterLines(text, newline, SAMPLE_LINES);
  if (minimum < 0) return text;
  const cut = text.lastIndexOf(newline, SAMPLE_CHARS);
  return text.slice(0, Math.max(cut, minimum));
}

/** Cells like `1.234,5` or `-0,25`: a decimal comma, with dots for thousands or none. */
const COMMA_DECIMAL = /^\s*[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+)?,\d+\s*$/;
/** Cells like `0.25` that are not `1.234` (which a decimal-comma file writes for 1234). */
const POINT_DECIMAL = /^\s*[+-]?\d*\.\d+(?:[eE][+-]?\d+)?\s*$/;
const DOT_GROUPS = /^\s*[+-]?\d{1,3}(?:\.\d{3})+\s*$/;

/**
 * European exports write `3,14` and separate fields with `;`: a comma can only be a decimal
 * mark when it is not the delimiter, and it wins when more cells read that way than with a point.
 */
function detectDecimal(
  rows: readonly string[][],
  delimiter: string,
): { decimal: '.' | ','; reason: string } {
  if (delimiter === ',') return { decimal: '.', reason: 'the comma separates fields' };
  let comma = 0;
  let point = 0;
  for (const row of rows) {
    for (const cell of row) {
      if (COMMA_DECIMAL.test(cell)) comma++;
      else if (POINT_DECIMAL.test(cell) && !DOT_GROUPS.test(cell)) point++;
    }
  }
  if (comma > 0 && comma > point) {
    return {
      decimal: ',',
      reason: `${comma} numbers in the first rows are written like "3,14"`,
    };
  }
  return {
    decimal: '.',
    reason: point > 0 ? 'numbers are written like "3.14"' : 'no decimal numbers in the first rows',
  };
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

/** Line breaks in `text`, counting up to `enough` (CRLF once). */
function countBreaks(text: string, enough = SAMPLE_LINES): number {
  let n = 0;
  for (let i = 0; i < text.length && n < enough; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) n++;
  }
  return n;
}

/**
 * Pulls chunks until there is enough text to detect the layout from: 64 KiB, and enough whole
 * lines for the header and a few rows however wide they are.
 */
function readHead(it: Iterator<TextChunk>): { head: TextChunk[]; text: string } {
  const head: TextChunk[] = [];
  let length = 0;
  let blank = true;
  let breaks = 0;
  // Counted chunk by chunk: re-reading the growing head at every 64 KiB chunk of a 50 MB line
  // would scan (and join) it hundreds of times.
  while (length < SAMPLE_CHARS || blank || (length < MAX_HEAD_CHARS && breaks < SAMPLE_LINES)) {
    const next = it.next();
    if (next.done) break;
    const piece = next.value.text;
    // A CRLF split between chunks is one break, not a CR and an LF.
    if (piece.charCodeAt(0) === 10 && head.at(-1)?.text.endsWith('\r')) breaks--;
    head.push(next.value);
    length += piece.length;
    blank &&= piece.trim() === '';
    if (breaks < SAMPLE_LINES) breaks += countBreaks(piece);
  }
  return { head, text: head.map((c) => c.text).join('') };
}

function* chain<T>(first: readonly T[], rest: Iterator<T>): Generator<T> {
  yield* first;
  for (let n = rest.next(); !n.done; n = rest.next()) yield n.value;
}

/**
 * Delimited text → typed table. `input` is a whole string or decoded chunks (any cut points):
 * chunks keep memory near the size of the result, since the file never exists as one string.
 * A string whose line ends turn out mixed past its first rows is read again at once; for
 * chunks, MixedLineEnds is thrown and the caller reads again with `mixedLineEnds`.
 */
export function parseDelimited(
  file: string,
  input: string | Iterable<TextChunk>,
  options: CsvOptions = {},
): CsvResult {
  try {
    return parseOnce(file, input, options);
  } catch (e) {
    if (e instanceof MixedLineEnds && typeof input === 'string') {
      return parseOnce(file, input, { ...options, mixedLineEnds: true });
    }
    throw e;
  }
}

function parseOnce(
  file: string,
  input: string | Iterable<TextChunk>,
  options: CsvOptions,
): CsvResult {
  const totalBytes = options.totalBytes ?? (typeof input === 'string' ? input.length : 0);
  const source = typeof input === 'string' ? stringChunks(input, totalBytes) : input;
  let it = source[Symbol.iterator]();
  let { head, text: headText } = readHead(it);
  if (headText.trim() === '') {
    throw new DataError('empty-file', 'the file is empty', {
      file,
      hint: 'Check that the download finished, or pick another file.',
    });
  }
  const ends = lineEndCounts(headText);
  const mixed =
    options.mixedLineEnds === true || [ends.crlf, ends.lf, ends.cr].filter((n) => n > 0).length > 1;
  let lineEnding = detectLineEnding(headText);
  if (mixed) {
    // One kind of line end for the parser: all three read as LF.
    it = normalizeNewlines(chain(head, it))[Symbol.iterator]();
    ({ head, text: headText } = readHead(it));
    lineEnding = 'LF';
  }
  const newline = NEWLINE[lineEnding];
  const sample = sampleOf(headText, newline);
  const delimiter = options.delimiter ?? detectDelimiter(sample, newline);
  const preview = Papa.parse<string[]>(sample, {
    delimiter,
    newline,
    preview: PREVIEW_ROWS,
    skipEmptyLines: true,
  }).data;
  const decimalChoice =
    options.decimal !== undefined
      ? { decimal: options.decimal, reason: 'chosen by the user' }
      : detectDecimal(preview.slice(1), delimiter);
  const decimalComma = decimalChoice.decimal === ',';

  const header = chooseHeader(preview, options, decimalComma);
  const headerCells = preview.slice(0, header.headerRows);
  const width = (header.headerRows > 0 ? headerCells[header.namesRow] : preview[0])?.length ?? 0;
  const nameNotes: string[] = [];
  const names = makeColumnNames(headerCells, width, header.namesRow, options.combineHeaderRows, {
    row: header.namesRow + 1,
    out: nameNotes,
  });

  const builderOptions: BuilderOptions = {
    decimalComma,
    missing: options.missing ? new Set([...DEFAULT_MISSING, ...options.missing]) : DEFAULT_MISSING,
    capacity: estimateRows(totalBytes, sample, options.maxRows),
  };
  const builders = names.map((n) => new ColumnBuilder(n, builderOptions));
  const maxRows = options.maxRows ?? Number.POSITIVE_INFINITY;
  const warnings: string[] = nameNotes.map((n) => `${file}: ${n}.`);
  if (mixed) {
    warnings.push(
      `${file}: the line ends are mixed (${[
        ends.crlf ? `${ends.crlf} CRLF` : '',
        ends.lf ? `${ends.lf} LF` : '',
        ends.cr ? `${ends.cr} CR` : '',
      ]
        .filter((p) => p)
        .join(
          ', ',
        )}${options.mixedLineEnds ? ' in the first rows, and others further on' : ' in the first rows'}); each was read as a line end.`,
    );
  }
  let seen = 0;
  let dataRows = 0;
  let truncated = false;
  let failure = null as Error | null;
  let bytesStart = 0;

  const progress = (within: number, bytesEnd: number) => {
    const bytesProcessed = Math.round(bytesStart + within * (bytesEnd - bytesStart));
    options.onProgress?.({ bytesProcessed, totalBytes, rows: dataRows });
  };

  /**
   * A piece without a quote is split here, straight into the column builders: the same rows
   * and fields as Papa's own quote-free path (split on the newline, then on the delimiter),
   * without an array per row or a callback per row, which were a third of the parse time.
   */
  const unquoted = (text: string, bytesEnd: number): void => {
    const dl = delimiter.length;
    const nl = newline.length;
    /** Where the next delimiter at or after the current last field is; -1: none left. */
    let nextDelimiter = -2;
    for (let ls = 0; ls < text.length; ) {
      let le = text.indexOf(newline, ls);
      if (le < 0) le = text.length;
      const next = le + nl;
      if (le === ls) {
        ls = next; // an empty line, skipped as Papa's skipEmptyLines does
        continue;
      }
      const fileRow = ++seen;
      if (fileRow <= header.headerRows) {
        ls = next;
        continue;
      }
      if (dataRows >= maxRows) {
        truncated = true;
        return;
      }
      let start = ls;
      for (let c = 0; c < width; c++) {
        let end: number;
        if (c < width - 1) {
          end = text.indexOf(delimiter, start);
          if (end > le) end = -1; // too few fields: the next delimiter is on a later line
        } else {
          // The last field: a delimiter before the line's end is one field too many. The search
          // may run past the line, so its answer is kept for the next rows: a one-column file
          // must not scan to the end of the piece once per row.
          if (nextDelimiter !== -1 && nextDelimiter < start)
            nextDelimiter = text.indexOf(delimiter, start);
          end = nextDelimiter >= 0 && nextDelimiter < le ? -1 : le;
        }
        if (end < 0) {
          const line = text.slice(ls, le);
          failure =
            !mixed && (line.includes('\n') || line.includes('\r'))
              ? new MixedLineEnds()
              : raggedError(file, fileRow, width, fieldsIn(text, ls, le, delimiter), delimiter);
          return;
        }
        // Most cells are plain decimals: read in place, no string made for them.
        const builder = builders[c]!;
        const v = scanDecimal(text, start, end, decimalComma);
        if (Number.isNaN(v) || !builder.addScanned(v)) {
          builder.addText(text.slice(start, end), fileRow);
        }
        start = end + dl;
      }
      dataRows++;
      if (options.onProgress && dataRows % PROGRESS_EVERY_ROWS === 0) {
        progress(ls / text.length, bytesEnd);
      }
      ls = next;
    }
  };

  for (const piece of wholeRecords(chain(head, it), newline)) {
    const bytesEnd = Number.isNaN(piece.bytesEnd) ? totalBytes : piece.bytesEnd;
    if (piece.text.indexOf('"') < 0) {
      unquoted(piece.text, bytesEnd);
      bytesStart = bytesEnd;
      if (failure || truncated) break;
      continue;
    }
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
          // A line end of another kind inside the row: the file mixes them further on.
          failure =
            !mixed && row.some((c) => c.includes('\n') || c.includes('\r'))
              ? new MixedLineEnds()
              : raggedError(file, fileRow, width, row.length, delimiter);
          parser.abort();
          return;
        }
        for (let c = 0; c < width; c++) builders[c]!.addText(row[c]!, fileRow);
        dataRows++;
        if (options.onProgress && dataRows % PROGRESS_EVERY_ROWS === 0) {
          progress(result.meta.cursor / piece.text.length, bytesEnd);
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

  const { columns, notices } = finishColumns(builders);
  if (decimalComma && options.decimal === undefined) {
    warnings.push(`${file}: read with a decimal comma: ${decimalChoice.reason}.`);
  }
  warnings.push(...noticeWarnings(file, notices));
  return {
    table: { name: file, columns, rowCount: dataRows },
    delimiter,
    lineEnding,
    header,
    ...notices,
    decimal: decimalChoice.decimal,
    decimalReason: decimalChoice.reason,
    mixedLineEnds: mixed,
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

/**
 * Sizes the column arrays from the sample's line length, so they are rarely regrown. The lines
 * of the whole sample count, not the preview's 20 rows: dividing 64 KiB by 20 made the guess
 * ~20× short, and every column then grew (a copy each time) about eight times.
 */
export function estimateRows(bytes: number, sample: string, maxRows?: number): number {
  const sampleRows = countBreaks(sample, Number.POSITIVE_INFINITY) + 1;
  const perRow = sample.length / sampleRows;
  const guess = Math.ceil((bytes / Math.max(1, perRow)) * 1.02) + 16;
  return maxRows === undefined ? guess : Math.min(guess, maxRows + 1);
}

/** Fields on the line [from, to): delimiters + 1. */
function fieldsIn(text: string, from: number, to: number, delimiter: string): number {
  let n = 1;
  for (
    let at = text.indexOf(delimiter, from);
    at >= 0 && at < to;
    at = text.indexOf(delimiter, at + delimiter.length)
  )
    n++;
  return n;
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
