import { describe, expect, it } from 'vitest';
import { assertDataset, identify, validate } from '../dataset-check';
import { parseFile } from '../parse';
import { dataset } from '../registry';
import { sha256Hex } from '../sha256';
import { classBalance, describe as describeTable } from '../stats';
import type { Table } from '../table';
import { countLineBreaks, sharedFile, titled } from './shared-data';

const col = (t: Table, name: string) => {
  const c = t.columns.find((x) => x.name === name);
  if (!c) throw new Error(`no column ${name}`);
  return c;
};
const numeric = (t: Table, name: string) => {
  const c = col(t, name);
  if (c.kind !== 'number') throw new Error(`${name} is text`);
  return c.values;
};
const countOf = (values: Float64Array, x: number) =>
  values.reduce((n, v) => (v === x ? n + 1 : n), 0);

const SOMERVILLE = 'somerville-happiness/SomervilleHappinessSurvey2015.csv';
const somerville = sharedFile(SOMERVILLE);
describe.skipIf(!somerville)(
  titled('the Somerville survey (BOM, CRLF, no final line break)', SOMERVILLE, somerville),
  () => {
    it('reads 143 × 7 with the first column named D, 77 of them 1', async () => {
      const r = await parseFile('SomervilleHappinessSurvey2015.csv', somerville!);
      expect(r.table.columns.map((c) => c.name)).toEqual(['D', 'X1', 'X2', 'X3', 'X4', 'X5', 'X6']);
      expect(r.table.rowCount).toBe(countLineBreaks(somerville!).crlf); // 143 CRLF: header + 142, last row unterminated
      expect(r.table.rowCount).toBe(143);
      expect(countOf(numeric(r.table, 'D'), 1)).toBe(77);
      expect(r.detected).toMatchObject({
        encoding: 'utf-8',
        lineEnding: 'CRLF',
        delimiter: ',',
        headerRows: 1,
      });
      expect(validate(dataset('somerville-happiness'), r.table).ok).toBe(true);
    });

    it('matches the registry sha256', async () => {
      const entry = dataset('somerville-happiness');
      expect(identify(entry, await sha256Hex(somerville!))).toMatchObject({ match: 'exact' });
    });
  },
);

const ENERGY = 'energy/energydata_complete.csv';
const energy = sharedFile(ENERGY);
describe.skipIf(!energy)(
  titled('the energy CSV (every field quoted, space-padded numbers)', ENERGY, energy),
  () => {
    it('reads 19,735 × 29 with Appliances from 10 to 1080 and no missing cells', async () => {
      const r = await parseFile('energydata_complete.csv', energy!);
      const lines = countLineBreaks(energy!).crlf - 1;
      expect(r.table.rowCount).toBe(lines);
      expect(r.table.rowCount).toBe(19735);
      expect(r.table.columns).toHaveLength(29);
      expect(col(r.table, 'date').kind).toBe('string');
      const d = describeTable(r.table);
      const appliances = d.columns.find((c) => c.name === 'Appliances')!;
      expect([appliances.min, appliances.max]).toEqual([10, 1080]);
      expect(d.missingTotal).toBe(0);
      expect(d.qualitative).toEqual(['date']);
      expect(r.warnings).toEqual([]);
      assertDataset(dataset('energy'), r.table);
    });

    it('gives the outlier shares the book prints (lights 0.033, RH_5 0.029, Appliances 0.027)', async () => {
      const r = await parseFile('energydata_complete.csv', energy!);
      const share = (n: string) =>
        describeTable(r.table)
          .columns.find((c) => c.name === n)!
          .outlierShare!.toFixed(3);
      expect([share('lights'), share('RH_5'), share('Appliances'), share('T2')]).toEqual([
        '0.033',
        '0.029',
        '0.027',
        '0.010',
      ]);
    });
  },
);

const CC = 'credit-card-default/';
const full = sharedFile(`${CC}default-of-credit-card-clients.full-30000-rows.xls`);
describe.skipIf(!full)(
  titled('the full credit-card XLS (BIFF8, two header rows)', `${CC}…full-30000-rows.xls`, full),
  () => {
    it('reads 30,000 × 25 named from the second header row, 6,636 defaults = 22.12 %', async () => {
      const r = await parseFile('default of credit card clients.xls', full!);
      expect(r.format).toBe('xls');
      expect(r.detected).toMatchObject({
        headerRows: 2,
        namesRow: 1,
        sheet: 'Data',
        sheets: ['Data'],
      });
      expect(r.table.rowCount).toBe(30000);
      expect(r.table.columns).toHaveLength(25);
      const balance = classBalance(r.table, 'default payment next month');
      const yes = balance.classes.find((c) => c.value === 1)!;
      expect(yes.count).toBe(6636);
      expect((yes.share * 100).toFixed(2)).toBe('22.12');
      assertDataset(dataset('credit-card-default'), r.table);
    });
  },
);

const first10k = sharedFile(`${CC}default-of-credit-card-clients.first-10000-rows.xls`);
describe.skipIf(!first10k)(
  titled('the 10,000-row credit-card XLS', `${CC}…first-10000-rows.xls`, first10k),
  () => {
    it('reads 10,000 × 25 with 2,259 defaults and is accepted as a sample of the data set', async () => {
      const r = await parseFile('default of credit card clients.xls', first10k!);
      expect(r.table.rowCount).toBe(10000);
      expect(countOf(numeric(r.table, 'default payment next month'), 1)).toBe(2259);
      const v = validate(dataset('credit-card-default'), r.table);
      expect(v.ok).toBe(true);
      expect(v.notes).toEqual(['a sample: 10,000 of 30,000 rows']);
    });
  },
);

const crCsv = sharedFile(`${CC}default-of-credit-card-clients.two-header-rows.bom.cr-only.csv`);
describe.skipIf(!crCsv)(
  titled('the credit-card CSV (BOM, CR-only, two header rows)', `${CC}…cr-only.csv`, crCsv),
  () => {
    it('reads 30,000 × 25 with names from the second row', async () => {
      const r = await parseFile('default of credit card clients.csv', crCsv!);
      expect(r.detected).toMatchObject({ lineEnding: 'CR', headerRows: 2, encoding: 'utf-8' });
      expect(r.table.rowCount).toBe(countLineBreaks(crCsv!).cr - 1); // 30,001 CR, last row unterminated
      expect(r.table.columns[0]!.name).toBe('ID');
      expect(countOf(numeric(r.table, 'default payment next month'), 1)).toBe(6636);
      assertDataset(dataset('credit-card-default'), r.table);
    });
  },
);

const tsvXls = sharedFile(`${CC}default-of-credit-card-clients.tab-separated-text-named.xls`);
describe.skipIf(!tsvXls)(
  titled('the tab-separated text named .xls', `${CC}…tab-separated-text-named.xls`, tsvXls),
  () => {
    it('is read by content as TSV: 30,000 × 25, the trailing empty line ignored', async () => {
      const r = await parseFile('default of credit card clients.xls', tsvXls!);
      expect(r.format).toBe('tsv');
      expect(r.detected).toMatchObject({ delimiter: '\t', headerRows: 1, lineEnding: 'LF' });
      expect(r.table.rowCount).toBe(30000);
      expect(r.table.columns).toHaveLength(25);
      assertDataset(dataset('credit-card-default'), r.table);
    });
  },
);

const BTC = 'bitcoin/bitcoin_historical_prices.csv';
const bitcoin = sharedFile(BTC);
describe.skipIf(!bitcoin)(titled('the bitcoin prices', BTC, bitcoin), () => {
  it('reads 1,655 × 8 with 243 empty volume cells', async () => {
    const r = await parseFile('bitcoin_historical_prices.csv', bitcoin!);
    expect(r.table.rowCount).toBe(countLineBreaks(bitcoin!).lf - 1);
    expect(r.table.rowCount).toBe(1655);
    expect(r.table.columns).toHaveLength(8);
    const volume = describeTable(r.table).columns.find((c) => c.name === 'volume')!;
    expect(volume).toMatchObject({ kind: 'number', missing: 243 });
    assertDataset(dataset('bitcoin-historical-prices'), r.table);
  });
});

const MSD = 'year-prediction-msd/YearPredictionMSD.first-1176-rows.no-header.csv';
const msd = sharedFile(MSD);
describe.skipIf(!msd)(titled('the YearPredictionMSD head (no header)', MSD, msd), () => {
  it('reads 1,176 × 91 with no header, columns named 0…90, year first', async () => {
    const r = await parseFile('YearPredictionMSD.csv', msd!);
    expect(r.detected.headerRows).toBe(0);
    expect(r.table.rowCount).toBe(countLineBreaks(msd!).lf);
    expect(r.table.rowCount).toBe(1176);
    expect(r.table.columns.map((c) => c.name)).toEqual(
      Array.from({ length: 91 }, (_, i) => String(i)),
    );
    expect(Array.from(numeric(r.table, '0').subarray(0, 9))).toEqual(Array(9).fill(2001));
    expect(validate(dataset('year-prediction-msd'), r.table).ok).toBe(true);
  });

  it('reads the same rows when a 0,1,…,90 header line is put on top (the book copy)', async () => {
    const header = new TextEncoder().encode(
      `${Array.from({ length: 91 }, (_, i) => i).join(',')}\n`,
    );
    const r = await parseFile('YearPredictionMSD.csv', new Uint8Array([...header, ...msd!]));
    expect(r.detected.headerRows).toBe(1);
    expect(r.table.rowCount).toBe(1176);
  });

  it('keeps only maxRows rows', async () => {
    const r = await parseFile('YearPredictionMSD.csv', msd!, { maxRows: 500 });
    expect(r.table.rowCount).toBe(500);
    expect(r.truncated).toBe(true);
  });
});
