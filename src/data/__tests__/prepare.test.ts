import { describe, expect, it } from 'vitest';
import { oneHot, toMatrix, toVector } from '../encode';
import { DataError } from '../errors';
import { parseFile } from '../parse';
import { mulberry32, permutation } from '../random';
import { applyScaler, fitMinMax, fitStandard, minMaxScale } from '../scale';
import { oversample, shuffle, splitByFractions, splitSizes, undersample } from '../split';
import { classBalance } from '../stats';
import { column, drop, filter, head, makeTable, numberColumn, select, type Table } from '../table';
import { sharedFile, titled } from './shared-data';

const nums = (t: Table, name: string) => {
  const c = column(t, name);
  if (c.kind !== 'number') throw new Error('text');
  return Array.from(c.values);
};

/** A stand-in for the credit-card table: 25 columns, 30,000 rows, 6,636 defaults. */
function creditLike(): Table {
  const n = 30000;
  const cols = [
    'ID',
    'LIMIT_BAL',
    'SEX',
    ...Array.from({ length: 21 }, (_, i) => `F${i}`),
    'default',
  ];
  return makeTable(
    'cc',
    cols.map((name, j) =>
      numberColumn(
        name,
        Float64Array.from({ length: n }, (_, i) =>
          name === 'default' ? (i % 30000 < 6636 ? 1 : 0) : i * (j + 1),
        ),
      ),
    ),
  );
}

describe('splitting', () => {
  it.each([
    [19735, 11841, 3947, 3947],
    [46728, 28036, 9346, 9346],
    [50000, 30000, 10000, 10000],
  ])(
    "splits %i rows 60/20/20 into %i / %i / %i as the book's two train_test_split calls do",
    (n, tr, va, te) => {
      expect(splitSizes(n, { train: 0.6, val: 0.2, test: 0.2 })).toEqual({
        train: tr,
        val: va,
        test: te,
      });
    },
  );

  it('cuts a shuffled table into disjoint parts that cover every row', () => {
    const t = makeTable('t', [
      numberColumn(
        'i',
        Float64Array.from({ length: 101 }, (_, i) => i),
      ),
    ]);
    const s = splitByFractions(t, { train: 0.6, val: 0.2, test: 0.2 }, { seed: 1 });
    const all = [...nums(s.train, 'i'), ...nums(s.val, 'i'), ...nums(s.test, 'i')].sort(
      (a, b) => a - b,
    );
    expect(all).toEqual(nums(t, 'i'));
    expect([s.train.rowCount, s.val.rowCount, s.test.rowCount]).toEqual([60, 20, 21]); // test ceil(20.2) = 21, val ceil(80 · 0.25) = 20
    expect(
      splitByFractions(t, { train: 0.5, val: 0, test: 0.5 }, { shuffle: false }).test.rowCount,
    ).toBe(51);
  });

  it('refuses fractions that do not add up to 1', () => {
    expect(() => splitSizes(10, { train: 0.6, val: 0.2, test: 0.3 })).toThrow(RangeError);
  });
});

describe('seeded shuffling', () => {
  it('gives the same order for the same seed and another for another seed', () => {
    expect(Array.from(permutation(10, 42))).toEqual(Array.from(permutation(10, 42)));
    expect(Array.from(permutation(10, 42))).not.toEqual(Array.from(permutation(10, 43)));
    expect([...permutation(10, 42)].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const r = mulberry32(0);
    for (let i = 0; i < 1000; i++) expect(r()).toBeLessThan(1);
  });

  it('keeps rows whole when shuffling a table', () => {
    const t = makeTable('t', [
      numberColumn('x', Float64Array.from([1, 2, 3, 4])),
      numberColumn('y', Float64Array.from([10, 20, 30, 40])),
    ]);
    const s = shuffle(t, 7);
    expect(nums(s, 'x').map((x) => x * 10)).toEqual(nums(s, 'y'));
  });
});

describe('class resampling', () => {
  it('reproduces the book: drop ID and SEX, oversample the defaults → (46728, 23), 50/50', () => {
    const data = drop(creditLike(), ['ID', 'SEX']);
    const resampled = oversample(data, 'default', 0);
    expect([resampled.rowCount, resampled.columns.length]).toEqual([46728, 23]);
    expect(classBalance(resampled, 'default').classes.map((c) => c.share)).toEqual([0.5, 0.5]);
  });

  it('undersamples every class down to the smallest one', () => {
    const t = undersample(creditLike(), 'default', 0);
    expect(t.rowCount).toBe(2 * 6636);
  });
});

const FULL = 'credit-card-default/default-of-credit-card-clients.full-30000-rows.xls';
const full = sharedFile(FULL);
describe.skipIf(!full)(titled('the book walkthrough 3.P on the real workbook', FULL, full), () => {
  it('ends with (46728, 23) and 28036 / 9346 / 9346 splits', async () => {
    const r = await parseFile('default of credit card clients.xls', full!);
    const data = oversample(drop(r.table, ['ID', 'SEX']), 'default payment next month', 0);
    expect([data.rowCount, data.columns.length]).toEqual([46728, 23]);
    const s = splitByFractions(data, { train: 0.6, val: 0.2, test: 0.2 });
    expect([s.train.rowCount, s.val.rowCount, s.test.rowCount]).toEqual([28036, 9346, 9346]);
  });
});

describe('scaling', () => {
  const train = makeTable('train', [
    numberColumn('a', Float64Array.from([0, 5, 10])),
    numberColumn('y', Float64Array.from([1, 0, 1])),
  ]);

  it('min-max scales to 0…1 and applies the training fit to other data', () => {
    const scaler = fitMinMax(train, { exclude: ['y'] });
    expect(nums(applyScaler(train, scaler), 'a')).toEqual([0, 0.5, 1]);
    const other = makeTable('test', [numberColumn('a', Float64Array.from([20]))]);
    expect(nums(applyScaler(other, scaler), 'a')).toEqual([2]);
    expect(nums(applyScaler(train, scaler), 'y')).toEqual([1, 0, 1]);
  });

  it('standardises with the sample std', () => {
    const s = fitStandard(train, { columns: ['a'] });
    expect(s.offset).toEqual([5]);
    expect(s.scale[0]).toBe(5); // sqrt((25 + 0 + 25) / 2)
    expect(nums(applyScaler(train, s), 'a')).toEqual([-1, 0, 1]);
  });

  it('maps a constant column to 0 rather than NaN', () => {
    const t = makeTable('c', [numberColumn('k', Float64Array.from([3, 3]))]);
    expect(nums(minMaxScale(t), 'k')).toEqual([0, 0]);
  });
});

describe('encoding and matrices', () => {
  const t = makeTable('t', [
    numberColumn('x', Float64Array.from([1, 2, 3])),
    { name: 'c', kind: 'string', values: ['b', 'a', 'b'] },
    numberColumn('y', Float64Array.from([0, 1, 0])),
  ]);

  it('one-hot encodes a column in place, as get_dummies names them', () => {
    const e = oneHot(t, 'c');
    expect(e.columns.map((c) => c.name)).toEqual(['x', 'c_a', 'c_b', 'y']);
    expect(nums(e, 'c_b')).toEqual([1, 0, 1]);
  });

  it('packs numeric columns row-major into a Float32Array', () => {
    const m = toMatrix(oneHot(t, 'c'), ['x', 'c_a', 'y']);
    expect(m).toMatchObject({ rows: 3, cols: 3, columns: ['x', 'c_a', 'y'] });
    expect(Array.from(m.values)).toEqual([1, 0, 0, 2, 1, 1, 3, 0, 0]);
    expect(Array.from(toVector(t, 'y'))).toEqual([0, 1, 0]);
  });

  it('refuses text and missing cells with the column named', () => {
    expect(() => toMatrix(t)).toThrow(DataError);
    expect(() => toMatrix(t)).toThrow(/column "c"/);
    const gap = makeTable('g', [numberColumn('v', Float64Array.from([1, Number.NaN]))]);
    expect(() => toMatrix(gap)).toThrow(/1 missing cell\(s\); the first is data row 2/);
  });

  it('selects, drops and filters columns and rows; a wrong name fails loudly', () => {
    expect(select(t, ['y', 'x']).columns.map((c) => c.name)).toEqual(['y', 'x']);
    expect(filter(t, (row) => row.c === 'b').rowCount).toBe(2);
    expect(() => drop(t, ['nope'])).toThrow(/there is no column "nope"/);
    expect(head(t, 2)).toEqual({
      columns: ['x', 'c', 'y'],
      rows: [
        [1, 'b', 0],
        [2, 'a', 1],
      ],
      totalRows: 3,
      caption: 't',
    });
  });
});
