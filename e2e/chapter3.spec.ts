import { expect, test } from '@playwright/test';
import { realFile } from './data-files';
import { metricsOf, runner } from './runner-helpers';

const PREPARATION = 'pytorch-workshop/ch03-data-preparation.ipynb';
const CLASSIFIER = 'pytorch-workshop/ch03-classifier.ipynb';
/** data.load('credit-card-default') picks the biggest table file of the folder: the full XLS. */
const CREDIT_XLS = 'credit-card-default/default-of-credit-card-clients.full-30000-rows.xls';

/** Runs a shipped notebook on the quick preset (WASM) and reads what it reported. */
async function runQuick(notebook: string) {
  const { code, output, outDir } = await runner(
    `notebooks/${notebook}`,
    '--preset',
    'quick',
    '--backend',
    'wasm',
  );
  const metrics = metricsOf(outDir, notebook.replace(/\.ipynb$/, ''));
  const value = (name: string) => {
    const m = metrics.metrics.find((x) => x.name === name);
    expect(m, `${name} was not reported:\n${output}`).toBeDefined();
    return m?.value ?? Number.NaN;
  };
  return { code, output, metrics, value };
}

// e2e/book-notebooks.spec.ts checks every notebook's bands; these tests check chapter 3's own
// numbers (the exact data-preparation counts, the model size, the reload parity).
test.describe('chapter 3 notebooks on the quick preset', () => {
  test.setTimeout(360_000);

  test('data preparation: 30,000 clients, 22.12 % defaults, oversampled to (46728, 23)', async () => {
    realFile(CREDIT_XLS);
    const run = await runQuick(PREPARATION);
    expect(run.code, run.output).toBe(0);
    expect(run.metrics).toMatchObject({ ok: true, preset: 'quick' });
    expect(run.value('3.P rows read')).toBe(30000);
    expect(run.value('3.P share of class 1 (default), %')).toBeCloseTo(22.12, 2);
    expect(run.value('3.P rows after oversampling')).toBe(46728);
    expect(run.value('3.P columns after oversampling')).toBe(23);
    expect(run.metrics.metrics.every((m) => m.pass !== false)).toBe(true);
  });

  test('classifier: Activities 3.01–3.03 train, pass their bands, and the reloaded model agrees', async () => {
    realFile(CREDIT_XLS);
    const run = await runQuick(CLASSIFIER);
    expect(run.code, run.output).toBe(0);
    expect(run.metrics).toMatchObject({ ok: true, preset: 'quick' });
    expect(run.value('Activity 3.01 validation accuracy')).toBeGreaterThanOrEqual(0.65);
    expect(run.value('Activity 3.02 parameters')).toBe(20102);
    expect(run.value('Activity 3.02 test accuracy')).toBeGreaterThanOrEqual(0.66);
    expect(run.value('Activity 3.03 reloaded model predicts the same class (1 = yes)')).toBe(1);
    expect(run.metrics.metrics.every((m) => m.pass !== false)).toBe(true);
  });
});
