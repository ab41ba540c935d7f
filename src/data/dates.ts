import { DataError } from './errors';
import { column, type Table, take } from './table';

/**
 * Dates as people write them in a CSV: ISO (`2017-11-07`), day-first (`07/11/2017`,
 * `07.11.2017`), month-first (`11/07/2017`) or with the month's name (`Nov 07, 2017`, as
 * CoinMarketCap's history page prints them). The data library reads every cell as text or a
 * number and never guesses at dates; this module reads a date column on request, says how it
 * read it and why, and puts a table in date order (the books' price series are daily rows,
 * which a scraped page lists newest first).
 */

/** Which field of a numeric date is the day: `07/11/2017` is 7 November day-first. */
export type DateOrder = 'year-first' | 'day-first' | 'month-first';

export interface DateReading {
  /** How the column writes its dates, e.g. 'YYYY-MM-DD', 'DD/MM/YYYY', 'MMM D, YYYY'. */
  format: string;
  order: DateOrder;
  /** The evidence for the reading, in words: which value settled it. */
  reason: string;
}

export interface ReadDatesOptions {
  /** Read numeric dates this way instead of detecting it (`'month-first'` for US files). */
  order?: DateOrder;
  /** Names the file in messages. */
  file?: string;
  column?: string;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAY_MS = 86_400_000;

// A time of day after the date ('T12:00:00Z', ' 00:00', ' 12:00:00.000+02:00') is ignored.
const TIME = String.raw`(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?`;
const YEAR_FIRST = new RegExp(String.raw`^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})${TIME}$`);
const NUMERIC = new RegExp(String.raw`^(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})${TIME}$`);
const NAME_FIRST = new RegExp(String.raw`^([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4})${TIME}$`);
const DAY_NAME = new RegExp(String.raw`^(\d{1,2})[ -]([A-Za-z]{3,9})\.?[ -](\d{4}|\d{2})${TIME}$`);

type Shape = 'year-first' | 'numeric' | 'name-first' | 'day-name';

interface Parts {
  shape: Shape;
  /** For 'numeric', the first two fields, still unassigned to day and month. */
  a: number;
  b: number;
  year: number;
  separator: string;
  yearDigits: number;
  hasTime: boolean;
}

/** Python's %y: 69–99 are 1900s, 00–68 the 2000s. */
function fullYear(text: string): number {
  const n = Number(text);
  if (text.length === 4) return n;
  return n >= 69 ? 1900 + n : 2000 + n;
}

function monthOf(name: string): number | null {
  const key = name.slice(0, 3).toLowerCase();
  const i = MONTHS.indexOf(key);
  const full = name.toLowerCase();
  // 'Nov', 'Nov.', 'November' — but not 'Novelty'.
  if (i < 0 || (full.length > 3 && !LONG_MONTHS[i]?.startsWith(full))) return null;
  return i + 1;
}

const LONG_MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

function shapeOf(text: string): Parts | null {
  const t = text.trim();
  const hasTime = /\d:\d{2}/.test(t);
  let m = YEAR_FIRST.exec(t);
  if (m)
    return {
      shape: 'year-first',
      year: Number(m[1]),
      a: Number(m[3]),
      b: Number(m[4]),
      separator: m[2] ?? '-',
      yearDigits: 4,
      hasTime,
    };
  m = NUMERIC.exec(t);
  if (m)
    return {
      shape: 'numeric',
      a: Number(m[1]),
      b: Number(m[3]),
      year: fullYear(m[4] ?? ''),
      separator: m[2] ?? '/',
      yearDigits: m[4]?.length ?? 4,
      hasTime,
    };
  m = NAME_FIRST.exec(t);
  if (m) {
    const month = monthOf(m[1] ?? '');
    if (month !== null)
      return {
        shape: 'name-first',
        a: month,
        b: Number(m[2]),
        year: Number(m[3]),
        separator: ' ',
        yearDigits: 4,
        hasTime,
      };
  }
  m = DAY_NAME.exec(t);
  if (m) {
    const month = monthOf(m[2] ?? '');
    if (month !== null)
      return {
        shape: 'day-name',
        a: Number(m[1]),
        b: month,
        year: fullYear(m[3] ?? ''),
        separator: t.includes('-') ? '-' : ' ',
        yearDigits: m[3]?.length ?? 4,
        hasTime,
      };
  }
  return null;
}

/** Milliseconds of the UTC midnight of that day, or null when there is no such day. */
function dayOf(year: number, month: number, day: number): number | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const ms = Date.UTC(year, month - 1, day);
  const d = new Date(ms);
  return d.getUTCMonth() === month - 1 && d.getUTCDate() === day ? ms : null;
}

/** Day and month of a parsed value under a reading. */
function dayMonth(p: Parts, order: DateOrder): { day: number; month: number } {
  switch (p.shape) {
    case 'year-first':
      return { month: p.a, day: p.b };
    case 'name-first':
      return { month: p.a, day: p.b };
    case 'day-name':
      return { day: p.a, month: p.b };
    case 'numeric':
      return order === 'month-first' ? { month: p.a, day: p.b } : { day: p.a, month: p.b };
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The median gap in days between neighbouring rows, as the file lists them. */
function medianStep(days: readonly (number | null)[]): number {
  const steps: number[] = [];
  for (let i = 1; i < days.length; i++) {
    const a = days[i - 1];
    const b = days[i];
    if (a != null && b != null) steps.push(Math.abs(b - a) / DAY_MS);
  }
  if (steps.length === 0) return Number.POSITIVE_INFINITY;
  steps.sort((x, y) => x - y);
  return steps[Math.floor(steps.length / 2)] ?? Number.POSITIVE_INFINITY;
}

function numericFormat(order: DateOrder, separator: string, yearDigits: number): string {
  const year = yearDigits === 2 ? 'YY' : 'YYYY';
  return order === 'month-first'
    ? `MM${separator}DD${separator}${year}`
    : `DD${separator}MM${separator}${year}`;
}

/** Which way to read numeric dates: a field above 12 settles it, else the neighbours' gaps. */
function numericOrder(
  parts: readonly Parts[],
  texts: readonly string[],
): { order: DateOrder; reason: string } {
  const dayFirstAt = parts.findIndex((p) => p.a > 12);
  const monthFirstAt = parts.findIndex((p) => p.b > 12);
  if (dayFirstAt >= 0 && monthFirstAt >= 0) {
    throw new DataError(
      'parse',
      `the dates are written both day-first ("${texts[dayFirstAt]}", data row ${dayFirstAt + 1}) and month-first ("${texts[monthFirstAt]}", data row ${monthFirstAt + 1})`,
      { hint: 'Write every date the same way, best as YYYY-MM-DD.' },
    );
  }
  if (dayFirstAt >= 0)
    return {
      order: 'day-first',
      reason: `"${texts[dayFirstAt]}" (data row ${dayFirstAt + 1}) has a first field above 12, so it is the day`,
    };
  if (monthFirstAt >= 0)
    return {
      order: 'month-first',
      reason: `"${texts[monthFirstAt]}" (data row ${monthFirstAt + 1}) has a second field above 12, so it is the day`,
    };
  // Every field ≤ 12: a daily or weekly series is consecutive only one way.
  const toDays = (order: DateOrder) =>
    parts.map((p) => {
      const { day, month } = dayMonth(p, order);
      return dayOf(p.year, month, day);
    });
  const dayFirst = medianStep(toDays('day-first'));
  const monthFirst = medianStep(toDays('month-first'));
  if (monthFirst < dayFirst)
    return {
      order: 'month-first',
      reason: `no field is above 12; read month-first, neighbouring rows are ${monthFirst} day(s) apart (day-first: ${dayFirst})`,
    };
  if (dayFirst < monthFirst)
    return {
      order: 'day-first',
      reason: `no field is above 12; read day-first, neighbouring rows are ${dayFirst} day(s) apart (month-first: ${monthFirst})`,
    };
  return {
    order: 'day-first',
    reason:
      "no field is above 12 and both readings fit equally: read day-first (pass { order: 'month-first' } for a US file)",
  };
}

/**
 * Reads a column of dates written any one of the usual ways and returns them as ISO
 * `YYYY-MM-DD`, with how they were read. A missing date, a value of another shape, or a day
 * that does not exist (31/02) is refused, naming the row.
 */
export function readDates(
  values: readonly (string | number | null)[],
  options: ReadDatesOptions = {},
): { dates: string[]; reading: DateReading } {
  const where = {
    ...(options.file ? { file: options.file } : {}),
    ...(options.column ? { column: options.column } : {}),
  };
  const texts = values.map((v) => (v === null ? '' : String(v).trim()));
  const missing = texts.indexOf('');
  if (missing >= 0) {
    throw new DataError('missing-values', `data row ${missing + 1} has no date`, {
      ...where,
      hint: 'Drop the rows without a date first (data.dropMissing).',
    });
  }
  if (texts.length === 0) throw new DataError('parse', 'there are no dates to read', where);
  const parts: Parts[] = [];
  for (const [i, text] of texts.entries()) {
    const p = shapeOf(text);
    if (!p) {
      throw new DataError('parse', `"${text}" (data row ${i + 1}) is not a date I can read`, {
        ...where,
        hint: 'Dates may be written 2017-11-07, 07/11/2017, 07.11.2017, 11/07/2017 or Nov 07, 2017.',
      });
    }
    parts.push(p);
  }
  const first = parts[0];
  if (!first) throw new DataError('parse', 'there are no dates to read', where);
  const other = parts.findIndex((p) => p.shape !== first.shape);
  if (other >= 0) {
    throw new DataError(
      'parse',
      `"${texts[other]}" (data row ${other + 1}) is written differently from "${texts[0]}" (data row 1)`,
      { ...where, hint: 'Write every date the same way, best as YYYY-MM-DD.' },
    );
  }
  const timeNote = parts.some((p) => p.hasTime) ? '; the time of day is left out' : '';
  let reading: DateReading;
  switch (first.shape) {
    case 'year-first':
      reading = {
        format: `YYYY${first.separator}MM${first.separator}DD`,
        order: 'year-first',
        reason: `written with the year first ("${texts[0]}")${timeNote}`,
      };
      break;
    case 'name-first':
      reading = {
        format: 'MMM D, YYYY',
        order: 'month-first',
        reason: `the month is named ("${texts[0]}")${timeNote}`,
      };
      break;
    case 'day-name':
      reading = {
        format: `D${first.separator}MMM${first.separator}${first.yearDigits === 2 ? 'YY' : 'YYYY'}`,
        order: 'day-first',
        reason: `the month is named ("${texts[0]}")${timeNote}`,
      };
      break;
    case 'numeric': {
      const decided = options.order
        ? { order: options.order, reason: `read ${options.order} as asked` }
        : numericOrder(parts, texts);
      reading = {
        format: numericFormat(decided.order, first.separator, first.yearDigits),
        order: decided.order,
        reason: `${decided.reason}${timeNote}`,
      };
      break;
    }
  }
  const dates = parts.map((p, i) => {
    const { day, month } = dayMonth(p, reading.order);
    const ms = dayOf(p.year, month, day);
    if (ms === null) {
      throw new DataError(
        'parse',
        `"${texts[i]}" (data row ${i + 1}) read as ${reading.format} is not a day of the calendar`,
        { ...where, hint: `The column was read as ${reading.format}: ${reading.reason}.` },
      );
    }
    return iso(ms);
  });
  return { dates, reading };
}

/** What `sortByDate` found out about a table's dates. */
export interface DateSummary extends DateReading {
  column: string;
  /** How the file listed its rows: scraped pages list the newest first. */
  fileOrder: 'ascending' | 'descending' | 'unordered';
  first: string;
  last: string;
  rows: number;
  /** Rows whose date an earlier row already has. */
  duplicates: number;
  /** Days between the first and the last date that no row has. */
  missingDays: number;
}

function fileOrderOf(dates: readonly string[]): DateSummary['fileOrder'] {
  let up = true;
  let down = true;
  for (let i = 1; i < dates.length; i++) {
    const a = dates[i - 1] ?? '';
    const b = dates[i] ?? '';
    if (b < a) up = false;
    if (b > a) down = false;
  }
  if (up) return 'ascending';
  if (down) return 'descending';
  return 'unordered';
}

/**
 * The table in date order, oldest first, with its date column rewritten as ISO `YYYY-MM-DD`
 * (so that `row.date >= '2017-01-01'` compares dates), and what was read: the format and why,
 * the file's own order, the range, duplicates and gaps. Rows of the same day keep their order.
 */
export function sortByDate(
  table: Table,
  columnName = 'date',
  options: Omit<ReadDatesOptions, 'column' | 'file'> = {},
): { table: Table; dates: DateSummary } {
  const c = column(table, columnName);
  const values: (string | number | null)[] =
    c.kind === 'number' ? Array.from(c.values, (v) => (Number.isNaN(v) ? null : v)) : [...c.values];
  const { dates, reading } = readDates(values, {
    ...options,
    file: table.name,
    column: columnName,
  });
  const order = Array.from(dates.keys()).sort((i, j) =>
    (dates[i] ?? '') < (dates[j] ?? '') ? -1 : (dates[i] ?? '') > (dates[j] ?? '') ? 1 : i - j,
  );
  const sorted = take(table, order);
  const sortedDates = order.map((i) => dates[i] ?? '');
  const columns = sorted.columns.map((col) =>
    col.name === columnName
      ? { name: columnName, kind: 'string' as const, values: sortedDates }
      : col,
  );
  const distinct = new Set(sortedDates).size;
  const first = sortedDates[0] ?? '';
  const last = sortedDates[sortedDates.length - 1] ?? '';
  const span = first && last ? Math.round((Date.parse(last) - Date.parse(first)) / DAY_MS) + 1 : 0;
  return {
    table: { ...sorted, columns },
    dates: {
      ...reading,
      column: columnName,
      fileOrder: fileOrderOf(dates),
      first,
      last,
      rows: dates.length,
      duplicates: dates.length - distinct,
      missingDays: Math.max(0, span - distinct),
    },
  };
}
