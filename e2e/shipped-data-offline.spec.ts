import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, expect, type Page, test } from '@playwright/test';
import { OUT_DIR, PORT } from '../playwright.config';
import { appendAndRun, CH01, codeCell, waitForCellState, waitForKernelIdle } from './helpers';

/**
 * The app as a fresh clone serves it, with NOTHING in the data/ folder: a second preview server
 * of the same build, whose LOCAL_DATA_DIR is an empty folder, so every book data set a cell gets
 * can only come from the copies shipped with the app. Then the server is stopped and the browser
 * set offline, and the app must still open and run a chapter 1 notebook with its data.
 */
const EMPTY_PORT = PORT + 1;
const ORIGIN = `http://localhost:${EMPTY_PORT}`;
const SOMERVILLE = 'pytorch-workshop/ch01-activity-somerville-happiness.ipynb';

let server: ChildProcess | null = null;
let emptyDataDir = '';
let context: BrowserContext;
let page: Page;

async function startServer(): Promise<void> {
  emptyDataDir = mkdtempSync(join(tmpdir(), 'tfnb-empty-data-'));
  server = spawn(
    process.execPath,
    [
      'node_modules/vite/bin/vite.js',
      'preview',
      '--outDir',
      OUT_DIR,
      '--port',
      String(EMPTY_PORT),
      '--strictPort',
    ],
    { env: { ...process.env, LOCAL_DATA_DIR: emptyDataDir }, stdio: 'ignore' },
  );
  for (;;) {
    if (server.exitCode !== null) throw new Error(`vite preview exited (${server.exitCode})`);
    const up = await fetch(`${ORIGIN}/`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return;
    await new Promise((r) => setTimeout(r, 200));
  }
}

function stopServer(): void {
  server?.kill();
  server = null;
}

async function runAll(p: Page): Promise<void> {
  await p.getByRole('button', { name: /Run all/ }).click();
  await waitForKernelIdle(p, 120_000);
  const cells = p.locator('[data-testid="cell"][data-cell-type="code"]');
  const count = await cells.count();
  for (let i = 0; i < count; i++) await waitForCellState(p, i, 'done', 120_000);
}

async function openHere(p: Page, path: string): Promise<void> {
  await p.goto(`/#/${path}`);
  // A change of the hash alone keeps the page: reload, so the kernel seen idle is this notebook's.
  await p.reload();
  await expect(p.getByTestId('cell').first()).toBeVisible();
  await waitForKernelIdle(p);
}

/** The cell of the notebook that loads the data set, and its preview. */
const loadCell = (p: Page) =>
  p.locator('[data-testid="cell"][data-cell-type="code"]', {
    hasText: "data.load('somerville-happiness')",
  });

test.describe
  .serial('book data shipped with the app, and offline after the first visit', () => {
    test.setTimeout(300_000);

    test.beforeAll(async ({ browser }) => {
      await startServer();
      context = await browser.newContext({ baseURL: ORIGIN });
      page = await context.newPage();
    });

    test.afterAll(async () => {
      await context?.close();
      stopServer();
      if (emptyDataDir) rmSync(emptyDataDir, { recursive: true, force: true });
    });

    test('with an empty data/ folder and a fresh profile, the Somerville activity runs to the end with no prompt', async () => {
      // The data/ folder of this server really is empty.
      const listing = await (await fetch(`${ORIGIN}/local-data/index.json`)).json();
      expect(listing).toEqual({ files: [] });

      await openHere(page, SOMERVILLE);
      await runAll(page);

      const preview = loadCell(page).getByTestId('output-data-preview').last();
      await expect(preview.getByTestId('preview-shape')).toHaveAttribute('data-rows', '143');
      await expect(preview).toContainText(
        'shipped with the app (datasets/somerville-happiness/SomervilleHappinessSurvey2015.csv.gz',
      );
      await expect(page.getByTestId('upload-input')).toHaveCount(0);
      await expect(page.locator('[data-testid="cell"][data-state="error"]')).toHaveCount(0);
      const ms = await loadCell(page).getAttribute('data-duration-ms');
      process.stdout.write(`first load of somerville-happiness (shipped, cell time): ${ms} ms\n`);
    });

    test('every shipped data set loads from the app’s copy, unpacked and checked, with no prompt', async () => {
      const tables = [
        'energy',
        'credit-card-default',
        'year-prediction-msd',
        'bitcoin-historical-prices',
        'bitcoin-train',
        'bitcoin-test',
      ];
      // In another notebook: the Somerville one stays as shipped for the offline run below.
      await openHere(page, CH01);
      const i = await appendAndRun(
        page,
        `const shippedOut = []; for (const id of ${JSON.stringify(tables)}) { const t0 = performance.now(); const t = await data.load(id, { preview: false }); shippedOut.push(id + ' ' + t.rowCount + 'x' + t.columns.length + ' in ' + Math.round(performance.now() - t0) + ' ms'); } ` +
          "shippedOut.push('mnist ' + (await data.bytes('mnist', 't10k-labels-idx1-ubyte.gz')).byteLength); shippedOut.push('cifar ' + (await data.bytes('cifar-10', 'cifar-10-subset-binary.tar.gz')).byteLength); shippedOut.push('news ' + (await data.bytes('20-newsgroups')).byteLength); console.log(shippedOut.join('\\n'));",
      );
      await waitForCellState(page, i, 'done', 180_000);
      const text = (await codeCell(page, i).locator('.output-stream, pre').allTextContents()).join(
        '\n',
      );
      for (const line of [
        'energy 19735x29',
        'credit-card-default 30000x25',
        'year-prediction-msd 1176x91',
        'bitcoin-historical-prices 1655x8',
        'bitcoin-train 541x6',
        'bitcoin-test 136x6',
        'mnist 4542',
        'cifar 17251926',
        'news 1628883',
      ])
        expect(text).toContain(line);
      expect(text).toContain('from shipped with the app (datasets/mnist/t10k-labels-idx1-ubyte.gz');
      await expect(page.getByTestId('upload-input')).toHaveCount(0);
      const times = text.split('\n').filter((l) => / in \d+ ms$/.test(l));
      process.stdout.write(`first loads from the shipped copies:\n${times.join('\n')}\n`);
    });

    test('what cannot ship asks for an upload and says where to get it', async () => {
      const i = await appendAndRun(
        page,
        "await data.load('year-prediction-msd', { file: 'YearPredictionMSD.csv' });",
      );
      const prompt = codeCell(page, i);
      await expect(prompt.getByTestId('upload-input')).toBeVisible();
      await expect(prompt).toContainText('It is not shipped with the app');
      await expect(prompt).toContainText(
        'https://archive.ics.uci.edu/ml/datasets/YearPredictionMSD',
      );
      await page.getByRole('button', { name: /Interrupt/ }).click();
      await waitForKernelIdle(page);
    });

    test('the storage page lists the cached data sets with their sizes, and links to their credits', async () => {
      await page.goto('/#/settings/your-data');
      const files = page.getByTestId('stored-files');
      const somerville = files.locator('tr', { hasText: 'SomervilleHappinessSurvey2015.csv' });
      await expect(somerville).toContainText('somerville-happiness');
      await expect(somerville).toContainText('2.1 kB');
      await expect(files.locator('tr', { hasText: 'energydata_complete.csv' })).toContainText(
        '11.4 MB',
      );

      await page.getByRole('link', { name: 'Data sets & credits' }).first().click();
      const credits = page.getByTestId('data-sets');
      await expect(credits.getByRole('heading', { level: 1 })).toHaveText(
        'Book data sets: sources and credits',
      );
      const happy = credits.locator('[data-dataset="somerville-happiness"]');
      await expect(happy).toContainText('CC BY 4.0');
      await expect(happy).toContainText('Koczkodaj');
      const file = happy.locator('tr[data-file="SomervilleHappinessSurvey2015.csv"]');
      await expect(file).toContainText('yes, 527 B');
      await expect(file).toContainText('kept in this browser');
      await expect(
        credits.locator('[data-dataset="cifar-10"] tr[data-file="cifar-10-binary.tar.gz"]'),
      ).toContainText('no: get it from https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz');
      await page.screenshot({ path: test.info().outputPath('data-sets-page.png'), fullPage: true });
    });

    test('offline, with the server gone, the app reloads and runs the Somerville activity with its data', async () => {
      stopServer();
      await context.setOffline(true);
      await page.goto(`/#/${SOMERVILLE}`);
      await page.reload();
      await expect(page.getByTestId('cell').first()).toBeVisible();
      await waitForKernelIdle(page);
      await runAll(page);
      const preview = loadCell(page).getByTestId('output-data-preview').last();
      await expect(preview.getByTestId('preview-shape')).toHaveAttribute('data-rows', '143');
      await expect(preview).toContainText('browser cache');
      await expect(page.locator('[data-testid="cell"][data-state="error"]')).toHaveCount(0);
      // The loss the notebook trains and plots is there: the figure was drawn from the cached Plotly.
      await expect(page.getByTestId('plotly-figure').first()).toBeVisible();
    });
  });
