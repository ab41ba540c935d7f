import { expect, type Page, test } from '@playwright/test';
import {
  appendAndRun,
  CH01,
  codeCell,
  openNotebook,
  toolbarButton,
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

  // The last step drawn, not the point count: a long run's batch points are thinned (halved)
  // as they pass a few thousand, so the count can fall while the run goes on.
  const stepBefore = Number(await chart.getAttribute('data-last-step'));
  await page.getByRole('button', { name: 'Interrupt' }).click();
  // How fast Interrupt stops training is measured by `npm run bench`; here, that it stops.
  await expect(chart).toHaveAttribute('data-state', 'stopped');
  await waitForCellState(page, i, 'error');
  await expect(codeCell(page, i).getByTestId('output-error')).toContainText('Interrupted');
  expect(Number(await chart.getAttribute('data-last-step'))).toBeGreaterThanOrEqual(stepBefore);
  await waitForKernelIdle(page);

  // The model survives the stop: the kernel kept it.
  const j = await appendAndRun(page, 'm.countParams()');
  await waitForCellState(page, j, 'done');
  await expect(codeCell(page, j).getByTestId('output-area')).toContainText('321');
});

/** Run all on the quick schedule, up to the last code cell done. */
async function runAllQuick(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Run all' }).click();
  await expect(page.locator('[data-testid="cell"][data-state="error"]')).toHaveCount(0);
  await expect(
    page.locator('[data-testid="cell"][data-cell-type="code"]:not([data-state="done"])'),
  ).toHaveCount(0, { timeout: 120_000 });
}

async function toolbarOverflow(page: Page): Promise<number> {
  return page
    .getByRole('toolbar', { name: 'Notebook' })
    .evaluate((bar) => bar.scrollWidth - bar.clientWidth);
}

for (const { name, width, height } of [
  { name: 'phone', width: 390, height: 844 },
  { name: 'tablet', width: 768, height: 1024 },
]) {
  test.describe(`on a ${name} (${width} × ${height})`, () => {
    test.use({ viewport: { width, height }, hasTouch: true });

    test('the notebook takes the width, the list is a drawer, and charts and figures fill their cells', async ({
      page,
    }, testInfo) => {
      await page.goto(`/?preset=quick#/${CH01}`);
      await waitForKernelIdle(page);
      const list = page.getByRole('navigation', { name: 'Notebooks' });
      await expect(list).toBeHidden();
      // The cells use the screen, less a small gutter.
      const cellBox = await codeCell(page, 0).boundingBox();
      expect(cellBox?.width ?? 0).toBeGreaterThan(width - 40);
      expect(await toolbarOverflow(page)).toBeLessThanOrEqual(0);
      await page.screenshot({ path: testInfo.outputPath(`${name}-notebook.png`) });

      // ☰ pulls the list out over the page; picking a notebook puts it away and opens that one.
      await page.getByRole('button', { name: 'Show the notebook list' }).click();
      await expect(list).toBeVisible();
      await page.screenshot({ path: testInfo.outputPath(`${name}-drawer.png`) });
      await list.getByRole('link', { name: /Activity 1\.01/ }).click();
      await expect(list).toBeHidden();
      await expect(page).toHaveURL(/ch01-activity-somerville-happiness/);
      await page.getByRole('button', { name: 'Show the notebook list' }).click();
      await list.getByRole('link', { name: /Exercises 1\.01/ }).click();
      await waitForKernelIdle(page);

      // The folded toolbar still offers every action.
      await page.getByRole('button', { name: 'More' }).click();
      for (const action of ['Export', 'Import', 'Revert to original', 'Checkpoints']) {
        await expect(page.getByRole('button', { name: action })).toBeVisible();
      }
      await expect(page.getByLabel('Backend')).toBeVisible();
      await page.screenshot({ path: testInfo.outputPath(`${name}-menu.png`) });
      await page.keyboard.press('Escape');

      await runAllQuick(page);
      const canvas = page.getByTestId('training-chart').locator('.uplot canvas').first();
      await canvas.scrollIntoViewIfNeeded();
      const chartBox = await canvas.boundingBox();
      expect(chartBox?.width ?? 0).toBeGreaterThan(width - 120);
      const figure = page.getByTestId('plotly-figure');
      await figure.scrollIntoViewIfNeeded();
      const figureBox = await figure.boundingBox();
      expect(figureBox?.width ?? 0).toBeGreaterThan(width - 80);
      expect(figureBox?.height ?? 0).toBeGreaterThanOrEqual(250);
      await page.screenshot({ path: testInfo.outputPath(`${name}-figure.png`) });
      await page.getByTestId('training-chart').scrollIntoViewIfNeeded();
      await page.screenshot({ path: testInfo.outputPath(`${name}-chart.png`) });
    });
  });
}

test('on a desktop the toolbar is one row with a tooltip on every button, the page scrolls, and Restart asks first', async ({
  page,
}) => {
  await openNotebook(page);
  const toolbar = page.getByRole('toolbar', { name: 'Notebook' });
  expect(await toolbarOverflow(page)).toBeLessThanOrEqual(0);
  const bar = await toolbar.boundingBox();
  expect(bar?.height ?? 100).toBeLessThan(50);
  const untitled = await toolbar
    .getByRole('button')
    .evaluateAll((buttons) =>
      buttons.filter((b) => !b.getAttribute('title')).map((b) => b.textContent),
    );
  expect(untitled).toEqual([]);

  // The page scrolls, not a pane in it: the document is taller than the window.
  const scroll = await page.evaluate(() => ({
    page: document.documentElement.scrollHeight,
    window: window.innerHeight,
  }));
  expect(scroll.page).toBeGreaterThan(scroll.window * 2);
  // Printing leaves out the list and the toolbar.
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('navigation', { name: 'Notebooks' })).toBeHidden();
  await expect(toolbar).toBeHidden();
  await page.emulateMedia({ media: 'screen' });

  // Restart asks first; Cancel keeps the kernel and its variables.
  const i = await appendAndRun(page, 'const kept = 42;\nkept');
  await waitForCellState(page, i, 'done');
  await (await toolbarButton(page, 'Restart kernel')).click();
  const confirm = page.getByTestId('restart-confirm');
  await expect(confirm).toContainText('variables');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toHaveCount(0);
  const j = await appendAndRun(page, 'kept + 1');
  await waitForCellState(page, j, 'done');
  await expect(codeCell(page, j).getByTestId('output-area')).toContainText('43');
  await (await toolbarButton(page, 'Restart kernel')).click();
  await confirm.getByRole('button', { name: 'Yes, restart' }).click();
  await waitForKernelIdle(page);
  const k = await appendAndRun(page, 'typeof kept');
  await waitForCellState(page, k, 'done');
  await expect(codeCell(page, k).getByTestId('output-area')).toContainText('undefined');
});
