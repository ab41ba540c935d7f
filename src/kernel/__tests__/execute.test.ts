import { describe, expect, it } from 'vitest';
import { describeCellError, executeCell } from '../execute';

const g = globalThis as Record<string, unknown>;

describe('executeCell', () => {
  it('keeps top-level declarations visible to later cells', async () => {
    await executeCell('const kept = 41;', 'cell-a.ts');
    expect(await executeCell('kept + 1', 'cell-b.ts')).toBe(42);
  });

  it('lets a cell that declares const run again', async () => {
    await executeCell('const again = 1;', 'cell-c.ts');
    await executeCell('const again = 2;', 'cell-c.ts');
    expect(g.again).toBe(2);
  });

  it('awaits at top level and returns the last expression', async () => {
    expect(await executeCell('const v = await Promise.resolve(5);\nv * 2', 'cell-d.ts')).toBe(10);
  });

  it('shares functions declared in one cell with the next', async () => {
    await executeCell('function twice(n: number) { return 2 * n; }', 'cell-e.ts');
    expect(await executeCell('twice(4)', 'cell-f.ts')).toBe(8);
  });

  it('refuses to redefine a built-in global such as setTimeout', async () => {
    await expect(executeCell('const setTimeout = 1;', 'cell-g.ts')).rejects.toThrow(
      /built-in name/,
    );
    expect(typeof g.setTimeout).toBe('function');
  });

  it('points a runtime error at the line of the cell that threw', async () => {
    const tag = 'cell-h.ts';
    const error = await executeCell('const a = 1;\n\nnull.boom;', tag).catch((e: unknown) => e);
    expect(describeCellError(error, tag)).toMatchObject({ name: 'TypeError', line: 3 });
  });

  it('points a syntax error at its line', async () => {
    const error = await executeCell('1 +\n+', 'cell-i.ts').catch((e: unknown) => e);
    expect(describeCellError(error, 'cell-i.ts')).toMatchObject({ name: 'SyntaxError', line: 2 });
  });
});
