import { describe, expect, it } from 'vitest';
import { parseDelimited } from '../csv';
import { parseFile } from '../parse';
import { columnStats, describe as describeTable } from '../stats';
import type { NumberColumn, Table } from '../table';
import { utf8 } from './shared-data';

const numbers = (t: Table, name: string): number[] => {
  const c = t.columns.find((col) => col.name === name);
  expect(c?.kind).toBe('number');
  return Array.from((c as NumberColumn).values);
};

describe('European exports', () => {
  const csv = 'id;price;weight;label\n1;1.234,50;0,25;a\n2;17,5;-3,75;b\n3;2.000.000,00;1,0;c\n';

  it('detects the decimal comma with dots for thousands and reads the numbers', async () => {
    const r = await parseFile('prices.csv', utf8(csv));
    expect(r.detected.delimiter).toBe(';');
    expect(r.detected.decimal).toBe(',');
    expect(numbers(r.table, 'price')).toEqual([1234.5, 17.5, 2_000_000]);
    expect(numbers(r.table, 'weight')).toEqual([0.25, -3.75, 1]);
    expect(r.warnings).toContain(
      'prices.csv: read with a decimal comma: 6 numbers in the first rows are written like "3,14".',
    );
  });

  it('reads the same file with a decimal point when the user chooses it', async () => {
    const r = await parseFile('prices.csv', utf8(csv), { decimal: '.' });
    expect(r.detected.decimal).toBe('.');
    expect(r.table.columns.find((c) => c.name === 'weight')?.kind).toBe('string');
  });

  it('keeps the decimal point for comma-separated files and ";" files written with points', async () => {
    expect((await parseFile('a.csv', utf8('x,y\n1.5,2\n'))).detected.decimal).toBe('.');
    const r = await parseFile('b.csv', utf8('x;y\n1.5;2,5\n3.25;4.75\n'));
    expect(r.detected.decimal).toBe('.');
    expect(numbers(r.table, 'x')).toEqual([1.5, 3.25]);
  });
});

describe('numbers that are not all numbers', () => {
  const rows = Array.from({ length: 200 }, (_, i) =>
    i % 10 === 3 ? (i % 20 === 3 ? 'n.a.' : '?') : String(i / 4),
  );
  const csv = `T1,T2\n${rows.map((v, i) => `${v},${i}`).join('\n')}\n`;

  it('says which column turned to text, how many cells, and the first rows and values', async () => {
    const r = await parseFile('sensors.csv', utf8(csv));
    expect(r.table.columns[0]?.kind).toBe('string');
    expect(r.readAsText).toEqual([
      {
        column: 'T1',
        numbers: 180,
        texts: 20,
        examples: [
          { row: 5, text: 'n.a.' },
          { row: 15, text: '?' },
          { row: 25, text: 'n.a.' },
        ],
        tokens: ['n.a.', '?'],
      },
    ]);
    expect(r.warnings).toContain(
      'sensors.csv: column "T1" was read as text although 180 of its 200 cells are numbers: 20 cells are not (row 5: "n.a.", row 15: "?", row 25: "n.a.", …). To read them as missing, choose "Read as missing" in the preview or pass { missing: ["n.a.","?"] }.',
    );
  });

  it('reads them as missing when asked, and the column is numbers again', async () => {
    const r = await parseFile('sensors.csv', utf8(csv), { missing: ['n.a.', '?'] });
    expect(r.readAsText).toEqual([]);
    const t1 = numbers(r.table, 'T1');
    expect(t1.filter(Number.isNaN)).toHaveLength(20);
    expect(t1[0]).toBe(0);
    expect(columnStats(r.table, 'T1').missing).toBe(20);
  });

  it('does not offer a real text column as numbers', async () => {
    const r = await parseFile('names.csv', utf8(`name\n${'ann\nbob\n'.repeat(50)}`));
    expect(r.readAsText).toEqual([]);
  });
});

describe('infinities and NaN', () => {
  const csv = 'x,y\n1,Infinity\n2,-Infinity\n3,inf\n4,1e309\n5,NaN\n6,2\n7,4\n';

  it('reports them per column with rows, and keeps statistics finite with a reason', async () => {
    const r = await parseFile('inf.csv', utf8(csv));
    expect(r.special).toEqual([
      {
        column: 'y',
        infinite: 4,
        nan: 1,
        examples: [
          { row: 2, text: 'Infinity' },
          { row: 3, text: '-Infinity' },
          { row: 4, text: 'inf' },
        ],
      },
    ]);
    expect(r.warnings).toContain(
      'inf.csv: column "y" holds 4 infinite cells (read as ±Infinity) and 1 NaN cell (read as missing): row 2: "Infinity", row 3: "-Infinity", row 4: "inf", …. Its min, max, mean and std are of the finite values.',
    );
    const y = columnStats(r.table, 'y');
    expect(y).toMatchObject({ min: 2, max: 4, mean: 3, infinite: 4, missing: 1 });
    expect(y.note).toBe(
      '4 infinite values (±Infinity) left out of min, max, mean and std; 1 missing',
    );
  });

  it('says why statistics are empty: all missing, only infinities, one value', () => {
    const t = parseDelimited('e.csv', 'a,b,c,d\n,inf,5,1\n,-inf,,2\n').table;
    const d = describeTable(t);
    const note = (name: string) => d.columns.find((c) => c.name === name)?.note;
    expect(note('a')).toBe('all 2 cells are missing: no statistics');
    expect(note('b')).toBe('only 2 infinite values and missing cells: no min, max, mean or std');
    expect(note('c')).toBe('one value: std needs two; 1 missing');
    expect(note('d')).toBeNull();
    for (const c of d.columns) {
      if (c.min === null || c.std === null) expect(c.note).not.toBeNull();
    }
  });
});

describe('layouts that used to be mis-read', () => {
  it('reads a file of 12,000 columns whose header is far longer than 64 KiB', async () => {
    const width = 12_000;
    const names = Array.from(
      { length: width },
      (_, i) => `sensor_reading_feature_${String(i).padStart(5, '0')}`,
    );
    const row = (k: number) => Array.from({ length: width }, (_, i) => (i * k) % 97).join(',');
    const csv = `${names.join(',')}\r\n${row(1)}\r\n${row(2)}\r\n${row(3)}\r\n`;
    expect(csv.indexOf('\r\n')).toBeGreaterThan(256 * 1024);
    const r = await parseFile('wide.csv', utf8(csv));
    expect(r.table.columns).toHaveLength(width);
    expect(r.table.rowCount).toBe(3);
    expect(r.detected).toMatchObject({ headerRows: 1, lineEnding: 'CRLF' });
    expect(r.table.columns[11_999]?.name).toBe('sensor_reading_feature_11999');
    expect(numbers(r.table, 'sensor_reading_feature_11999')).toEqual([
      (11_999 * 1) % 97,
      (11_999 * 2) % 97,
      (11_999 * 3) % 97,
    ]);
  });

  it('reads a file that mixes CRLF, LF and CR line ends in its first rows', async () => {
    const r = await parseFile('mixed.csv', utf8('a,b\r\n1,2\n3,4\r5,6\r\n7,8'));
    expect(r.table.rowCount).toBe(4);
    expect(numbers(r.table, 'b')).toEqual([2, 4, 6, 8]);
    expect(r.detected.mixedLineEnds).toBe(true);
    expect(r.warnings).toContain(
      'mixed.csv: the line ends are mixed (2 CRLF, 1 LF, 1 CR in the first rows); each was read as a line end.',
    );
  });

  it('reads a file whose line ends change kind far past its first rows', async () => {
    const lf = Array.from({ length: 20_000 }, (_, i) => `${i},${i * 2}`).join('\n');
    const text = `a,b\n${lf}\n20000,40000\r\n20001,40002\r20002,40004\r\n`;
    const r = await parseFile('late.csv', utf8(text));
    expect(r.table.rowCount).toBe(20_003);
    expect(numbers(r.table, 'b').slice(-3)).toEqual([40000, 40002, 40004]);
    expect(r.detected.mixedLineEnds).toBe(true);
    // A string given to parseDelimited is read again the same way.
    expect(parseDelimited('late.csv', text).table.rowCount).toBe(20_003);
  });

  it('tells renamed blank and repeated header names with their row and column', async () => {
    const r = await parseFile('names.csv', utf8('id,,score,score,\n1,2,3,4,5\n'));
    expect(r.table.columns.map((c) => c.name)).toEqual([
      'id',
      'Unnamed: 1',
      'score',
      'score.1',
      'Unnamed: 4',
    ]);
    expect(r.warnings).toContain(
      'names.csv: row 1: columns 2, 5 have no name; they are called "Unnamed: <column − 1>".',
    );
    expect(r.warnings).toContain(
      'names.csv: row 1: "score" in column 4 repeats column 3, so it is called "score.1".',
    );
  });

  it('tells the row of the first byte that forced the Windows-1252 fallback', async () => {
    const bytes = new Uint8Array([
      ...utf8('name,n\nann,1\n'),
      ...[0x52, 0xe9, 0x6d, 0x79],
      ...utf8(',2\n'),
    ]);
    const r = await parseFile('latin.csv', bytes);
    expect(r.detected.encoding).toBe('windows-1252');
    expect(r.table.columns[0]?.kind === 'string' && r.table.columns[0].values[1]).toBe('Rémy');
    expect(r.warnings[0]).toBe(
      'latin.csv: not valid UTF-8 (first at row 3: byte 0xE9, read as "é"); read as Windows-1252 (Western European). Choose the encoding if accents look wrong.',
    );
  });
});

describe('the quote-free fast path', () => {
  it('reads the same table as the quoted path, and refuses ragged rows alike', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => [i, `t${i % 7}`, (i / 8).toFixed(3)]);
    const plain = `n,s,x\n${rows.map((r) => r.join(',')).join('\n')}\n`;
    const quoted = `n,s,x\n${rows.map(([n, t, x]) => `${n},"${t}",${x}`).join('\n')}\n`;
    const a = await parseFile('p.csv', utf8(plain));
    const b = await parseFile('p.csv', utf8(quoted));
    expect(a.table).toEqual(b.table);
    for (const bad of ['n,s,x\n1,a,2\n3,b\n', 'n,s,x\n1,a,2\n3,b,4,5\n']) {
      const errors = await Promise.all(
        [bad, bad.replace('a', '"a"')].map((text) =>
          parseFile('r.csv', utf8(text)).then(
            () => '',
            (e: unknown) => (e as Error).message,
          ),
        ),
      );
      expect(errors[0]).toMatch(/^r\.csv: row 3: expected 3 fields, got [24]$/);
      expect(errors[0]).toBe(errors[1]);
    }
  });
});
