import { describe, expect, it } from 'vitest';
import {
  classBalance,
  columnStats,
  describe as describeTable,
  describeView,
  moments,
  outlierShare,
} from '../stats';
import { makeTable, numberColumn, type Table } from '../table';

const table = (cols: Record<string, number[] | (string | null)[]>): Table =>
  makeTable(
    't',
    Object.entries(cols).map(([name, v]) =>
      typeof v[0] === 'number'
        ? numberColumn(name, Float64Array.from(v as number[]))
        : { name, kind: 'string' as const, values: v as (string | null)[] },
    ),
  );

describe('column statistics', () => {
  it('uses the sample standard deviation (ddof = 1), as pandas does', () => {
    // mean 5; squared deviations 9+1+1+1+0+0+4+16 = 32; sample variance 32/7
    const m = moments(Float64Array.from([2, 4, 4, 4, 5, 5, 7, 9]));
    expect(m.mean).toBe(5);
    expect(m.std).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect([m.min, m.max, m.count]).toEqual([2, 9, 8]);
  });

  it('skips missing values and counts them', () => {
    const s = columnStats(table({ a: [1, Number.NaN, 3] }), 'a');
    expect(s).toMatchObject({
      count: 2,
      missing: 1,
      mean: 2,
      min: 1,
      max: 3,
      unique: 2,
      integer: true,
    });
    expect(s.std).toBeCloseTo(Math.SQRT2, 12);
  });

  it('describes text columns with counts only', () => {
    const s = columnStats(table({ s: ['a', 'b', null, 'a'] }), 's');
    expect(s).toMatchObject({ kind: 'string', count: 3, missing: 1, unique: 2, mean: null });
  });

  it('counts values beyond mean ± 3·std over all rows', () => {
    const values = Float64Array.from([...Array(99).fill(0), 100]);
    // mean 1, std = sqrt((99·1 + 99²)/99) = 10, so 100 > 31 is the one outlier of 100 rows
    expect(moments(values).std).toBeCloseTo(10, 12);
    expect(outlierShare(values)).toBe(0.01);
    expect(outlierShare(Float64Array.from([3, 3, 3]))).toBe(0);
  });

  it('returns plain data that survives structuredClone, with a table view', () => {
    const d = describeTable(table({ x: [1, 2, 3], s: ['a', 'b', 'c'] }));
    expect(structuredClone(d)).toEqual(d);
    expect(d.qualitative).toEqual(['s']);
    const view = describeView(d);
    expect(view.rows[0]?.slice(0, 3)).toEqual(['x', 'int', 0]);
  });
});

describe('class balance', () => {
  it('counts and shares each class, largest first', () => {
    const b = classBalance(table({ y: [0, 1, 0, 0, 1] }), 'y');
    expect(b.classes).toEqual([
      { value: 0, count: 3, share: 0.6 },
      { value: 1, count: 2, share: 0.4 },
    ]);
  });
});
