import { expect, test } from '@playwright/test';
import {
  appendAndRun,
  codeCell,
  openNotebook,
  waitForCellState,
  waitForKernelIdle,
} from './helpers';

test('during a long fit the page stays usable: typing in another cell works and Interrupt stops training', async ({
  page,
}) => {
  const plotlyRequests: string[] = [];
  page.on('request', (request) => {
    if (/plotly/i.test(request.url())) plotlyRequests.push(request.url());
  });
  await openNotebook(page);
  const i = await appendAndRun(
    page,
    [
      "const m = tf.sequential({ layers: [tf.layers.dense({ inputShape: [8], units: 32, activation: 'relu' }), tf.layers.dense({ units: 1 })] });",
      "m.compile({ optimizer: 'adam', loss: 'meanSquaredError' });",
      'const xs = tf.randomNormal([2048, 8]);',
      'await fit(m, xs, xs.sum(1, true), { epochs: 10000, batchSize: 32 });',
    ].join('\n'),
  );
  const chart = codeCell(page, i).getByTestId('training-chart');
  await expect(chart).toHaveAttribute('data-state', 'running', { timeout: 30_000 });
  await expect
    .poll(async () => Number(await chart.getAttribute('data-points')), { timeout: 30_000 })
    .toBeGreaterThan(20);

  // Typing into the first cell while training: every key lands, in order.
  const editor = codeCell(page, 0).locator('.cm-content');
  await editor.click();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.type('\n// typed while training', { delay: 5 });
  await expect(editor).toContainText('// typed while training');
  await page.mouse.wheel(0, 600);

  // The chart keeps redrawing while the user types and scrolls, on a canvas, without Plotly
  // (whose evaluation was a 2 s main-thread task when the first chart appeared).
  const plot = chart.locator('.chart-plot');
  const drawsBefore = Number(await plot.getAttribute('data-draws'));
  await expect
    .poll(async () => Number(await plot.getAttribute('data-draws')), { timeout: 10_000 })
    .toBeGreaterThan(drawsBefore);
  await expect(chart.locator('.uplot canvas')).toBeVisible();
  expect(plotlyRequests).toEqual([]);

  const pointsBefore = Number(await chart.getAttribute('data-points'));
  await page.getByRole('button', { name: 'Interrupt' }).click();
  // How fast Interrupt stops training is measured by `npm run bench`; here, that it stops.
  await expect(chart).toHaveAttribute('data-state', 'stopped');
  await waitForCellState(page, i, 'error');
  await expect(codeCell(page, i).getByTestId('output-error')).toContainText('Interrupted');
  expect(Number(await chart.getAttribute('data-points'))).toBeGreaterThanOrEqual(pointsBefore);
  await waitForKernelIdle(page);

  // The model survives the stop: the kernel kept it.
  const j = await appendAndRun(page, 'm.countParams()');
  await waitForCellState(page, j, 'done');
  await expect(codeCell(page, j).getByTestId('output-area')).toContainText('321');
});
