import { expect, test } from '@playwright/test';
import { codeCell, waitForCellState, waitForKernelIdle } from './helpers';

// Learn Keras ch. 5, listing 5-6, as a user runs it: the grid search's cv_results_ table fills in
// combination by combination, ends with 9 rows near chance (the labels are random) and the
// batch × epochs heatmap. The catalog specs run the notebook headless; this one watches the page.
const GRID = 'learn-keras/ch05-grid-search.ipynb';

test('listing 5-6: the grid search fills its cv_results_ table while it runs and ends with the heatmap', async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  await page.goto(`/?preset=quick#/${GRID}`);
  await expect(codeCell(page, 0)).toBeVisible();
  await waitForKernelIdle(page);

  // The data cell, the model cell, then the grid search: each run in place with Ctrl+Enter.
  for (const index of [0, 1]) {
    await codeCell(page, index).locator('.cm-content').click();
    await page.keyboard.press('ControlOrMeta+Enter');
    await waitForCellState(page, index, 'done');
  }
  await expect(codeCell(page, 1).getByTestId('output-area')).toContainText('epochs [3,6,12]');
  const grid = codeCell(page, 2);
  await grid.locator('.cm-content').click();
  await page.keyboard.press('ControlOrMeta+Enter');

  // The cv_results_ table (its caption names GridSearchCV), not the summary table after it.
  const table = grid.getByTestId('output-table').filter({ hasText: 'GridSearchCV' });
  // While it runs: a partial table (some of the 9 combinations) under a "fit k / 27" caption.
  await expect(table).toContainText(/combination [1-8] \/ 9, fit \d+ \/ 27/, { timeout: 60_000 });
  const partial = await table.locator('tbody tr').count();
  expect(partial).toBeGreaterThan(0);
  expect(partial).toBeLessThan(9);

  await waitForCellState(page, 2, 'done', 120_000);
  await expect(table.locator('tbody tr')).toHaveCount(9);
  await expect(table).toContainText('refitted on all data');
  const header = (await table.locator('thead th').allTextContents()).map((t) => t.trim());
  for (const column of [
    'param_batch_size',
    'param_epochs',
    'split0_test_score',
    'split2_test_score',
    'mean_test_score',
    'rank_test_score',
  ])
    expect(header).toContain(column);
  // Random labels: every mean cross-validated accuracy is chance.
  const meanColumn = header.indexOf('mean_test_score');
  const means = await table
    .locator('tbody tr')
    .evaluateAll((rows, col) => rows.map((r) => Number(r.children[col]?.textContent)), meanColumn);
  expect(means).toHaveLength(9);
  for (const m of means) {
    expect(m).toBeGreaterThan(0.4);
    expect(m).toBeLessThan(0.6);
  }

  // The heatmap: batch size (rows) × epochs (columns), the mean scores of the table. The app's
  // Plotly bundle has no heatmap trace, so the page draws it as coloured squares: 9 of them.
  const figure = grid.getByTestId('plotly-figure');
  await expect(figure.locator('.main-svg').first()).toBeVisible();
  await expect(figure.locator('path.point')).toHaveCount(9);
  const drawn = await figure.locator('.chart-plot').evaluate((el) => {
    const gd = el as HTMLElement & {
      data?: {
        type?: string;
        x?: unknown[];
        y?: unknown[];
        marker?: { symbol?: string; color?: number[] };
      }[];
    };
    const trace = gd.data?.[0];
    return {
      type: trace?.type,
      x: trace?.x,
      y: trace?.y,
      symbol: trace?.marker?.symbol,
      color: trace?.marker?.color,
    };
  });
  expect(drawn.symbol).toBe('square');
  expect(new Set(drawn.y)).toEqual(new Set(['32', '64', '128']));
  expect(new Set(drawn.x)).toEqual(new Set(['3', '6', '12']));
  const z = [...(drawn.color ?? [])].sort((a, b) => a - b);
  const sortedMeans = [...means].sort((a, b) => a - b);
  expect(z).toHaveLength(9);
  for (const [k, v] of z.entries()) expect(v).toBeCloseTo(sortedMeans[k] ?? Number.NaN, 4);
  await grid.screenshot({ path: testInfo.outputPath('grid-search-listing-5-6.png') });
});
