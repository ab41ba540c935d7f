import type {
  CellExample,
  ColumnBuilder,
  NumbersReadAsText,
  SpecialNumbers,
  TextInNumbers,
} from './builder';
import type { Column } from './table';

/** What reading the cells found that the user should know, per column, with rows. */
export interface CellNotices {
  textInNumbers: TextInNumbers[];
  readAsText: NumbersReadAsText[];
  special: SpecialNumbers[];
}

/** Finishes every builder and gathers its reports. */
export function finishColumns(builders: readonly ColumnBuilder[]): {
  columns: Column[];
  notices: CellNotices;
} {
  const notices: CellNotices = { textInNumbers: [], readAsText: [], special: [] };
  const columns = builders.map((b) => {
    const done = b.finish();
    if (done.textInNumbers) notices.textInNumbers.push(done.textInNumbers);
    if (done.readAsText) notices.readAsText.push(done.readAsText);
    if (done.special) notices.special.push(done.special);
    return done.column;
  });
  return { columns, notices };
}

function count(n: number, what: string): string {
  return `${n.toLocaleString('en-US')} ${what}${n === 1 ? '' : 's'}`;
}

function cells(n: number): string {
  return n === 1 ? '1 cell' : `${n.toLocaleString('en-US')} cells`;
}

/** Cells are quoted in messages up to this length: a cell may be a whole 50 MB line. */
const QUOTE_CHARS = 60;

function quote(text: string): string {
  return JSON.stringify(text.length > QUOTE_CHARS ? `${text.slice(0, QUOTE_CHARS)}…` : text);
}

function examples(list: readonly CellExample[]): string {
  return list.map((e) => `row ${e.row}: ${quote(e.text)}`).join(', ');
}

export function describeTextInNumbers(file: string, t: TextInNumbers): string {
  return (
    `${file}: column "${t.column}" is numbers but ${cells(t.count)} ${t.count === 1 ? 'holds' : 'hold'} text ` +
    `(${examples(t.examples)}${t.count > t.examples.length ? ', …' : ''}); they were read as missing.`
  );
}

export function describeReadAsText(file: string, t: NumbersReadAsText): string {
  const total = t.numbers + t.texts;
  const offer = t.tokens
    ? ` To read them as missing, choose "Read as missing" in the preview or pass { missing: ${JSON.stringify(t.tokens)} }.`
    : ' Clean those cells, or drop the column.';
  return (
    `${file}: column "${t.column}" was read as text although ${t.numbers.toLocaleString('en-US')} of its ` +
    `${total.toLocaleString('en-US')} cells are numbers: ${cells(t.texts)} are not ` +
    `(${examples(t.examples)}${t.texts > t.examples.length ? ', …' : ''}).${offer}`
  );
}

export function describeSpecial(file: string, s: SpecialNumbers): string {
  const parts: string[] = [];
  if (s.infinite) parts.push(`${count(s.infinite, 'infinite cell')} (read as ±Infinity)`);
  if (s.nan) parts.push(`${count(s.nan, 'NaN cell')} (read as missing)`);
  const stats = s.infinite ? ' Its min, max, mean and std are of the finite values.' : '';
  return `${file}: column "${s.column}" holds ${parts.join(' and ')}: ${examples(s.examples)}${s.infinite + s.nan > s.examples.length ? ', …' : ''}.${stats}`;
}

export function noticeWarnings(file: string, n: CellNotices): string[] {
  return [
    ...n.readAsText.map((t) => describeReadAsText(file, t)),
    ...n.textInNumbers.map((t) => describeTextInNumbers(file, t)),
    ...n.special.map((s) => describeSpecial(file, s)),
  ];
}

/** Every distinct token the reports offer to read as missing. */
export function missingTokens(n: CellNotices): string[] {
  return [...new Set(n.readAsText.flatMap((t) => t.tokens ?? []))];
}
