import { type Table, type Value, valueAt } from './table';

/**
 * Text that a spreadsheet would run as a formula when the CSV is opened: OWASP's list of
 * leading characters (`=`, `+`, `-`, `@`, tab, carriage return).
 */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain number written as text ("-3.5", "+1e3"): a spreadsheet reads it as that number. */
const PLAIN_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * One CSV field. Text that starts like a formula gets a leading single quote, so opening a
 * downloaded table in a spreadsheet shows the text instead of running it (CSV injection). Numbers
 * are numbers, not text: `-3.5` in a numeric column stays `-3.5`, and so does the same number
 * held as text, which no spreadsheet evaluates as a formula.
 */
export function csvField(value: Value): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The table as RFC 4180 CSV with a header row, safe to open in a spreadsheet. */
export function toCsv(table: Table): string {
  const lines = [table.columns.map((c) => csvField(c.name)).join(',')];
  for (let i = 0; i < table.rowCount; i++) {
    lines.push(table.columns.map((c) => csvField(valueAt(c, i))).join(','));
  }
  return `${lines.join('\n')}\n`;
}
