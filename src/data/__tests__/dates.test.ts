import { describe, expect, it } from 'vitest';
import { readDates, sortByDate } from '../dates';
import { DataError } from '../errors';
import { parseFile } from '../parse';
import { column, makeTable, numberColumn } from '../table';
import { sharedFile, titled, utf8 } from './shared-data';

const text = (values: string[]) =>
  makeTable('prices.csv', [{ name: 'date', kind: 'string', values }]);

function refusal(run: () => unknown): DataError {
  try {
    run();
  } catch (error) {
    if (error instanceof DataError) return error;
    throw error;
  }
  throw new Error('expected a DataError');
}

describe('reading a date column', () => {
  it('reads ISO dates as they are, with or without a time of day', () => {
    expect(readDates(['2017-11-07', '2017-11-08']).dates).toEqual(['2017-11-07', '2017-11-08']);
    const timed = readDates(['2017-11-07T00:00:00.000Z', '2017-11-08 13:45']);
    expect(timed.dates).toEqual(['2017-11-07', '2017-11-08']);
    expect(timed.reading).toMatchObject({ format: 'YYYY-MM-DD', order: 'year-first' });
    expect(timed.reading.reason).toContain('time of day is left out');
  });

  it('reads day-first dates when a first field is above 12, and says which value settled it', () => {
    const { dates, reading } = readDates(['07/11/2017', '13/11/2017']);
    expect(dates).toEqual(['2017-11-07', '2017-11-13']);
    expect(reading).toMatchObject({ format: 'DD/MM/YYYY', order: 'day-first' });
    expect(reading.reason).toContain('"13/11/2017" (data row 2)');
  });

  it('reads month-first dates when a second field is above 12', () => {
    const { dates, reading } = readDates(['11/07/2017', '11/13/2017']);
    expect(dates).toEqual(['2017-11-07', '2017-11-13']);
    expect(reading.order).toBe('month-first');
  });

  it('decides ambiguous numeric dates by which reading makes neighbouring rows consecutive', () => {
    // 1–7 February, day-first: read month-first they would be a month apart.
    const dayFirst = ['01.02.2017', '02.02.2017', '03.02.2017', '04.02.2017'];
    expect(readDates(dayFirst).dates).toEqual([
      '2017-02-01',
      '2017-02-02',
      '2017-02-03',
      '2017-02-04',
    ]);
    expect(readDates(dayFirst).reading.format).toBe('DD.MM.YYYY');
    const monthFirst = ['02/01/2017', '02/02/2017', '02/03/2017'];
    expect(readDates(monthFirst).reading.order).toBe('month-first');
    expect(readDates(monthFirst).dates[2]).toBe('2017-02-03');
    // One row cannot tell: day-first, and the reason says how to ask for the other.
    const one = readDates(['03/04/2017']);
    expect(one.dates).toEqual(['2017-04-03']);
    expect(one.reading.reason).toContain("order: 'month-first'");
    expect(readDates(['03/04/2017'], { order: 'month-first' }).dates).toEqual(['2017-03-04']);
  });

  it("reads CoinMarketCap's named months and two-digit years as Python's %y does", () => {
    expect(readDates(['Nov 07, 2017', 'Dec 21, 2017', 'September 3, 2017']).dates).toEqual([
      '2017-11-07',
      '2017-12-21',
      '2017-09-03',
    ]);
    expect(readDates(['7-Nov-17', '8-Nov-17']).dates).toEqual(['2017-11-07', '2017-11-08']);
    expect(readDates(['31/12/68', '01/01/69']).dates).toEqual(['2068-12-31', '1969-01-01']);
  });

  it('refuses mixed writings, impossible days and missing dates, naming the row', () => {
    expect(refusal(() => readDates(['2017-11-07', '08/11/2017'])).message).toContain(
      '"08/11/2017" (data row 2) is written differently',
    );
    expect(refusal(() => readDates(['13/01/2017', '01/13/2017'])).message).toContain(
      'both day-first',
    );
    expect(refusal(() => readDates(['30/01/2017', '31/02/2017'])).message).toContain(
      '"31/02/2017" (data row 2) read as DD/MM/YYYY is not a day of the calendar',
    );
    expect(refusal(() => readDates(['2017-11-07', null])).kind).toBe('missing-values');
    expect(refusal(() => readDates(['yesterday'])).message).toContain('is not a date I can read');
  });
});

describe('putting a table in date order', () => {
  it('sorts a newest-first file ascending, rewrites its dates as ISO and keeps each row whole', () => {
    const table = makeTable('cmc.csv', [
      { name: 'date', kind: 'string', values: ['09/11/2017', '08/11/2017', '06/11/2017'] },
      numberColumn('close', Float64Array.from([7143.58, 7459.69, 6960.0])),
    ]);
    const { table: sorted, dates } = sortByDate(table);
    expect(column(sorted, 'date').values).toEqual(['2017-11-06', '2017-11-08', '2017-11-09']);
    expect([...column(sorted, 'close').values]).toEqual([6960, 7459.69, 7143.58]);
    expect(dates).toMatchObject({
      format: 'DD/MM/YYYY',
      order: 'day-first',
      fileOrder: 'descending',
      first: '2017-11-06',
      last: '2017-11-09',
      rows: 3,
      duplicates: 0,
      missingDays: 1,
    });
  });

  it('keeps the order of rows of the same day and counts them as duplicates', () => {
    const { table, dates } = sortByDate(text(['2017-01-02', '2017-01-01', '2017-01-02']));
    expect(column(table, 'date').values).toEqual(['2017-01-01', '2017-01-02', '2017-01-02']);
    expect(dates).toMatchObject({ fileOrder: 'unordered', duplicates: 1, missingDays: 0 });
  });

  it('names the file and the column when a date cannot be read', () => {
    const error = refusal(() => sortByDate(text(['2017-01-01', 'soon'])));
    expect(error.message).toContain('prices.csv');
    expect(error.message).toContain('column "date"');
  });

  it('reads a day-first CSV parsed by the data library (dates stay text until asked)', async () => {
    const csv = 'date,close\n08/11/2017,7459.69\n07/11/2017,7144.38\n';
    const { table } = await parseFile('days.csv', utf8(csv).buffer as ArrayBuffer);
    const { table: sorted, dates } = sortByDate(table);
    expect(column(sorted, 'date').values).toEqual(['2017-11-07', '2017-11-08']);
    expect(dates.fileOrder).toBe('descending');
  });

  const rel = 'bitcoin/bitcoin_historical_prices.csv';
  const bytes = sharedFile(rel);
  it.skipIf(!bytes)(
    titled("leaves the book's Bitcoin file as it is: ISO dates, oldest first, no gaps", rel, bytes),
    async () => {
      const { table } = await parseFile(rel, (bytes ?? new Uint8Array()).slice().buffer);
      const { table: sorted, dates } = sortByDate(table);
      expect(dates).toMatchObject({
        format: 'YYYY-MM-DD',
        fileOrder: 'ascending',
        first: '2013-04-28',
        last: '2017-11-07',
        rows: 1655,
        duplicates: 0,
        missingDays: 0,
      });
      expect(column(sorted, 'date').values).toEqual(column(table, 'date').values);
    },
  );
});
