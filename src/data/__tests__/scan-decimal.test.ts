import { describe, expect, it } from 'vitest';
import { estimateRows, parseDelimited } from '../csv';
import { parseNumber, scanDecimal } from '../numbers';

const CELLS = [
  '0',
  '-0',
  '+7',
  '12',
  '3.25',
  '-0.000001',
  '.5',
  '5.',
  ' 42 ',
  '  -1.5',
  '123456789012345',
  '1234567890123456',
  '19.890000000000001',
  '1e3',
  '1E-2',
  'inf',
  '-Infinity',
  'NaN',
  '',
  ' ',
  '-',
  '.',
  '1.2.3',
  '0x10',
  '1,5',
  '12a',
  'a12',
  '1 2',
  '\t3',
  '007',
  '-.25',
];

describe('scanDecimal', () => {
  it('reads in place what parseNumber reads, or says NaN and leaves the cell to it', () => {
    for (const cell of CELLS) {
      const text = `x;${cell};y`;
      const scanned = scanDecimal(text, 2, 2 + cell.length);
      if (!Number.isNaN(scanned)) expect(Object.is(scanned, parseNumber(cell))).toBe(true);
    }
    // The plain decimals are all taken by the fast path.
    for (const cell of ['0', '-0', '3.25', '.5', ' 42 ', '-.25', '123456789012345']) {
      expect(Number.isNaN(scanDecimal(cell, 0, cell.length))).toBe(false);
    }
  });

  it('reads a decimal comma only when asked', () => {
    expect(scanDecimal('3,25', 0, 4, true)).toBe(3.25);
    expect(scanDecimal('3,25', 0, 4)).toBeNaN();
    expect(scanDecimal('3.25', 0, 4, true)).toBeNaN();
  });

  it('gives the parser the same columns as before: numbers, text and missing cells mixed', () => {
    const rows = CELLS.map((c, i) => `${i};${c};${i % 3 === 0 ? 'NA' : (i * 0.1).toFixed(1)}`);
    const r = parseDelimited('mixed.csv', `id;cell;v\n${rows.join('\n')}\n`);
    const [id, cell, v] = r.table.columns;
    expect(id?.kind).toBe('number');
    // More than 5 % of the cells are not numbers: the column is text, each cell as written.
    expect(cell?.kind).toBe('string');
    expect(cell?.values[4]).toBe('3.25');
    expect(cell?.values[16]).toBe('-Infinity');
    expect(v?.kind).toBe('number');
    expect(Number.isNaN(v?.values[0] as number)).toBe(true);
    expect(v?.values[1]).toBe(0.1);
  });
});

describe('column capacity', () => {
  it('guesses the rows from the lines of the whole sample, not from the preview', () => {
    const lines = Array.from(
      { length: 50_000 },
      (_, i) => `${100_000 + i},${(i % 7) / 8},${i % 2}`,
    );
    const text = `a,b,c\n${lines.join('\n')}\n`;
    const sample = text.slice(0, text.lastIndexOf('\n', 64 * 1024) + 1);
    const guess = estimateRows(text.length, sample);
    // A little over the rows (2 % spare), never a fraction of them: each miss regrows 20 columns.
    expect(guess).toBeGreaterThanOrEqual(50_000);
    expect(guess).toBeLessThan(50_000 * 1.05);
    expect(estimateRows(text.length, sample, 100)).toBe(101);
  });
});
