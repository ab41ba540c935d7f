import { describe, expect, it } from 'vitest';
import { parseDelimited } from '../csv';
import { makeTable, numberColumn, type Table } from '../table';
import { csvField, toCsv } from '../write-csv';

function table(): Table {
  return makeTable('t', [
    numberColumn('delta', Float64Array.from([-3.5, 2, Number.NaN, -1e-7])),
    {
      name: 'note',
      kind: 'string',
      values: ['=HYPERLINK("http://x","y")', '+1+2', '@SUM(A1)', null],
    },
  ]);
}

describe('CSV download (data.download)', () => {
  it.each([
    ['=1+2', "'=1+2"],
    ['+cmd', "'+cmd"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\tstart', "'\tstart"],
    ['\rstart', `"'\rstart"`],
  ])('escapes the text cell %j that a spreadsheet would run as a formula', (cell, written) => {
    expect(csvField(cell)).toBe(written);
  });

  it('keeps numbers as numbers: a negative number is never escaped', () => {
    expect(csvField(-3.5)).toBe('-3.5');
    expect(csvField(-0.001)).toBe('-0.001');
    // The same number held as text is still a number to a spreadsheet, not a formula.
    expect(csvField('-3.5')).toBe('-3.5');
    expect(csvField('+1e3')).toBe('+1e3');
  });

  it('leaves ordinary text alone and quotes what RFC 4180 requires', () => {
    expect(csvField('plain text')).toBe('plain text');
    expect(csvField('a, b')).toBe('"a, b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('x=1')).toBe('x=1');
    expect(csvField(null)).toBe('');
  });

  it('escapes a quoted formula inside the quotes, so the quote survives the CSV reader', () => {
    expect(csvField('=A1,B1')).toBe(`"'=A1,B1"`);
  });

  it('escapes header names like any other text', () => {
    const t = makeTable('t', [numberColumn('=evil', Float64Array.from([1]))]);
    expect(toCsv(t).split('\n')[0]).toBe("'=evil");
  });

  it('writes a table whose numbers read back as the same numbers', () => {
    const text = toCsv(table());
    expect(text).toBe(
      [
        'delta,note',
        `-3.5,"'=HYPERLINK(""http://x"",""y"")"`,
        "2,'+1+2",
        ",'@SUM(A1)",
        '-1e-7,',
        '',
      ].join('\n'),
    );
    const back = parseDelimited('t.csv', text);
    const delta = back.table.columns[0]!;
    expect(delta.kind).toBe('number');
    expect(Array.from(delta.values as Float64Array).slice(0, 2)).toEqual([-3.5, 2]);
  });
});
