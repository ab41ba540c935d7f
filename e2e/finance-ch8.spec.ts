import { expect, type Page, test } from '@playwright/test';
import { codeCell, waitForCellState, waitForKernelIdle } from './helpers';

// The Finance book's ch. 8 notebooks as a reader uses them: open the shipped notebook on the
// quick schedule and run the cells a figure needs, one by one (Ctrl+Enter), then look at it.

async function openQuick(page: Page, path: string): Promise<void> {
  await page.goto(`/?preset=quick#/ml-for-finance/${path}`);
  await expect(page.getByTestId('cell').first()).toBeVisible();
  await waitForKernelIdle(page);
}

/** Runs code cells in order, each with Ctrl+Enter in its editor, waiting for each to finish. */
async function runCells(page: Page, indices: number[], timeout = 240_000): Promise<void> {
  for (const i of indices) {
    await codeCell(page, i).locator('.cm-content').click();
    await page.keyboard.press('ControlOrMeta+Enter');
    await waitForCellState(page, i, 'done', timeout);
  }
}

/** The traces Plotly drew in a cell's figure (once Plotly has loaded and drawn it). */
async function drawnTraces(page: Page, cell: number, figure = 0) {
  const plotted = codeCell(page, cell).getByTestId('plotly-figure').nth(figure);
  await expect(plotted.locator('.main-svg').first()).toBeVisible();
  return plotted.locator('.chart-plot').evaluate((el) => {
    const gd = el as HTMLElement & {
      data?: { type?: string; x?: unknown[]; y?: unknown[] }[];
      layout?: { xaxis?: { type?: string } };
    };
    return { traces: gd.data ?? [], xaxis: gd.layout?.xaxis?.type };
  });
}

test.describe('Machine Learning for Finance, ch. 8', () => {
  test.setTimeout(600_000);

  test('LIME explains a real newsgroup post: six bars and the post with those words highlighted', async ({
    page,
  }, testInfo) => {
    await openQuick(page, 'ch08-lime-newsgroups.ipynb');
    // Load the posts, train the classifier, score it, explain one post.
    await runCells(page, [0, 1, 2, 3]);
    const cell = codeCell(page, 3);
    const { traces } = await drawnTraces(page, 3);
    expect(traces[0]?.type).toBe('bar');
    expect(traces[0]?.x).toHaveLength(6);
    await expect(cell.locator('.main-svg .bars path, .main-svg .point path').first()).toBeVisible();
    const marks = cell.locator('.output-markdown pre mark');
    await expect(marks.first()).toBeVisible();
    // Every bar's word is highlighted somewhere in the post.
    const words = new Set((await marks.allTextContents()).map((w) => w.trim()));
    for (const w of (traces[0]?.y ?? []) as string[])
      expect(words.has(w), `"${w}" highlighted`).toBe(true);
    await cell.screenshot({ path: testInfo.outputPath('lime.png') });
  });

  test('the learning-rate finder plots the loss of the 20 rates on a log axis', async ({
    page,
  }, testInfo) => {
    await openQuick(page, 'ch08-hyperparameter-search-lr-finder-cosine.ipynb');
    // MNIST, then the finder (the search cells in between are not needed for it).
    await runCells(page, [0, 3], 420_000);
    const { traces, xaxis } = await drawnTraces(page, 3);
    expect(xaxis).toBe('log');
    expect(traces[0]?.x).toHaveLength(20);
    expect(((traces[0]?.x ?? []) as number[]).at(-1)).toBeCloseTo(0.524288, 9);
    await expect(codeCell(page, 3).getByTestId('output-area')).toContainText(
      'LR finder: rate with the lowest loss',
    );
    await codeCell(page, 3).screenshot({ path: testInfo.outputPath('lr-finder.png') });
  });

  test('the exploding run is stopped by the NaN guard, with Keras’s message', async ({
    page,
  }, testInfo) => {
    await openQuick(page, 'ch08-monitoring-and-gradients.ipynb');
    // MNIST, then the bad preset of exercise 1 (the monitoring runs are not needed for it).
    await runCells(page, [0, 3]);
    const out = codeCell(page, 3).getByTestId('output-area');
    await expect(out).toContainText(/Batch \d+: Invalid loss, terminating training/);
    await expect(out).toContainText(/TerminateOnNaN stopped training at batch \d+ of 32/);
    await expect(out).toContainText('the bad preset diverges');
    await codeCell(page, 3).screenshot({ path: testInfo.outputPath('nan-guard.png') });
  });
});
