import type { NumbersReadAsText, SpecialNumbers, TextInNumbers } from './builder';
import {
  type ByteSource,
  bytesSource,
  type FileBytes,
  sizeOf,
  sourceOf,
  wholeOf,
} from './byte-source';
import {
  type CsvOptions,
  type CsvResult,
  type LineEnding,
  MixedLineEnds,
  type ProgressCallback,
  parseDelimited,
} from './csv';
import {
  chooseEncoding,
  decodeChunks,
  type EncodingChoice,
  fallbackWarning,
  gunzip,
  NotUtf8,
} from './decode';
import { DataError, formatMB, MB } from './errors';
import { extensionOf, sniff } from './sniff';
import type { Table } from './table';
import type { WorkbookFormat } from './xlsx';

export type FileFormat = 'csv' | 'tsv' | WorkbookFormat;

export interface ParseOptions extends Omit<CsvOptions, 'onProgress' | 'totalBytes'> {
  /** 'auto' (default) or a TextDecoder label: 'utf-8', 'utf-16le', 'windows-1252', … */
  encoding?: string;
  sheet?: string | number;
  /** Refuse files above this many bytes before reading them (default 1.5 GB). */
  maxBytes?: number;
  /** true: every column must be numeric; or the names of the columns that must be. */
  numeric?: boolean | readonly string[];
}

export interface Detected {
  encoding: string | null;
  delimiter: string | null;
  headerRows: number;
  namesRow: number;
  headerReason: string;
  lineEnding: LineEnding | null;
  /** CRLF, LF and CR all occur; each was read as a line end. */
  mixedLineEnds?: boolean;
  /** Text files: the decimal separator used, and why. */
  decimal?: '.' | ',';
  decimalReason?: string;
  gzip: boolean;
  sheet?: string;
  sheets?: string[];
}

export interface ParseResult {
  table: Table;
  format: FileFormat;
  detected: Detected;
  /** For the user, one sentence each: text in numeric columns, encoding guesses, … */
  warnings: string[];
  textInNumbers: TextInNumbers[];
  /** Mostly-number columns read as text, with the cells that are not numbers. */
  readAsText: NumbersReadAsText[];
  /** Infinity and NaN cells, per column. */
  special: SpecialNumbers[];
  /** maxRows stopped the read early. */
  truncated: boolean;
}

export const DEFAULT_MAX_BYTES = 1.5 * 1024 * MB;

/** Refuses a file by its size alone, so the UI can say no before reading it into memory. */
export function checkSize(file: string, bytes: number, maxBytes = DEFAULT_MAX_BYTES): void {
  if (bytes > maxBytes) {
    throw new DataError(
      'too-large',
      `the file is ${formatMB(bytes)}, over the ${formatMB(maxBytes)} limit`,
      {
        file,
        hint: 'Load a sample of it (the first rows) or raise the limit with maxBytes if the machine has the memory.',
      },
    );
  }
}

const BINARY_HINTS: Record<string, string> = {
  gz: 'Use data.idx() for MNIST .gz files.',
  bin: 'CIFAR-10 batches are read with data.cifar10().',
  'idx3-ubyte': 'Use data.idx() for MNIST files.',
  'idx1-ubyte': 'Use data.idx() for MNIST files.',
};

/**
 * Any table file → a typed table. The bytes decide the format, not the name: a tab-separated
 * text file called `.xls` is read as text, an `.xlsx` that is some other zip is refused.
 */
export async function parseFile(
  name: string,
  input: FileBytes,
  options: ParseOptions = {},
  onProgress?: ProgressCallback,
): Promise<ParseResult> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  // Before reading anything: a file over the limit is refused by its size alone.
  checkSize(name, sizeOf(input), maxBytes);
  const source = await sourceOf(input);
  if (source.size === 0) {
    throw new DataError('empty-file', 'the file is empty (0 bytes)', {
      file: name,
      hint: 'Check that the download finished, or pick another file.',
    });
  }
  const head = source.read(0, Math.min(source.size, HEAD_BYTES));
  let gzip = false;
  let container = sniff(head);
  if (container === 'gzip' || container === 'ole2' || container === 'zip') {
    // Archives and workbooks are read whole (their readers need every byte), text in slices.
    let bytes = wholeOf(source);
    if (container === 'gzip') {
      bytes = await gunzip(name, bytes, maxBytes);
      gzip = true;
      container = sniff(bytes);
    }
    if (container === 'ole2' || container === 'zip')
      return parseWorkbookBytes(name, bytes, container, gzip, options, maxBytes, onProgress);
    return parseText(
      name,
      bytesSource(bytes),
      bytes.subarray(0, HEAD_BYTES),
      gzip,
      options,
      onProgress,
    );
  }
  return parseText(name, source, head, gzip, options, onProgress);
}

/** The first bytes: enough to tell the format, the BOM and the encoding from. */
const HEAD_BYTES = 64 * 1024;

async function parseWorkbookBytes(
  name: string,
  bytes: Uint8Array,
  container: 'ole2' | 'zip',
  gzip: boolean,
  options: ParseOptions,
  maxBytes: number,
  onProgress?: ProgressCallback,
): Promise<ParseResult> {
  // SheetJS is a tenth of the kernel's code: loaded on the first workbook, not at every start.
  const { parseWorkbook, zipWorkbookFormat } = await import('./xlsx');
  const format = container === 'ole2' ? 'xls' : zipWorkbookFormat(name, bytes, maxBytes);
  const r = parseWorkbook(name, bytes, format, options);
  onProgress?.({
    bytesProcessed: bytes.byteLength,
    totalBytes: bytes.byteLength,
    rows: r.table.rowCount,
  });
  const result: ParseResult = {
    table: r.table,
    format: r.format,
    detected: {
      encoding: null,
      delimiter: null,
      headerRows: r.header.headerRows,
      namesRow: r.header.namesRow,
      headerReason: r.header.reason,
      lineEnding: null,
      gzip,
      sheet: r.sheet,
      sheets: r.sheets,
    },
    warnings: r.warnings,
    textInNumbers: r.textInNumbers,
    readAsText: r.readAsText,
    special: r.special,
    truncated: r.truncated,
  };
  return requireNumeric(result, options.numeric);
}

/** `head`: the source's first HEAD_BYTES (already read to tell the format). */
function parseText(
  name: string,
  source: ByteSource,
  head: Uint8Array,
  gzip: boolean,
  options: ParseOptions,
  onProgress?: ProgressCallback,
): ParseResult {
  let choice: EncodingChoice;
  try {
    choice = chooseEncoding(name, head, options.encoding);
  } catch (e) {
    const hint = BINARY_HINTS[extensionOf(name)];
    if (e instanceof DataError && e.kind === 'binary' && hint) {
      throw new DataError('binary', 'this is not a text file: it holds binary bytes', {
        file: name,
        hint,
      });
    }
    throw e;
  }
  const csvOptions: CsvOptions = { ...options, onProgress, totalBytes: source.size };
  const read = (c: EncodingChoice, o: CsvOptions): CsvResult => {
    try {
      return parseDelimited(name, decodeChunks(name, source, c), o);
    } catch (e) {
      // Line ends of another kind further on: read again, taking every kind as a line end.
      if (e instanceof MixedLineEnds) {
        return parseDelimited(name, decodeChunks(name, source, c), { ...o, mixedLineEnds: true });
      }
      throw e;
    }
  };
  let r: CsvResult;
  try {
    r = read(choice, csvOptions);
  } catch (e) {
    if (!(e instanceof NotUtf8)) throw e;
    // Rare: UTF-8 was a guess and the file proved otherwise; read it again as Windows-1252.
    choice = {
      encoding: 'windows-1252',
      skip: 0,
      fatal: false,
      guessed: false,
      warnings: [fallbackWarning(name, wholeOf(source))],
    };
    r = read(choice, csvOptions);
  }
  const decoded = { encoding: choice.encoding, warnings: choice.warnings };
  const result: ParseResult = {
    table: r.table,
    format: r.delimiter === '\t' ? 'tsv' : 'csv',
    detected: {
      encoding: decoded.encoding,
      delimiter: r.delimiter,
      headerRows: r.header.headerRows,
      namesRow: r.header.namesRow,
      headerReason: r.header.reason,
      lineEnding: r.lineEnding,
      mixedLineEnds: r.mixedLineEnds,
      decimal: r.decimal,
      decimalReason: r.decimalReason,
      gzip,
    },
    warnings: [...decoded.warnings, ...r.warnings],
    textInNumbers: r.textInNumbers,
    readAsText: r.readAsText,
    special: r.special,
    truncated: r.truncated,
  };
  return requireNumeric(result, options.numeric);
}

/** Text where numbers were asked for is an error, with how many cells and where the first is. */
function requireNumeric(result: ParseResult, numeric: ParseOptions['numeric']): ParseResult {
  if (!numeric) return result;
  const wanted = numeric === true ? null : new Set(numeric);
  const file = result.table.name;
  for (const t of result.textInNumbers) {
    if (wanted && !wanted.has(t.column)) continue;
    const more =
      t.count === 1
        ? 'the only such cell'
        : `${t.count} such cells in column ${t.column}, first at row ${t.firstRow}`;
    throw new DataError('non-numeric', `expected a number, got "${t.firstText}" (${more})`, {
      file,
      row: t.firstRow,
      column: t.column,
      hint: 'Fix or delete those cells, or leave the column out of the numeric conversion.',
    });
  }
  for (const c of result.table.columns) {
    if (c.kind !== 'string' || (wanted && !wanted.has(c.name))) continue;
    const i = c.values.findIndex((v) => v !== null);
    throw new DataError(
      'non-numeric',
      `expected numbers, but the column holds text (e.g. "${c.values[i] ?? ''}")`,
      {
        file,
        column: c.name,
        row: i >= 0 ? i + 1 + result.detected.headerRows : undefined,
        hint: 'Drop the column or one-hot encode it; only numeric columns become tensors.',
      },
    );
  }
  return result;
}
