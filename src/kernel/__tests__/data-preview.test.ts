import { describe, expect, it } from 'vitest';
import { parseFile } from '@/data/parse';
import { previewOf } from '../lib/data-preview';

describe('the data preview of a file with one huge line', () => {
  it('sends the page a clipped cell and clipped messages, not the whole line', async () => {
    const huge = 'x'.repeat(5_000_000);
    const rows = Array.from(
      { length: 80 },
      (_, i) => `${i},${i === 70 ? huge : `name ${i}`},${i === 71 ? huge : i}`,
    );
    const parsed = await parseFile(
      'one-line.csv',
      new TextEncoder().encode(`a,b,c\n${rows.join('\n')}\n`),
    );
    const view = previewOf(parsed.table, { parsed });
    const cell = view.head[70]?.[1];
    expect(typeof cell).toBe('string');
    expect((cell as string).length).toBeLessThan(1100);
    expect(cell).toMatch(/… \(5,000,000 characters\)$/);
    // Column c is numbers with one huge text cell: told in a warning, quoted short.
    expect(view.warnings.join('\n')).toContain(
      'column "c" is numbers but 1 cell holds text (row 73: "xxx',
    );
    expect(JSON.stringify(view).length).toBeLessThan(100_000);
  });

  it('clips a huge value in the class balance too (a column of few distinct values)', async () => {
    // The bench's file: a 50 MB note and a short one, so the column has two classes.
    const huge = 'y'.repeat(5_000_000);
    const parsed = await parseFile(
      'two-classes.csv',
      new TextEncoder().encode(`note,value\n${huge},1\nshort,2\n`),
    );
    const view = previewOf(parsed.table, { parsed });
    const classes = view.balances.find((b) => b.column === 'note')?.classes ?? [];
    expect(classes.map((k) => k.value.length).sort((a, b) => a - b)).toEqual([5, 1024]);
    expect(JSON.stringify(view).length).toBeLessThan(100_000);
  });
});
