import { describe, expect, it } from 'vitest';
import { assertDataset, validate } from '../dataset-check';
import { parseFile } from '../parse';
import { dataset } from '../registry';
import { refusedSync } from './refusals';
import { utf8 } from './shared-data';

const creditNames = (sep: string) =>
  dataset('credit-card-default').expected!.columns!.map((n) => n.replaceAll(' ', sep));

function creditCsv(names: readonly string[], targets: readonly number[]): string {
  const rows = targets.map((y, i) =>
    [i + 1, 20000, 2, 2, 1, 24, ...Array.from({ length: 18 }, (_, k) => k), y].join(','),
  );
  return `${names.join(',')}\n${rows.join('\n')}\n`;
}

describe('book data sets in other layouts', () => {
  it('accepts the credit-card file with dots for spaces, renames the columns and says so', async () => {
    const names = creditNames('.');
    expect(names.at(-1)).toBe('default.payment.next.month');
    const r = await parseFile('UCI_Credit_Card.csv', utf8(creditCsv(names, [1, 0, 0, 1])));
    const v = assertDataset(dataset('credit-card-default'), r.table, { headerRows: 1 });
    expect(v.renames).toEqual([['default.payment.next.month', 'default payment next month']]);
    expect(v.notes).toContain(
      'column names matched up to case and punctuation, and renamed: "default.payment.next.month" → "default payment next month"',
    );
    expect(r.table.columns.at(-1)?.name).toBe('default payment next month');
  });

  it('accepts names that differ in case and underscores, and still refuses other names', async () => {
    const names = creditNames('_').map((n) => n.toLowerCase());
    const r = await parseFile('cc.csv', utf8(creditCsv(names, [0, 1])));
    expect(validate(dataset('credit-card-default'), r.table).ok).toBe(true);
    const other = [...names.slice(0, -1), 'defaulted'];
    const r2 = await parseFile('cc.csv', utf8(creditCsv(other, [0, 1])));
    expect(validate(dataset('credit-card-default'), r2.table).problems).toEqual([
      'column 25 should be "default payment next month", got "defaulted"',
    ]);
  });

  it('refuses a credit-card target that is not 0/1, with the range found, expected, and the row', async () => {
    const r = await parseFile('cc.csv', utf8(creditCsv(creditNames(' '), [0, 1, 2, 1])));
    const e = refusedSync(() =>
      assertDataset(dataset('credit-card-default'), r.table, { headerRows: 1 }),
    );
    expect(e.kind).toBe('wrong-dataset');
    expect(e.column).toBe('default payment next month');
    expect(e.message).toBe(
      'cc.csv: column "default payment next month": this does not look like "Default of credit card clients": the target column "default payment next month" holds 0 to 2 (first out of range at row 4: 2); expected 0 (no default) or 1 (default) (0 to 1, whole numbers)',
    );
  });

  it('refuses a YearPredictionMSD file whose first column is not years', async () => {
    const row = (y: number) => [y, ...Array.from({ length: 90 }, (_, k) => k / 10)].join(',');
    const good = await parseFile('msd.csv', utf8(`${row(2001)}\n${row(1922)}\n${row(2011)}\n`));
    expect(validate(dataset('year-prediction-msd'), good.table).ok).toBe(true);
    const shares = await parseFile('msd.csv', utf8(`${row(0.25)}\n${row(0.75)}\n`));
    const e = refusedSync(() =>
      assertDataset(dataset('year-prediction-msd'), shares.table, { headerRows: 0 }),
    );
    expect(e.message).toContain(
      'the target column "0" holds 0.25 to 0.75 (first out of range at row 1: 0.25); expected release years 1922 to 2011 (1922 to 2011, whole numbers)',
    );
  });

  it('refuses a Somerville file whose D is a rating, and an energy file in kWh', async () => {
    const somerville = await parseFile(
      's.csv',
      utf8('D,X1,X2,X3,X4,X5,X6\n1,3,3,3,4,2,4\n5,3,2,3,5,4,3\n'),
    );
    expect(validate(dataset('somerville-happiness'), somerville.table).problems[0]).toContain(
      'the target column "D" holds 1 to 5 (first out of range at data row 2: 5); expected 0 (unhappy) or 1 (happy)',
    );
    const energyNames = dataset('energy').expected!.columns!;
    const line = (a: number) =>
      ['2016-01-11 17:00:00', a, ...Array.from({ length: energyNames.length - 2 }, () => 1)].join(
        ',',
      );
    const kwh = await parseFile(
      'e.csv',
      utf8(`${energyNames.join(',')}\n${line(0.06)}\n${line(0.43)}\n`),
    );
    expect(validate(dataset('energy'), kwh.table).problems[0]).toContain(
      'the target column "Appliances" holds 0.06 to 0.43',
    );
  });
});
