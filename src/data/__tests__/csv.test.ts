import { describe, expect, it } from 'vitest';
import { parseDelimited } from '../csv';
import { DataError } from '../errors';
import { parseFile } from '../parse';
import type { Table } from '../table';
import { utf8 } from './shared-data';

const nums = (t: Table, name: string) => {
  const c = t.columns.find((x) => x.name === name);
  if (c?.kind !== 'number') throw new Error(`${name} is not numeric`);
  return Array.from(c.values);
};
const texts = (t: Table, name: string) => {
  const c = t.columns.find((x) => x.name === name);
  if (c?.kind !== 'string') throw new Error(`${name} is not text`);
  return c.values;
};

function catchError(fn: () => unknown): DataError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DataError) return e;
    throw e;
  }
  throw new Error('expected a DataError');
}

describe('line endings', () => {
  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['CR', '\r'],
  ] as const)('reads %s line ends', (name, nl) => {
    const r = parseDelimited('x.csv', ['a,b', '1,2', '3,4'].join(nl));
    expect(r.lineEnding).toBe(name);
    expect(r.table.rowCount).toBe(2);
    expect(nums(r.table, 'b')).toEqual([2, 4]);
  });
});

describe('delimiters', () => {
  it.each([
    [',', 'a,b,c\n1,2,3\n4,5,6\n'],
    ['\t', 'a\tb\tc\n1\t2\t3\n4\t5\t6\n'],
    [';', 'a;b;c\n1;2;3\n4;5;6\n'],
  ])('detects %j', (delim, text) => {
    const r = parseDelimited('x.txt', text);
    expect(r.delimiter).toBe(delim);
    expect(r.table.columns.map((c) => c.name)).toEqual(['a', 'b', 'c']);
  });

  it('uses the delimiter the user chose over the guess', () => {
    const r = parseDelimited('x.txt', 'a;b,c\n1;2,3\n', { delimiter: ';' });
    expect(r.table.columns.map((c) => c.name)).toEqual(['a', 'b,c']);
  });

  it('reads European files with a semicolon delimiter and decimal comma', () => {
    const r = parseDelimited('eu.csv', 'x;y\n1,5;2\n-0,25;3\n', { decimal: ',' });
    expect(r.delimiter).toBe(';');
    expect(nums(r.table, 'x')).toEqual([1.5, -0.25]);
  });
});

describe('cells', () => {
  it('reads quoted, space-padded numbers ("  60") as numbers', () => {
    const r = parseDelimited(
      'e.csv',
      '"date","Appliances"\n"2016-01-11 17:00:00","  60"\n"2016-01-11 17:10:00"," 430"\n',
    );
    expect(nums(r.table, 'Appliances')).toEqual([60, 430]);
    expect(texts(r.table, 'date')).toEqual(['2016-01-11 17:00:00', '2016-01-11 17:10:00']);
  });

  it('reads empty cells and pandas NA strings as missing (NaN in numeric columns)', () => {
    const r = parseDelimited('m.csv', 'a,b\n1,\nNA,x\n3,y\n');
    expect(nums(r.table, 'a')).toEqual([1, Number.NaN, 3]);
    expect(texts(r.table, 'b')).toEqual([null, 'x', 'y']);
  });

  it('flags whole-number columns as integer', () => {
    const r = parseDelimited('i.csv', 'a,b\n1,1.5\n2,2\n');
    expect(r.table.columns.map((c) => c.kind === 'number' && c.integer)).toEqual([true, false]);
  });

  it('does not take hex or other JavaScript literals for numbers', () => {
    const r = parseDelimited('h.csv', 'a\n0x10\nabc\n');
    expect(texts(r.table, 'a')).toEqual(['0x10', 'abc']);
  });

  it('names blank and repeated header cells as pandas does', () => {
    const r = parseDelimited('n.csv', 'a,,a\n1,2,3\n');
    expect(r.table.columns.map((c) => c.name)).toEqual(['a', 'Unnamed: 1', 'a.1']);
  });
});

describe('header rows', () => {
  it('treats a numeric first row as data and names columns 0…n-1 (header=None)', () => {
    const r = parseDelimited('y.csv', '2001,49.9,21.4\n2002,48.7,18.4\n');
    expect(r.header.headerRows).toBe(0);
    expect(r.table.columns.map((c) => c.name)).toEqual(['0', '1', '2']);
    expect(r.table.rowCount).toBe(2);
  });

  it('takes a header of column numbers 0,1,…,n-1 as a header, as in the book copy', () => {
    const r = parseDelimited('y.csv', '0,1,2\n2001,49.9,21.4\n2002,48.7,18.4\n');
    expect(r.header.headerRows).toBe(1);
    expect(r.table.rowCount).toBe(2);
    expect(nums(r.table, '0')).toEqual([2001, 2002]);
  });

  it('detects a codes row above a names row and names columns from the second', () => {
    const r = parseDelimited(
      'cc.csv',
      ',X1,X2,Y\nID,LIMIT_BAL,SEX,default\n1,20000,2,1\n2,120000,2,1\n',
    );
    expect(r.header).toMatchObject({ headerRows: 2, namesRow: 1 });
    expect(r.table.columns.map((c) => c.name)).toEqual(['ID', 'LIMIT_BAL', 'SEX', 'default']);
  });

  it('lets the user pick header rows, the naming row, or combine them', () => {
    const text = ',X1,Y\nID,LIMIT_BAL,default\n1,2,3\n';
    const first = parseDelimited('cc.csv', text, { headerRows: 2, namesRow: 0 });
    expect(first.table.columns.map((c) => c.name)).toEqual(['Unnamed: 0', 'X1', 'Y']);
    const both = parseDelimited('cc.csv', text, { headerRows: 2, combineHeaderRows: true });
    expect(both.table.columns.map((c) => c.name)).toEqual(['ID', 'X1 / LIMIT_BAL', 'Y / default']);
    const none = parseDelimited('cc.csv', '1,2\n3,4\n', { headerRows: 0 });
    expect(none.table.rowCount).toBe(2);
  });
});

describe('maxRows and progress', () => {
  it('keeps only the first maxRows data rows and says the read was cut', () => {
    const text = `a\n${Array.from({ length: 100 }, (_, i) => i).join('\n')}\n`;
    const r = parseDelimited('m.csv', text, { maxRows: 10 });
    expect(r.table.rowCount).toBe(10);
    expect(r.truncated).toBe(true);
    expect(parseDelimited('m.csv', text, { maxRows: 100 }).truncated).toBe(false);
  });

  it('reports progress in bytes of the file, ending at the total', () => {
    const text = `a,b\n${'1,2\n'.repeat(50_000)}`;
    const seen: number[] = [];
    const r = parseDelimited('p.csv', text, {
      onProgress: (p) => seen.push(p.bytesProcessed),
      totalBytes: 999,
    });
    expect(r.table.rowCount).toBe(50_000);
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.at(-1)).toBe(999);
    expect([...seen].sort((x, y) => x - y)).toEqual(seen);
  });
});

describe('bad input', () => {
  it('refuses an empty file', async () => {
    await expect(parseFile('e.csv', new Uint8Array(0))).rejects.toMatchObject({
      kind: 'empty-file',
    });
    expect(catchError(() => parseDelimited('e.csv', ' \n\n')).kind).toBe('empty-file');
  });

  it('refuses a file with a header and no rows', () => {
    const e = catchError(() => parseDelimited('h.csv', 'a,b,c\n'));
    expect(e.kind).toBe('header-only');
    expect(e.message).toMatch(/^h\.csv: /);
  });

  it('names the first ragged row and the field counts', () => {
    const e = catchError(() => parseDelimited('r.csv', 'a,b,c\n1,2,3\n4,5\n6,7,8,9\n'));
    expect(e.kind).toBe('ragged-rows');
    expect(e.row).toBe(3);
    expect(e.message).toBe('r.csv: row 3: expected 3 fields, got 2');
  });

  it('reports an unclosed quote with its row', () => {
    const e = catchError(() => parseDelimited('q.csv', 'a,b\n1,2\n"3,4\n5,6\n'));
    expect(e).toMatchObject({ kind: 'parse', row: 3 });
  });

  it('warns about text in a mostly numeric column: how many cells and where', () => {
    const rows = Array.from({ length: 100 }, (_, i) =>
      i === 15 || i === 40 || i === 41 ? 'abc' : String(i),
    );
    const r = parseDelimited('energy.csv', `T1\n${rows.join('\n')}\n`);
    expect(r.table.columns[0]?.kind).toBe('number');
    expect(r.textInNumbers).toEqual([
      {
        column: 'T1',
        count: 3,
        firstRow: 17,
        firstText: 'abc',
        examples: [
          { row: 17, text: 'abc' },
          { row: 42, text: 'abc' },
          { row: 43, text: 'abc' },
        ],
      },
    ]);
    expect(r.warnings[0]).toBe(
      'energy.csv: column "T1" is numbers but 3 cells hold text (row 17: "abc", row 42: "abc", row 43: "abc"); they were read as missing.',
    );
  });

  it('makes text in a numeric column an error when numbers were asked for', async () => {
    const rows = Array.from({ length: 100 }, (_, i) =>
      i === 15 || i === 40 || i === 41 ? 'abc' : String(i),
    );
    const bytes = utf8(`T1,T2\n${rows.map((v, i) => `${v},${i}`).join('\n')}\n`);
    const e = await parseFile('energy.csv', bytes, { numeric: true }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DataError);
    expect((e as DataError).message).toBe(
      'energy.csv: row 17, column "T1": expected a number, got "abc" (3 such cells in column T1, first at row 17)',
    );
    const textual = await parseFile('t.csv', utf8('a,b\nx,1\ny,2\n'), { numeric: ['a'] }).catch(
      (x: unknown) => x,
    );
    expect(textual).toMatchObject({ kind: 'non-numeric', column: 'a' });
  });

  it('keeps a mostly-text column as text', () => {
    const r = parseDelimited('t.csv', 'a\nx\ny\n1\nz\n');
    expect(texts(r.table, 'a')).toEqual(['x', 'y', '1', 'z']);
  });

  it('refuses a file over the size limit before reading it, giving its size in MB', async () => {
    const e = await parseFile('big.csv', new Uint8Array(3 * 1024 * 1024), {
      maxBytes: 2 * 1024 * 1024,
    }).catch((x: unknown) => x);
    expect(e).toMatchObject({ kind: 'too-large' });
    expect((e as DataError).message).toMatch(/3\.0 MB, over the 2\.0 MB limit/);
  });

  it('refuses binary bytes named .csv', async () => {
    const bytes = new Uint8Array(256).map((_, i) => i);
    await expect(parseFile('data.csv', bytes)).rejects.toMatchObject({
      kind: 'binary',
      name: 'DataError',
    });
  });
});
