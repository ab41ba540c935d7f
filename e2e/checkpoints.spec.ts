import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import {
  appendAndRun,
  codeCell,
  openCheckpointsPanel,
  openNotebook,
  restartKernel,
  waitForCellState,
  waitForKernelIdle,
} from './helpers';

// Tiny on purpose: the machine that runs these has two cores.
const DATA = `manualSeed(1);
const xs = tf.randomNormal([64, 4]);
const ys = xs.sum(1, true).greater(0).toFloat();
const probe = tf.randomNormal([5, 4]);`;
const MODEL = `const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 8, activation: 'relu' }), tf.layers.dense({ units: 1, activation: 'sigmoid' })] });
model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy'] });`;

function chartOf(page: Page, cell: number) {
  return codeCell(page, cell).getByTestId('training-chart');
}

function row(page: Page, name: string) {
  return page.locator(`[data-testid="checkpoint-row"][data-name="${name}"]`);
}

/** The text of the printed JSON array in a cell's output. */
async function printedNumbers(page: Page, cell: number): Promise<number[]> {
  const text = (await codeCell(page, cell).getByTestId('output-area').textContent()) ?? '';
  const match = /\[[^\]]*\]/.exec(text);
  expect(match, `a printed array in ${text}`).not.toBeNull();
  return JSON.parse(match![0]) as number[];
}

test.describe('checkpoints', () => {
  test('train, download the zip, reload, upload it, resume: the chart continues from the saved epoch, and stock tfjs loads the unzipped model', async ({
    page,
  }, testInfo) => {
    await openNotebook(page);
    const train = await appendAndRun(
      page,
      `${DATA}\n${MODEL}\nawait fit(model, xs, ys, { epochs: 3, batchSize: 16, validationSplit: 0.25, checkpointName: 'e2e-zip' });\nconsole.log(JSON.stringify(Array.from(await (model.predict(probe) as tf.Tensor).data())));`,
    );
    await waitForCellState(page, train, 'done');
    // 3 epochs × (3 batches + 1 epoch point).
    await expect(chartOf(page, train)).toHaveAttribute('data-points', '12');
    const trained = await printedNumbers(page, train);

    await openCheckpointsPanel(page);
    await expect(row(page, 'e2e-zip').getByTestId('checkpoint-epoch')).toHaveText('3');
    await expect(row(page, 'e2e-zip')).toContainText('val_loss');
    await page.screenshot({ path: '/tmp/ckpt-panel.png' });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      row(page, 'e2e-zip').getByRole('button', { name: 'Download', exact: true }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('e2e-zip.zip');
    const zipPath = testInfo.outputPath('e2e-zip.zip');
    await download.saveAs(zipPath);
    const zip = readFileSync(zipPath);
    const files = unzipSync(new Uint8Array(zip));
    expect(Object.keys(files).sort()).toEqual([
      'checkpoint.json',
      'model.json',
      'optimizer.bin',
      'weights.bin',
    ]);
    const meta = JSON.parse(strFromU8(files['checkpoint.json']!));
    expect(meta).toMatchObject({ name: 'e2e-zip', epoch: 3, optimizer: { className: 'Adam' } });

    // Serve the unzipped folder as a web server would, for stock tf.loadLayersModel.
    await page.context().route('**/unzipped/*', (route) => {
      const name = new URL(route.request().url()).pathname.split('/').pop() ?? '';
      const body = files[name];
      return body
        ? route.fulfill({
            body: Buffer.from(body),
            headers: { 'Cross-Origin-Resource-Policy': 'same-origin' },
          })
        : route.fulfill({ status: 404 });
    });

    // A fresh tab: nothing of the first run is left in the kernel.
    await page.reload();
    await waitForKernelIdle(page);
    await page.keyboard.press('Escape');
    const stock = await appendAndRun(
      page,
      `${DATA}\nconst stock = await tf.loadLayersModel('/unzipped/model.json');\nconsole.log(JSON.stringify(Array.from(await (stock.predict(probe) as tf.Tensor).data())));`,
    );
    await waitForCellState(page, stock, 'done');
    expect(await printedNumbers(page, stock)).toEqual(trained);

    const resume = await appendAndRun(
      page,
      `const up = await checkpoint.upload();\nawait fit(up.model, xs, ys, { epochs: 5, batchSize: 16, validationSplit: 0.25, resumeFrom: up });`,
    );
    await codeCell(page, resume).getByTestId('upload-input').setInputFiles(zipPath);
    await waitForCellState(page, resume, 'done');
    const output = codeCell(page, resume).getByTestId('output-area');
    await expect(output).toContainText('Loaded checkpoint "e2e-zip": epoch 3');
    await expect(output).toContainText('Adam state restored');
    await expect(output).toContainText('Resuming "e2e-zip" from epoch 3');
    // The old 12 points and 2 more epochs, on one x axis that ends at epoch 5.
    await expect(chartOf(page, resume)).toHaveAttribute('data-points', '20');
    await expect(chartOf(page, resume)).toHaveAttribute('data-last-step', '5');
    // The legend under the plot reads out the last epoch the user sees the curves end at.
    await expect(chartOf(page, resume).locator('.u-legend .u-series').first()).toHaveText(
      /^epoch\s*5$/,
    );
  });

  test('the plain tfjs pair downloads as name.json + name.weights.bin, uploads back together, and Load adds a cell that loads a checkpoint', async ({
    page,
  }, testInfo) => {
    await openNotebook(page);
    const train = await appendAndRun(
      page,
      `${DATA}\n${MODEL}\nawait fit(model, xs, ys, { epochs: 1, batchSize: 32, checkpointName: 'e2e-pair' });\nconsole.log(JSON.stringify(Array.from(await (model.predict(probe) as tf.Tensor).data())));`,
    );
    await waitForCellState(page, train, 'done');
    const trained = await printedNumbers(page, train);

    await openCheckpointsPanel(page);
    const downloads: string[] = [];
    const saved: Promise<void>[] = [];
    page.on('download', (d) => {
      const path = testInfo.outputPath(d.suggestedFilename());
      downloads.push(path);
      saved.push(d.saveAs(path));
    });
    await row(page, 'e2e-pair').getByRole('button', { name: 'tfjs files' }).click();
    await expect
      .poll(() => downloads.map((p) => p.split('/').pop()).sort())
      .toEqual(['e2e-pair.json', 'e2e-pair.weights.bin']);
    await Promise.all(saved);

    await row(page, 'e2e-pair').getByRole('button', { name: 'Load', exact: true }).click();
    const cells = page.locator('[data-testid="cell"][data-cell-type="code"]');
    const loadCell = (await cells.count()) - 1;
    await waitForCellState(page, loadCell, 'done');
    await expect(codeCell(page, loadCell)).toContainText('checkpoint.load("e2e-pair")');
    await expect(codeCell(page, loadCell).getByTestId('output-area')).toContainText(
      'Loaded checkpoint "e2e-pair": epoch 1',
    );
    await page.getByRole('button', { name: 'Close checkpoints' }).click();

    const pair = await appendAndRun(
      page,
      'const pair = await checkpoint.upload();\nconsole.log(JSON.stringify(Array.from(await (pair.model.predict(probe) as tf.Tensor).data())));',
    );
    await codeCell(page, pair).getByTestId('upload-input').setInputFiles(downloads);
    await waitForCellState(page, pair, 'done');
    await expect(codeCell(page, pair).getByTestId('output-area')).toContainText(
      'no optimizer state',
    );
    expect(await printedNumbers(page, pair)).toEqual(trained);
  });

  test('a file that is not a checkpoint is refused with a clear message', async ({ page }) => {
    await openNotebook(page);
    const cell = await appendAndRun(page, 'const bad = await checkpoint.upload();');
    await codeCell(page, cell)
      .getByTestId('upload-input')
      .setInputFiles({
        name: 'broken.zip',
        mimeType: 'application/zip',
        buffer: Buffer.from('PK\x03\x04 cut short'),
      });
    await waitForCellState(page, cell, 'error');
    await expect(codeCell(page, cell).getByTestId('output-error')).toContainText(
      'broken.zip is not a readable zip archive',
    );
  });

  test('reloading in the middle of training offers "Resume from epoch N", which continues the run', async ({
    page,
  }) => {
    await openNotebook(page);
    const train = await appendAndRun(
      page,
      `${DATA}\n${MODEL}\nawait fit(model, xs, ys, { epochs: 8, batchSize: 16, checkpointEvery: 1, checkpointName: 'e2e-long', callbacks: { onEpochEnd: () => sleep(1500) } });`,
    );
    await openCheckpointsPanel(page);
    await expect(row(page, 'e2e-long').getByTestId('checkpoint-epoch')).toHaveText(/^[2-7] of 8$/, {
      timeout: 60_000,
    });
    await page.reload();

    const banner = page.getByTestId('resume-banner');
    await expect(banner).toBeVisible();
    const button = banner.getByRole('button', { name: /Resume from epoch \d/ });
    const saved = Number(((await button.textContent()) ?? '').replace(/\D+/g, ''));
    expect(saved).toBeGreaterThanOrEqual(2);
    await waitForKernelIdle(page);
    await button.click();
    await expect(banner).toHaveCount(0);

    await waitForCellState(page, train, 'done', 90_000);
    await expect(codeCell(page, train).getByTestId('output-area')).toContainText(
      `Resuming "e2e-long" from epoch ${saved}`,
    );
    // All eight epochs on one chart: 4 batch points and 1 epoch point each.
    await expect(chartOf(page, train)).toHaveAttribute('data-points', '40');
    await expect(chartOf(page, train)).toHaveAttribute('data-last-step', '8');
    await openCheckpointsPanel(page);
    await expect(row(page, 'e2e-long').getByTestId('checkpoint-epoch')).toHaveText('8');
    await page.screenshot({ path: '/tmp/ckpt-after-resume.png' });
  });
});

test.describe('checkpoints survive a crash mid-save', () => {
  test('a kernel killed while a large checkpoint is being written leaves a whole checkpoint that loads, never a mix of two saves', async ({
    page,
  }, testInfo) => {
    await openNotebook(page);
    // 18 M parameters (72 MB): the write takes long enough to be cut. The bias of "marker"
    // is set to the epoch each save records, so a mixed checkpoint would show.
    const first = await appendAndRun(
      page,
      `const big = tf.sequential({ name: 'big', layers: [tf.layers.dense({ inputShape: [3000], units: 3000 }), tf.layers.dense({ units: 3000, name: 'marker' })] });
const mark = (v: number) => big.getLayer('marker').setWeights([big.getLayer('marker').getWeights()[0], tf.fill([3000], v)]);
mark(1);
await checkpoint.save(big, 'big-crash', { epoch: 1 });`,
    );
    await waitForCellState(page, first, 'done', 120_000);
    await expect(codeCell(page, first).getByTestId('output-area')).toContainText(
      'Saved checkpoint "big-crash" at epoch 1',
    );

    const second = await appendAndRun(
      page,
      `mark(2);\nawait checkpoint.save(big, 'big-crash', { epoch: 2 });`,
    );
    await expect(codeCell(page, second).getByTestId('output-area')).toContainText(
      'Saving checkpoint "big-crash"',
      { timeout: 120_000 },
    );
    await restartKernel(page);
    await waitForKernelIdle(page, 120_000);

    const check = await appendAndRun(
      page,
      `const back = await checkpoint.load('big-crash');
console.log(JSON.stringify({ epoch: back.epoch, marker: (await back.model.getLayer('marker').getWeights()[1].mean().data())[0] }));`,
    );
    await waitForCellState(page, check, 'done', 120_000);
    const text = (await codeCell(page, check).getByTestId('output-area').textContent()) ?? '';
    const found = /\{"epoch":(\d+),"marker":([\d.]+)\}/.exec(text);
    expect(found, text).not.toBeNull();
    const epoch = Number(found?.[1]);
    const marker = Number(found?.[2]);
    // Weights and metadata come from the same save, whichever it was.
    expect(marker).toBe(epoch);
    expect([1, 2]).toContain(epoch);
    testInfo.annotations.push({
      type: 'save cut',
      description:
        epoch === 1
          ? 'the second save was cut; the first loads'
          : 'the second save committed before the kernel stopped',
    });
    await openCheckpointsPanel(page);
    await expect(row(page, 'big-crash').getByTestId('checkpoint-epoch')).toHaveText(String(epoch));
  });
});

test.describe('saving a live run', () => {
  test("the chart's Save checkpoint button saves the running fit without stopping it, and the checkpoint loads", async ({
    page,
  }) => {
    await openNotebook(page);
    const train = await appendAndRun(
      page,
      `${DATA}\n${MODEL}\nawait fit(model, xs, ys, { epochs: 100000, batchSize: 16, checkpointName: 'live-save' });`,
    );
    const chart = chartOf(page, train);
    await expect(chart).toBeVisible();
    await expect(chart).toHaveAttribute('data-state', 'running');
    await codeCell(page, train).getByRole('button', { name: 'Save checkpoint' }).click();
    const output = codeCell(page, train).getByTestId('output-area');
    await expect(output).toContainText(
      /Saved checkpoint "live-save" now: \d+ epochs and \d+ batches done/,
    );
    // The run goes on after the save.
    await expect(chart).toHaveAttribute('data-state', 'running');
    await page.getByRole('button', { name: 'Interrupt' }).click();
    await waitForCellState(page, train, 'error');

    await openCheckpointsPanel(page);
    await expect(row(page, 'live-save')).toBeVisible();
    const load = await appendAndRun(
      page,
      `const saved = await checkpoint.load('live-save');\nsaved.optimizerRestored`,
    );
    await waitForCellState(page, load, 'done');
    await expect(codeCell(page, load).getByTestId('output-area')).toContainText('true');
  });
});
