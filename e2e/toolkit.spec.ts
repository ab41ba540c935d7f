import { expect, type Page, test } from '@playwright/test';
import { appendAndRun, codeCell, openNotebook, toolbarButton, waitForCellState } from './helpers';

// Tiny on purpose: the machine that runs these has two cores.
const SETUP = `manualSeed(1);
const xs = tf.randomNormal([64, 4]);
const ys = xs.sum(1, true).greater(0).toFloat();
const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 8, activation: 'relu' }), tf.layers.dense({ units: 1, activation: 'sigmoid' })] });
model.compile({ optimizer: tf.train.sgd(0.5), loss: 'binaryCrossentropy', metrics: ['accuracy'] });`;

function output(page: Page, cell: number) {
  return codeCell(page, cell).getByTestId('output-area');
}

/** The first printed JSON array in a cell's output. */
async function printedArray(page: Page, cell: number): Promise<unknown[]> {
  const text = (await output(page, cell).textContent()) ?? '';
  const match = /\[[^\]]*\]/.exec(text);
  expect(match, `a printed array in ${text}`).not.toBeNull();
  return JSON.parse(match![0]) as unknown[];
}

test.describe('experiment toolkit', () => {
  test('a cell trains with LearningRateScheduler, EarlyStopping, ModelCheckpoint and clipnorm: the rates read back follow the cosine schedule and the best epochs are listed as checkpoints', async ({
    page,
  }, testInfo) => {
    await openNotebook(page);
    const cell = await appendAndRun(
      page,
      `${SETUP}
const sched = new LearningRateScheduler(cosineAnnealing({ lr: 0.01, cycle: 10 }), 1);
const saver = new ModelCheckpoint('e2e-best-{epoch:02d}-{val_acc:.2f}', { save_best_only: true, monitor: 'val_acc' });
const h = await fit(model, xs, ys, { epochs: 4, batchSize: 16, validationSplit: 0.25, clipnorm: 1, callbacks: [sched, new EarlyStopping({ patience: 9, restore_best_weights: true }), saver] });
console.log(JSON.stringify(sched.rates));
console.log(JSON.stringify(saver.saved));`,
    );
    await waitForCellState(page, cell, 'done');
    const expected = [0, 1, 2, 3].map((t) => (0.01 / 2) * (Math.cos((Math.PI * t) / 10) + 1));
    expect(await printedArray(page, cell)).toEqual(expected);
    await expect(output(page, cell)).toContainText(
      `Epoch 00002: LearningRateScheduler setting learning rate to ${expected[1]}.`,
    );
    const text = (await output(page, cell).textContent()) ?? '';
    const saved = JSON.parse(/\["e2e-best[^\]]*\]/.exec(text)?.[0] ?? '[]') as string[];
    expect(saved.length).toBeGreaterThan(0);
    expect(saved[0]).toMatch(/^e2e-best-01-\d\.\d\d$/);
    await codeCell(page, cell).screenshot({ path: testInfo.outputPath('callbacks-cell.png') });

    // The checkpoints it saved are the browser's own: the Checkpoints panel lists them.
    // The toolbar folds its occasional actions into ⋯ More when the row is tight.
    await (await toolbarButton(page, 'Checkpoints')).click();
    const panel = page.getByTestId('checkpoints-panel');
    for (const name of saved)
      await expect(
        panel.locator(`[data-testid="checkpoint-row"][data-name="${name}"]`),
      ).toBeVisible();
  });

  test('a monitor the model does not log gets Keras’s warning in the cell, and a bad clipnorm a clear error', async ({
    page,
  }) => {
    await openNotebook(page);
    const warned = await appendAndRun(
      page,
      `${SETUP}
await fit(model, xs, ys, { epochs: 2, batchSize: 32, callbacks: [new EarlyStopping({ monitor: 'val_acc' })] });`,
    );
    await waitForCellState(page, warned, 'done');
    await expect(output(page, warned)).toContainText(
      'Early stopping conditioned on metric `val_acc` which is not available. Available metrics are: loss,acc',
    );
    const refused = await appendAndRun(
      page,
      'await fit(model, xs, ys, { epochs: 1, clipnorm: 0 });',
    );
    await waitForCellState(page, refused, 'error');
    await expect(output(page, refused)).toContainText('clipnorm must be a number > 0; got 0.');
  });
  test('the LR finder plots loss against rate on a log axis with the suggested rate marked, and gridSearchCV fills its cv_results_ table', async ({
    page,
  }, testInfo) => {
    await openNotebook(page);
    const finder = await appendAndRun(
      page,
      `manualSeed(3);
const xs = tf.randomNormal([64, 4]);
const ys = xs.sum(1, true).greater(0).toFloat();
const found = await lrFinder({ build: (lr) => { const m = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 8, activation: 'relu' }), tf.layers.dense({ units: 1, activation: 'sigmoid' })] }); m.compile({ optimizer: tf.train.adam(lr), loss: 'binaryCrossentropy' }); return m; }, x: xs, y: ys, start: 1e-4, factor: 4, count: 6, epochs: 2, batchSize: 16 });
console.log(JSON.stringify([found.best, found.suggested]));`,
    );
    await waitForCellState(page, finder, 'done');
    const [best, suggested] = (await printedArray(page, finder)) as number[];
    expect(suggested).toBe(best! / 2);
    const figure = codeCell(page, finder).getByTestId('plotly-figure');
    await expect(figure).toBeVisible();
    // Plotly loads on first use: wait until it has drawn the figure before reading it.
    await expect(figure.locator('.main-svg').first()).toBeVisible();
    await expect
      .poll(() =>
        figure
          .locator('.chart-plot')
          .evaluate((el) => (el as HTMLElement & { data?: unknown[] }).data?.length ?? 0),
      )
      .toBe(2);
    const drawn = await figure.locator('.chart-plot').evaluate((el) => {
      const gd = el as HTMLElement & {
        layout?: { xaxis?: { type?: string } };
        data?: { x: number[]; name?: string }[];
      };
      return {
        axis: gd.layout?.xaxis?.type,
        traces: gd.data?.map((t) => ({ x: t.x, name: t.name })),
      };
    });
    expect(drawn.axis).toBe('log');
    expect(drawn.traces?.[0]?.x).toHaveLength(6);
    expect(drawn.traces?.[1]?.x).toEqual([suggested, suggested]);
    expect(drawn.traces?.[1]?.name).toContain('suggested');
    // Drawn at full size, not a collapsed strip.
    await expect.poll(async () => (await figure.boundingBox())?.height ?? 0).toBeGreaterThan(250);
    await codeCell(page, finder).screenshot({ path: testInfo.outputPath('lr-finder.png') });

    const grid = await appendAndRun(
      page,
      `const grid = await gridSearchCV({ build: () => { const m = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 12, activation: 'relu' }), tf.layers.dense({ units: 1, activation: 'sigmoid' })] }); m.compile({ optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy'] }); return m; }, paramGrid: { batch_size: [16, 32], epochs: [1, 2] }, x: xs, y: ys, cv: 3 });
console.log(JSON.stringify([grid.best_score_, grid.cv_results_.rank_test_score]));`,
    );
    await waitForCellState(page, grid, 'done');
    const table = codeCell(page, grid).getByTestId('output-table');
    await expect(table.locator('tbody tr')).toHaveCount(4);
    await expect(table.locator('thead')).toContainText('mean_test_score');
    await expect(table.locator('thead')).toContainText('split2_test_score');
    await expect(table).toContainText('refitted on all data');
    // Two parameters: the mean scores as a heatmap too.
    await expect(codeCell(page, grid).getByTestId('plotly-figure')).toBeVisible();
    const text = (await output(page, grid).textContent()) ?? '';
    const [bestScore, rank] = JSON.parse(/\[[\d.]+,\[[^\]]*\]\]/.exec(text)?.[0] ?? '[]') as [
      number,
      number[],
    ];
    expect(bestScore).toBeGreaterThan(0);
    expect(rank).toContain(1);
    await codeCell(page, grid).screenshot({ path: testInfo.outputPath('grid-search.png') });
  });
});
