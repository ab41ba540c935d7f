import { type CellObject, read, utils, type WorkBook } from '@e965/xlsx';
import {
  type BuilderOptions,
  ColumnBuilder,
  type NumbersReadAsText,
  type SpecialNumbers,
  type TextInNumbers,
} from './builder';
import type { HeaderOptions } from './csv';
import { DataError } from './errors';
import { detectHeader, type HeaderChoice, makeColumnNames, type RawCell } from './header';
import { unzipLimited, ZipFormatError, zipMembers } from './inflate';
import { finishColumns, noticeWarnings } from './notices';
import { DEFAULT_MISSING } from './numbers';
import type { Table } from './table';

export type WorkbookFormat = 'xls' | 'xlsx' | 'xlsb' | 'ods';

export interface WorkbookOptions extends HeaderOptions {
  /** Sheet name or 0-based index; default the first sheet. */
  sheet?: string | number;
}

export interface WorkbookResult {
  table: Table;
  format: WorkbookFormat;
  sheet: string;
  sheets: string[];
  header: HeaderChoice;
  textInNumbers: TextInNumbers[];
  readAsText: NumbersReadAsText[];
  special: SpecialNumbers[];
  truncated: boolean;
  warnings: string[];
}

type Grid = (readonly (CellObject | null | undefined)[] | null | undefined)[];

/**
 * Names the workbook inside a zip before SheetJS sees it, so "a zip of something else" is
 * a clear message instead of SheetJS's "Unsupported ZIP file". A workbook is then unpacked
 * once with a ceiling, counting and dropping the bytes, because SheetJS inflates everything
 * at once: a tiny .xlsx bomb would take a gigabyte before any check could say no.
 */
export function zipWorkbookFormat(file: string, bytes: Uint8Array, cap?: number): WorkbookFormat {
  let names: string[];
  try {
    names = zipMembers(bytes).map((m) => m.name);
  } catch (e) {
    throw damagedZip(file, e);
  }
  const format = workbookKind(file, names);
  try {
    unzipLimited(file, bytes, { keep: () => false, ...(cap ? { cap } : {}) });
  } catch (e) {
    if (e instanceof DataError) throw e;
    throw damagedZip(file, e);
  }
  return format;
}

function damagedZip(file: string, e: unknown): DataError {
  const text = e instanceof ZipFormatError ? e.message : `it does not unpack: ${errorText(e)}`;
  return new DataError('not-a-workbook', `the zip archive is damaged (${text})`, {
    file,
    hint: 'Download the file again.',
  });
}

function workbookKind(file: string, names: readonly string[]): WorkbookFormat {
  const has = (n: string) => names.includes(n);
  if (has('xl/workbook.xml')) return 'xlsx';
  if (has('xl/workbook.bin')) return 'xlsb';
  if (has('content.xml') && has('META-INF/manifest.xml')) return 'ods';
  const shown = names.slice(0, 5).join(', ') + (names.length > 5 ? ', …' : '');
  const what = has('word/document.xml')
    ? 'a Word document'
    : has('ppt/presentation.xml')
      ? 'a PowerPoint file'
      : `a zip of something else (it holds ${shown || 'nothing'})`;
  throw new DataError('not-a-workbook', `this is not a spreadsheet: an .xlsx that is ${what}`, {
    file,
    hint: 'Unzip it and pick the .csv or .xlsx inside, or export the sheet from Excel again.',
  });
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function readWorkbook(file: string, bytes: Uint8Array): WorkBook {
  try {
    return read(bytes, {
      type: 'array',
      dense: true,
      cellDates: true,
      cellText: false,
      cellHTML: false,
    });
  } catch (e) {
    const text = errorText(e);
    if (/password|encrypt/i.test(text)) {
      throw new DataError('password-protected', 'the workbook is password-protected', {
        file,
        hint: 'Open it in Excel or LibreOffice, remove the password (File → Info → Protect), save, and load it again.',
      });
    }
    throw new DataError('not-a-workbook', `the spreadsheet could not be read: ${text}`, {
      file,
      hint: 'Save it again from Excel or LibreOffice as .xlsx or .csv.',
    });
  }
}

function gridOf(ws: unknown): Grid {
  if (Array.isArray(ws)) return ws as Grid; // older SheetJS dense: the sheet is the row array
  const data = (ws as { '!data'?: unknown })['!data']; // SheetJS ≥ 0.19 dense
  return Array.isArray(data) ? (data as Grid) : [];
}

function cellValue(cell: CellObject | null | undefined): RawCell {
  if (!cell || cell.t === 'z' || cell.t === 'e' || cell.v === undefined) return null;
  if (cell.v instanceof Date) return cell.v.toISOString();
  return cell.v;
}

function pickSheet(file: string, wb: WorkBook, want: string | number | undefined): string {
  const names = wb.SheetNames;
  const name = typeof want === 'number' ? names[want] : (want ?? names[0]);
  if (name === undefined || !wb.Sheets[name]) {
    throw new DataError(
      names.length === 0 ? 'not-a-workbook' : 'parse',
      names.length === 0
        ? 'the workbook has no sheets'
        : `there is no sheet ${JSON.stringify(want)}`,
      { file, hint: names.length ? `The sheets are: ${names.join(', ')}.` : undefined },
    );
  }
  return name;
}

export function parseWorkbook(
  file: string,
  bytes: Uint8Array,
  format: WorkbookFormat,
  options: WorkbookOptions = {},
): WorkbookResult {
  const wb = readWorkbook(file, bytes);
  const sheet = pickSheet(file, wb, options.sheet);
  const ws = wb.Sheets[sheet]!;
  const grid = gridOf(ws);
  const ref = ws['!ref'];
  const rangeWidth = ref ? utils.decode_range(ref).e.c + 1 : 0;
  // Blank rows are skipped, as pandas does; row numbers stay the sheet's own.
  const rows: { n: number; cells: RawCell[] }[] = [];
  for (let r = 0; r < grid.length; r++) {
    const line = grid[r];
    if (!line) continue;
    const cells: RawCell[] = [];
    for (let c = 0; c < rangeWidth; c++) cells.push(cellValue(line[c]));
    if (cells.some((v) => v !== null && v !== '')) rows.push({ n: r + 1, cells });
  }
  if (rows.length === 0) {
    throw new DataError('empty-file', `sheet "${sheet}" is empty`, { file });
  }
  const decimalComma = options.decimal === ',';
  const first = rows.slice(0, 20).map((r) => r.cells);
  const header: HeaderChoice =
    options.headerRows === undefined
      ? detectHeader(first, decimalComma)
      : {
          headerRows: options.headerRows,
          namesRow: Math.min(
            options.namesRow ?? options.headerRows - 1,
            Math.max(0, options.headerRows - 1),
          ),
          reason: 'chosen by the user',
        };
  const width = trimWidth(
    rows.map((r) => r.cells),
    rangeWidth,
  );
  const nameNotes: string[] = [];
  const names = makeColumnNames(
    first.slice(0, header.headerRows),
    width,
    header.namesRow,
    options.combineHeaderRows,
    { row: rows[header.namesRow]?.n ?? header.namesRow + 1, out: nameNotes },
  );
  const data = rows.slice(header.headerRows);
  if (data.length === 0) {
    throw new DataError('header-only', `sheet "${sheet}" has a header but no data rows`, { file });
  }
  const maxRows = options.maxRows ?? Number.POSITIVE_INFINITY;
  const kept = data.slice(0, maxRows);
  const builderOptions: BuilderOptions = {
    decimalComma,
    missing: options.missing ? new Set([...DEFAULT_MISSING, ...options.missing]) : DEFAULT_MISSING,
    capacity: kept.length,
  };
  const builders = names.map((n) => new ColumnBuilder(n, builderOptions));
  for (const row of kept) {
    for (let c = 0; c < width; c++) {
      const v = row.cells[c];
      const b = builders[c]!;
      if (v === null || v === undefined) b.addMissing();
      else if (typeof v === 'number') b.addNumber(v);
      else if (typeof v === 'boolean') b.addNumber(v ? 1 : 0);
      else b.addText(v, row.n);
    }
  }
  const { columns, notices } = finishColumns(builders);
  return {
    table: { name: file, columns, rowCount: kept.length },
    format,
    sheet,
    sheets: [...wb.SheetNames],
    header,
    ...notices,
    truncated: data.length > kept.length,
    warnings: [
      ...nameNotes.map((n) => `${file}: sheet "${sheet}", ${n}.`),
      ...noticeWarnings(file, notices),
    ],
  };
}

/** Drops trailing columns that are empty in every row (formatting often stretches `!ref`). */
function trimWidth(rows: readonly RawCell[][], width: number): number {
  let w = width;
  while (w > 0 && rows.every((r) => r[w - 1] === null || r[w - 1] === '')) w--;
  return w;
}
