import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import {
  appendAndRun,
  codeCell,
  openNotebook,
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

async function openPanel(page: Page) {
  const panel = page.getByTestId('checkpoints-panel');
  if (!(await panel.isVisible())) await page.getByRole('button', { name: 'Checkpoints' }).click();
  await expect(panel).toBeVisible();
  return panel;
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

    await openPanel(page);
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

    await openPanel(page);
    const downloads: string[] = [];
    page.on('download', (d) => {
      const path = testInfo.outputPath(d.suggestedFilename());
      downloads.push(path);
      void d.saveAs(path);
    });
    await row(page, 'e2e-pair').getByRole('button', { name: 'tfjs files' }).click();
    await expect
      .poll(() => downloads.map((p) => p.split('/').pop()).sort())
      .toEqual(['e2e-pair.json', 'e2e-pair.weights.bin']);
    await page.waitForTimeout(300); // saveAs settles

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
    await openPanel(page);
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
    await openPanel(page);
    await expect(row(page, 'e2e-long').getByTestId('checkpoint-epoch')).toHaveText('8');
    await page.screenshot({ path: '/tmp/ckpt-after-resume.png' });
  });
});
