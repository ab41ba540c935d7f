import type { ParseResult, Table, TableDescription } from '@/data';
import * as D from '@/data';
import type { DataPreviewView, TableCell } from '@/protocol';

/** Enough rows to scroll through and judge a file by; the whole table stays in the kernel. */
const HEAD_ROWS = 2000;
/** Columns with at most this many distinct values get a class-balance chart. */
const MAX_CLASSES = 12;

/**
 * A cell or name longer than this is cut in the preview: a file of one 50 MB line would
 * otherwise be copied to the page and laid out whole, stalling it for most of a second.
 */
const MAX_SHOWN_CHARS = 1000;

function clip(text: string): string {
  return text.length <= MAX_SHOWN_CHARS
    ? text
    : `${text.slice(0, MAX_SHOWN_CHARS)}… (${text.length.toLocaleString('en-US')} characters)`;
}

function headRows(table: Table, n: number): TableCell[][] {
  const rows: TableCell[][] = [];
  const count = Math.min(n, table.rowCount);
  for (let i = 0; i < count; i++) {
    rows.push(
      table.columns.map((c) => {
        const v = D.valueAt(c, i);
        return typeof v === 'string' ? clip(v) : v;
      }),
    );
  }
  return rows;
}

function balances(table: Table, description: TableDescription, target?: string) {
  const candidates = description.columns
    .filter((c) => c.unique >= 2 && c.unique <= MAX_CLASSES)
    .map((c) => c.name);
  if (target && !candidates.includes(target) && table.columns.some((c) => c.name === target)) {
    const stats = description.columns.find((c) => c.name === target);
    if (stats && stats.unique <= 50) candidates.unshift(target);
  }
  const ordered =
    target && candidates.includes(target)
      ? [target, ...candidates.filter((c) => c !== target)]
      : candidates;
  return ordered.map((name) => {
    const b = D.classBalance(table, name);
    return {
      column: name,
      // A class may be a whole 50 MB line: the page gets its start, as for any cell.
      classes: b.classes.map((k) => ({ value: clip(String(k.value)), count: k.count })),
    };
  });
}

function detectedRows(parsed: ParseResult): DataPreviewView['detected'] {
  const d = parsed.detected;
  const rows: DataPreviewView['detected'] = [{ label: 'format', value: parsed.format }];
  if (d.sheet) {
    rows.push({
      label: 'sheet',
      value: `${d.sheet} (of ${d.sheets?.join(', ')})`,
      option: 'sheet',
    });
  }
  if (d.encoding) rows.push({ label: 'encoding', value: d.encoding, option: 'encoding' });
  if (d.delimiter) {
    rows.push({
      label: 'delimiter',
      value: d.delimiter === '\t' ? 'tab' : JSON.stringify(d.delimiter),
      option: 'delimiter',
    });
  }
  if (d.lineEnding) {
    rows.push({
      label: 'line ends',
      value: d.mixedLineEnds ? 'mixed (CRLF, LF, CR), each read as a line end' : d.lineEnding,
    });
  }
  if (d.decimal) {
    rows.push({
      label: 'decimal',
      value: `${d.decimal === ',' ? 'comma' : 'point'}${d.decimalReason ? ` (${d.decimalReason})` : ''}`,
      option: 'decimal',
    });
  }
  rows.push({
    label: 'header rows',
    value:
      d.headerRows === 0
        ? `none (${d.headerReason})`
        : `${d.headerRows}, names from row ${d.namesRow + 1} (${d.headerReason})`,
    option: 'headerRows',
  });
  if (d.gzip) rows.push({ label: 'compression', value: 'gzip' });
  if (parsed.truncated)
    rows.push({ label: 'rows read', value: 'stopped at maxRows', option: 'maxRows' });
  return rows;
}

/** Tables are plain objects (they cross postMessage as is), so they are told apart by shape. */
export function isTable(value: unknown): value is Table {
  return (
    typeof value === 'object' &&
    value !== null &&
    'columns' in value &&
    'rowCount' in value &&
    'name' in value &&
    Array.isArray(value.columns)
  );
}

/** The preview the page shows for a table: types, stats, missing counts, balance, first rows. */
export function previewOf(
  table: Table,
  options: { source?: string; parsed?: ParseResult; target?: string } = {},
): DataPreviewView {
  const description = D.describe(table);
  const view: DataPreviewView = {
    name: table.name,
    source: options.source ?? 'in the kernel',
    rowCount: table.rowCount,
    columns: description.columns.map((c) => ({
      name: clip(c.name),
      kind: c.kind === 'string' ? 'text' : c.integer ? 'int' : 'float',
      missing: c.missing,
      unique: c.unique,
      min: c.min,
      max: c.max,
      mean: c.mean,
      std: c.std,
      ...(c.note ? { note: c.note } : {}),
    })),
    head: headRows(table, HEAD_ROWS),
    detected: options.parsed ? detectedRows(options.parsed) : [],
    warnings: (options.parsed?.warnings ?? []).map(clip),
    balances: balances(table, description, options.target),
  };
  if (options.target) view.target = options.target;
  return view;
}

export function previewText(view: DataPreviewView): string {
  const cols = view.columns.map((c) => `${c.name}:${c.kind}`).join(', ');
  return `${view.name}: ${view.rowCount} rows × ${view.columns.length} columns (${cols})`;
}
