import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import {
  codeCell,
  openNotebook,
  toolbarButton,
  waitForCellState,
  waitForKernelIdle,
} from './helpers';

// Tiny on purpose: the machine that runs these has two cores. 48 training rows in batches of
// 16 make 3 batches an epoch; 4 epochs give 12 batch points and 4 epoch points per run.
const DATA = `manualSeed(1);
const xs = tf.randomNormal([64, 4]);
const ys = xs.sum(1, true).greater(0).toFloat();`;
const model = (lr: number) =>
  `const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 8, activation: 'relu' }), tf.layers.dense({ units: 1, activation: 'sigmoid' })] });
model.compile({ optimizer: tf.train.adam(${lr}), loss: 'binaryCrossentropy', metrics: ['accuracy'] });`;
const train = (name: string) =>
  `await fit(model, xs, ys, { epochs: 4, batchSize: 16, validationSplit: 0.25, run: { name: '${name}', hparams: { units: 8 } } });`;

/**
 * Adds a code cell, pastes `text` into it (one insertion, as a paste: typing it key by key takes
 * a minute on a loaded two-core machine) and runs it. Returns the cell's index.
 */
async function pasteAndRun(page: Page, text: string): Promise<number> {
  const before = await page.locator('[data-testid="cell"][data-cell-type="code"]').count();
  await page.locator('.add-cell-row').getByRole('button', { name: '+ Code' }).click();
  await codeCell(page, before).locator('.cm-content').click();
  await page.keyboard.insertText(text);
  await page.keyboard.press('ControlOrMeta+Enter');
  return before;
}

function runRow(page: Page, name: string) {
  return page.getByTestId('runs-panel').locator(`[data-testid="run-row"][data-name="${name}"]`);
}

async function openRuns(page: Page) {
  const view = page.getByTestId('runs-panel');
  if (!(await view.isVisible())) await (await toolbarButton(page, 'Runs')).click();
  await expect(view).toBeVisible();
  return view;
}

test.describe('runs', () => {
  test('two real runs overlaid, smoothed, on a log axis, exported as CSV, kept across a reload and deleted in the storage page', async ({
    page,
  }, testInfo) => {
    test.setTimeout(300_000);
    await openNotebook(page);
    const first = await pasteAndRun(page, `${DATA}\n${model(0.01)}\n${train('e2e_run_a')}`);
    await waitForCellState(page, first, 'done');
    const second = await pasteAndRun(page, `${model(0.05)}\n${train('e2e_run_b')}`);
    await waitForCellState(page, second, 'done');

    const view = await openRuns(page);
    for (const name of ['e2e_run_a', 'e2e_run_b']) {
      await expect(runRow(page, name)).toBeVisible();
      // Both are this notebook's newest runs: ticked, so overlaid.
      await expect(runRow(page, name).getByRole('checkbox')).toBeChecked();
    }
    const chart = view.getByTestId('runs-chart');
    const lossPlot = chart.locator('.runs-plot[data-metric="loss"]');
    await expect(lossPlot).toBeVisible();
    const legend = lossPlot.locator('.u-legend');
    for (const label of [
      'e2e_run_a · loss',
      'e2e_run_a · val_loss',
      'e2e_run_b · loss',
      'e2e_run_b · val_loss',
    ])
      await expect(legend).toContainText(label);
    // The hparams table tells the two runs apart by their learning rate.
    await expect(view.getByTestId('runs-hparams')).toContainText('0.05');
    await page.screenshot({ path: testInfo.outputPath('runs-view.png'), fullPage: false });
    await view.screenshot({ path: testInfo.outputPath('runs-panel.png') });

    // Hovering reads the values under the cursor out in the legend: the step, then each curve.
    const xReadout = legend.locator('.u-series').first().locator('.u-value');
    await expect(xReadout).toHaveText('–');
    await lossPlot.locator('.u-over').hover();
    await expect(xReadout).toHaveText(/^\d+$/);

    // Smoothing: the slider redraws the chart.
    const canvas = lossPlot.locator('canvas');
    const before = await canvas.screenshot();
    await view.getByRole('slider', { name: 'Smoothing' }).fill('0.95');
    await expect(chart).toHaveAttribute('data-smoothing', '0.95');
    await expect.poll(async () => (await canvas.screenshot()).equals(before)).toBe(false);
    await expect(view.getByRole('spinbutton', { name: 'Smoothing weight' })).toHaveValue('0.95');

    // Log y.
    const smoothed = await canvas.screenshot();
    await view.getByRole('combobox', { name: 'Y axis' }).selectOption('log');
    await expect(chart).toHaveAttribute('data-log-y', 'true');
    await expect.poll(async () => (await canvas.screenshot()).equals(smoothed)).toBe(false);
    await view.screenshot({ path: testInfo.outputPath('runs-panel-log.png') });

    // Export a run as CSV: every logged point, with step, epoch and wall time.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      runRow(page, 'e2e_run_a').getByRole('button', { name: 'CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('e2e_run_a.csv');
    const csv = readFileSync(await download.path(), 'utf8')
      .trim()
      .split('\n');
    expect(csv[0]).toBe('step,epoch,wall_time_s,kind,loss,acc,val_loss,val_acc');
    expect(csv.length).toBe(1 + 16);
    expect(csv.filter((line) => line.includes(',batch,')).length).toBe(12);
    const lastEpoch = csv.at(-1)!.split(',');
    expect(lastEpoch.slice(0, 2)).toEqual(['12', '4']);
    expect(lastEpoch[3]).toBe('epoch');
    expect(Number(lastEpoch[6])).toBeGreaterThan(0);

    // The runs global: a Runs view in a cell, with the lesson's smoothing of 0.9.
    const shown = await pasteAndRun(
      page,
      `await runs.show({ runs: ['e2e_run_a', 'e2e_run_b'], metrics: ['loss', 'val_loss'], smoothing: 0.9 });\n(await runs.list()).length`,
    );
    await waitForCellState(page, shown, 'done');
    const cellView = codeCell(page, shown).getByTestId('runs-view');
    await expect(cellView.getByTestId('runs-chart')).toHaveAttribute('data-smoothing', '0.9');
    await expect(cellView.locator('.runs-plot[data-metric="loss"] .u-legend')).toContainText(
      'e2e_run_b · val_loss',
    );
    await cellView.screenshot({ path: testInfo.outputPath('runs-cell.png') });

    // A reload: the runs are still there.
    await page.reload();
    await waitForKernelIdle(page);
    await openRuns(page);
    await expect(runRow(page, 'e2e_run_a')).toBeVisible();
    await expect(runRow(page, 'e2e_run_b')).toBeVisible();

    // The storage page lists them with their size, and deletes one.
    await page.getByRole('link', { name: 'Your data & storage' }).click();
    const stored = page.getByTestId('stored-runs');
    const rowA = stored.locator('[data-testid="stored-runs-row"][data-name="e2e_run_a"]');
    await expect(rowA).toContainText(/\d+(\.\d)? kB/);
    await rowA.getByRole('button', { name: 'Delete' }).click();
    await expect(rowA).toHaveCount(0);
    await expect(
      stored.locator('[data-testid="stored-runs-row"][data-name="e2e_run_b"]'),
    ).toBeVisible();

    await page.getByRole('link', { name: 'Training runs' }).click();
    await expect(page.getByTestId('run-row').filter({ hasText: 'e2e_run_b' })).toBeVisible();
    await expect(page.getByTestId('run-row').filter({ hasText: 'e2e_run_a' })).toHaveCount(0);
    await page.screenshot({ path: testInfo.outputPath('runs-page.png') });
  });
});
