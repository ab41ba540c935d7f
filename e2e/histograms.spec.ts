import { expect, type Page, test } from '@playwright/test';
import { appendAndRun, codeCell, openNotebook, waitForCellState } from './helpers';

// Tiny on purpose: the machine that runs these has two cores.
const SETUP = `manualSeed(1);
const xs = tf.randomNormal([96, 4]);
const ys = xs.sum(1, true).greater(0).toFloat();
const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 8, activation: 'relu', name: 'hidden' }), tf.layers.dense({ units: 1, activation: 'sigmoid', name: 'out' })] });`;

function output(page: Page, cell: number) {
  return codeCell(page, cell).getByTestId('output-area');
}

test.describe('histograms and the step debugger', () => {
  test('fit with histograms shows two epochs as ridgelines, switches to a heatmap and to gradients, and draws the norms and a kernel', async ({
    page,
  }, testInfo) => {
    await openNotebook(page);
    const cell = await appendAndRun(
      page,
      `${SETUP}
model.compile({ optimizer: tf.train.adam(0.05), loss: 'binaryCrossentropy' });
await fit(model, xs, ys, { epochs: 2, batchSize: 16, validationSplit: 0.25, histograms: { every: 1 } });`,
    );
    await waitForCellState(page, cell, 'done');
    const view = output(page, cell).getByTestId('histograms-output');
    await expect(view.getByTestId('histograms-status')).toContainText('2 epochs recorded');
    const ridgelines = view.getByTestId('ridgeline');
    await expect(ridgelines).toHaveCount(4); // hidden/kernel, hidden/bias, out/kernel, out/bias
    await expect(ridgelines.first()).toHaveAttribute('data-epochs', '2');
    await expect(ridgelines.first().getByTestId('ridge')).toHaveCount(2);
    await expect(ridgelines.first()).toContainText('hidden/kernel');
    // The norm charts and the kernel heatmap.
    await expect(view.getByTestId('plotly-figure')).toHaveCount(2);
    await expect(view.locator('.js-plotly-plot .scatterlayer .trace').first()).toBeVisible();
    await expect(view.getByTestId('kernel-heatmap')).toContainText('4 × 8');
    await codeCell(page, cell).screenshot({
      path: testInfo.outputPath('histograms-ridgeline.png'),
    });

    await view.getByRole('button', { name: 'Heatmap' }).click();
    await expect(view.getByTestId('ridgeline')).toHaveCount(0);
    const heatmaps = view.getByTestId('histogram-heatmap');
    await expect(heatmaps).toHaveCount(4);
    await expect(heatmaps.first().locator('canvas')).toHaveAttribute('height', '2');
    await view.getByRole('button', { name: 'Gradients' }).click();
    await expect(view.getByTestId('histograms-status')).toContainText(
      'gradients on the first validation batch (16 rows held out by validationSplit)',
    );
    await expect(heatmaps).toHaveCount(4);
    await codeCell(page, cell).screenshot({ path: testInfo.outputPath('histograms-heatmap.png') });
  });

  test('the step debugger steps twice, shows the step count and loss, and a picked layer’s table', async ({
    page,
  }, testInfo) => {
    await openNotebook(page);
    const cell = await appendAndRun(
      page,
      `${SETUP}
const dbg = debug.stepper(model, xs, ys, { batchSize: 32, optimizer: tf.train.sgd(0.5), loss: 'binaryCrossentropy' });`,
    );
    await waitForCellState(page, cell, 'done');
    const panel = output(page, cell).getByTestId('step-debugger');
    await expect(panel.getByTestId('stepper-step')).toHaveText('step 0');
    await expect(panel.getByTestId('stepper-loss')).toHaveText('loss —');

    const step = panel.getByRole('button', { name: 'Step', exact: true });
    await step.click();
    await expect(panel.getByTestId('stepper-step')).toHaveText('step 1');
    const firstLoss = await panel.getByTestId('stepper-loss').textContent();
    expect(firstLoss).toMatch(/^loss \d+\.\d+/);
    await expect(step).toBeEnabled();
    await step.click();
    await expect(panel.getByTestId('stepper-step')).toHaveText('step 2');
    await expect(panel.getByTestId('stepper-loss')).not.toHaveText(firstLoss ?? '');
    await expect(panel).toContainText('batch 2 of 3');

    await panel.getByLabel('Layer to inspect').selectOption('hidden');
    const table = panel.getByTestId('stepper-table');
    await expect(table).toBeVisible();
    await expect(table.locator('tbody tr')).toHaveCount(3);
    await expect(table.locator('tbody tr').first()).toContainText('hidden output');
    await expect(table.locator('tbody tr').first()).toContainText('[32, 8]');
    await expect(table.locator('tbody tr').nth(1)).toContainText('[4, 8]');

    // Continue N batches: the count goes on, and the picked layer's table follows.
    await panel.getByLabel('Batches to continue').fill('4');
    await panel.getByRole('button', { name: 'Continue' }).click();
    await expect(panel.getByTestId('stepper-step')).toHaveText('step 6');
    await expect(table.locator('tbody tr')).toHaveCount(3);
    await codeCell(page, cell).screenshot({ path: testInfo.outputPath('step-debugger.png') });

    // The same stepper from code: the output follows.
    const more = await appendAndRun(
      page,
      'console.log((await dbg.continue(2)).length, dbg.steps);',
    );
    await waitForCellState(page, more, 'done');
    await expect(output(page, more)).toContainText('2 8');
    await expect(panel.getByTestId('stepper-step')).toHaveText('step 8');
  });
});
