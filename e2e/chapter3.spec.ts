import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { realFile } from './data-files';

const PREPARATION = 'pytorch-workshop/ch03-data-preparation.ipynb';
const CLASSIFIER = 'pytorch-workshop/ch03-classifier.ipynb';
/** data.load('credit-card-default') picks the biggest table file of the folder: the full XLS. */
const CREDIT_XLS = 'credit-card-default/default-of-credit-card-clients.full-30000-rows.xls';

interface Metric {
  name: string;
  value: number;
  book: number | string | null;
  pass: boolean | null;
}

/** Runs a shipped notebook through `npm run notebook -- run` against the e2e server. */
async function runQuick(notebook: string) {
  const baseURL = test.info().project.use.baseURL ?? '';
  const outDir = mkdtempSync(join(tmpdir(), 'chapter3-e2e-'));
  const child = spawn(
    join('node_modules', '.bin', 'tsx'),
    [
      'scripts/notebook/cli.ts',
      'run',
      `notebooks/${notebook}`,
      '--url',
      baseURL,
      '--out',
      outDir,
      '--preset',
      'quick',
      '--backend',
      'wasm',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const code = await new Promise<number | null>((done) => child.on('exit', done));
  const stem = notebook.replace(/\.ipynb$/, '');
  const metrics = JSON.parse(readFileSync(join(outDir, `${stem}.metrics.json`), 'utf8')) as {
    ok: boolean;
    preset: string;
    metrics: Metric[];
  };
  const value = (name: string) => {
    const m = metrics.metrics.find((x) => x.name === name);
    expect(m, `${name} was not reported:\n${output}`).toBeDefined();
    return m?.value ?? Number.NaN;
  };
  return { code, output, metrics, value };
}

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
