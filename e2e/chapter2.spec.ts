import { expect, test } from '@playwright/test';
import { realFile } from './data-files';
import { metricsOf, runner } from './runner-helpers';

// Chapter 2 through the headless runner on the quick preset, on the real files of ../shared/data
// (served by the e2e server's data/ folder plugin). Each test skips, naming the file, when its
// data file is absent.

const ENERGY = 'pytorch-workshop/ch02-perceptron-energy.ipynb';
const YEAR = 'pytorch-workshop/ch02-activity-year-prediction.ipynb';

interface Metric {
  name: string;
  value: number;
  book: number | null;
  pass: boolean | null;
}

async function runQuick(notebook: string) {
  const { code, output, outDir } = await runner(
    `notebooks/${notebook}`,
    '--preset',
    'quick',
    '--backend',
    'wasm',
  );
  // The runner writes <out>/<catalog path without .ipynb>.metrics.json.
  const run = metricsOf(outDir, notebook.replace(/\.ipynb$/, ''));
  return { code, output, metrics: { ...run, metrics: run.metrics as Metric[] } };
}

const byName = (metrics: Metric[], pattern: RegExp) => metrics.find((m) => pattern.test(m.name));

test.describe('chapter 2 notebooks on the quick preset', () => {
  test.setTimeout(300_000);

  test('Exercises 2.01–2.05: the book split of the energy data and a trained regression network', async () => {
    realFile('energy/energydata_complete.csv');
    const { code, output, metrics } = await runQuick(ENERGY);
    expect(code, output).toBe(0);
    expect(metrics).toMatchObject({ ok: true, preset: 'quick' });
    expect(metrics.metrics.every((m) => m.pass !== false)).toBe(true);
    expect(byName(metrics.metrics, /2\.01 perceptron output/)?.value).toBe(0);
    expect(byName(metrics.metrics, /2\.04 training rows/)?.value).toBe(11841);
    expect(byName(metrics.metrics, /2\.04 features/)?.value).toBe(27);
    // The NumPy shuffle puts the book's own row first in the test set: ground truth 60 Wh.
    expect(byName(metrics.metrics, /ground truth/)?.value).toBe(60);
    const first = byName(metrics.metrics, /loss at iteration 0/)?.value ?? Number.NaN;
    const last = byName(metrics.metrics, /loss at iteration 99/)?.value ?? Number.NaN;
    expect(last).toBeLessThan(first);
  });

  test('Activities 2.01–2.02: YearPredictionMSD prepared, split 60/20/20 by the book method, and the loss falls', async () => {
    realFile('year-prediction-msd/YearPredictionMSD.first-1176-rows.no-header.csv');
    const { code, output, metrics } = await runQuick(YEAR);
    expect(code, output).toBe(0);
    expect(metrics).toMatchObject({ ok: true, preset: 'quick' });
    expect(metrics.metrics.every((m) => m.pass !== false)).toBe(true);
    const rows = ['training', 'validation', 'test'].map(
      (set) => byName(metrics.metrics, new RegExp(`2\\.01 ${set} rows`))?.value,
    );
    // The sample's 1,176 rows, 60/20/20 by train_test_split's rounding (the book's 50,000 give 30000/10000/10000).
    expect(rows).toEqual([704, 236, 236]);
    const prediction = byName(metrics.metrics, /first test song, prediction/)?.value ?? Number.NaN;
    expect(Number.isFinite(prediction)).toBe(true);
    const first = byName(metrics.metrics, /loss at iteration 0/)?.value ?? Number.NaN;
    const last = byName(metrics.metrics, /loss at iteration 499/)?.value ?? Number.NaN;
    expect(last).toBeLessThan(first / 40);
  });
});
