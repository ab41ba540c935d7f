import { expect, test } from '@playwright/test';
import {
  appendAndRun,
  CH01,
  codeCell,
  openNotebook,
  waitForCellState,
  waitForKernelIdle,
} from './helpers';

test.describe('kernel behaviour', () => {
  test.beforeEach(async ({ page }) => {
    await openNotebook(page);
  });

  test('keeps declarations between cells, re-runs const cells, awaits at top level and shows the last value', async ({
    page,
  }) => {
    const a = await appendAndRun(
      page,
      'const base = await Promise.resolve(20);\nconsole.log("hello from the cell");\nbase + 1',
    );
    await waitForCellState(page, a, 'done');
    await expect(codeCell(page, a).getByTestId('output-area')).toContainText('hello from the cell');
    await expect(codeCell(page, a).getByTestId('output-area')).toContainText('21');
    await page.keyboard.press('ControlOrMeta+Enter'); // run the same const cell again
    await waitForCellState(page, a, 'done');
    const b = await appendAndRun(page, 'base * 2');
    await waitForCellState(page, b, 'done');
    await expect(codeCell(page, b).getByTestId('output-area')).toContainText('40');
    await expect(codeCell(page, b).getByTestId('exec-count')).toHaveText(/\[\d+\]/);
  });

  test('a cell that throws shows the message and the line in the cell', async ({ page }) => {
    const i = await appendAndRun(page, 'const fine = 1;\nthrow new Error("custom failure");');
    await waitForCellState(page, i, 'error');
    const error = codeCell(page, i).getByTestId('output-error');
    await expect(error).toContainText('custom failure');
    await expect(error).toContainText('line 2');
  });

  test('a syntax error names the line and the notebook text stays', async ({ page }) => {
    const i = await appendAndRun(page, 'const ok = 1;\nconst = 5;');
    await waitForCellState(page, i, 'error');
    await expect(codeCell(page, i).getByTestId('output-error')).toContainText('SyntaxError');
    await expect(codeCell(page, i).getByTestId('output-error')).toContainText('line 2');
    await expect(codeCell(page, i)).toContainText('const = 5;');
  });

  test('Interrupt stops a loop of tensor operations that never yields', async ({ page }) => {
    const i = await appendAndRun(
      page,
      "let n = 0;\nwhile (true) { tf.tidy(() => tf.ones([8]).add(1)); n++; if (n === 100) display('looping'); }",
    );
    await waitForCellState(page, i, 'running');
    // display() posts at once, so it reaches the page while the loop never yields.
    await expect(codeCell(page, i).getByTestId('output-area')).toContainText('looping');
    await page.getByRole('button', { name: 'Interrupt' }).click();
    await waitForCellState(page, i, 'error', 10_000);
    await expect(codeCell(page, i).getByTestId('output-error')).toContainText('Interrupted');
    await expect(page.getByTestId('kernel-unresponsive')).toHaveCount(0);
    // The kernel lives on, with the variables the loop set.
    const j = await appendAndRun(page, 'n > 0');
    await waitForCellState(page, j, 'done');
    await expect(codeCell(page, j).getByTestId('output-area')).toContainText('true');
  });

  test('Interrupt ends a cell stuck waiting on a promise that never settles', async ({ page }) => {
    const i = await appendAndRun(page, 'await new Promise(() => {});');
    await waitForCellState(page, i, 'running');
    await page.getByRole('button', { name: 'Interrupt' }).click();
    await waitForCellState(page, i, 'error', 10_000);
    await expect(codeCell(page, i).getByTestId('output-error')).toContainText('Interrupted');
  });

  test('an infinite loop without library calls is reported, and Restart recovers with the notebook intact', async ({
    page,
  }) => {
    const before = await appendAndRun(page, 'const lost = 1;');
    await waitForCellState(page, before, 'done');
    const i = await appendAndRun(page, 'while (true) {}');
    await waitForCellState(page, i, 'running');
    await page.getByRole('button', { name: 'Interrupt' }).click();
    const banner = page.getByTestId('kernel-unresponsive');
    await expect(banner).toBeVisible();
    await banner.getByRole('button', { name: 'Restart kernel' }).click();
    await waitForKernelIdle(page);
    await expect(codeCell(page, i)).toContainText('while (true) {}');
    await expect(codeCell(page, i).getByTestId('output-error')).toContainText('restarted');
    const j = await appendAndRun(page, 'typeof lost');
    await waitForCellState(page, j, 'done');
    await expect(codeCell(page, j).getByTestId('output-area')).toContainText('undefined');
  });

  test('a kernel that runs out of memory says so, offers Restart, and loses no edit', async ({
    page,
  }) => {
    const i = await appendAndRun(
      page,
      '// fill the kernel\nconst hog: tf.Tensor[] = [];\nwhile (true) hog.push(tf.zeros([8192, 8192]));',
    );
    await expect(page.getByTestId('kernel-lost')).toBeVisible({ timeout: 90_000 });
    await expect(page.getByTestId('kernel-lost')).toContainText(/memory/i);
    await expect(page.getByTestId('kernel-status')).toContainText('dead');
    await page.getByTestId('kernel-lost').getByRole('button', { name: 'Restart kernel' }).click();
    await waitForKernelIdle(page);
    await expect(codeCell(page, i)).toContainText('// fill the kernel');
    const j = await appendAndRun(page, '1 + 1');
    await waitForCellState(page, j, 'done');
    await expect(codeCell(page, j).locator('.output-item-execute_result')).toHaveText('2');
  });

  test('a NaN loss during fit stops training and points at the learning rate', async ({ page }) => {
    const i = await appendAndRun(
      page,
      [
        'const m = tf.sequential({ layers: [tf.layers.dense({ inputShape: [1], units: 1 })] });',
        "m.compile({ optimizer: tf.train.sgd(1e6), loss: 'meanSquaredError' });",
        'const xs = tf.randomNormal([64, 1]).mul(100);',
        'await fit(m, xs, xs.mul(3), { epochs: 50, batchSize: 8 });',
      ].join('\n'),
    );
    await waitForCellState(page, i, 'error');
    await expect(codeCell(page, i).getByTestId('training-chart')).toHaveAttribute(
      'data-state',
      'failed',
    );
    await expect(codeCell(page, i).getByTestId('output-error')).toContainText('NaN');
    await expect(codeCell(page, i).getByTestId('output-error')).toContainText('learning rate');
  });

  test('shows tensors as images, tables and model summaries', async ({ page }) => {
    const i = await appendAndRun(
      page,
      [
        'await image(tf.linspace(0, 1, 28 * 28).reshape([28, 28]));',
        "table([{ a: 1, b: 'x' }, { a: 2, b: 'y' }]);",
        'const s = tf.sequential({ layers: [tf.layers.dense({ inputShape: [3], units: 2 })] });',
        's',
      ].join('\n'),
    );
    await waitForCellState(page, i, 'done');
    const out = codeCell(page, i);
    await expect(out.locator('img')).toBeVisible();
    await expect(out.getByTestId('output-table')).toContainText('y');
    // dense(3 → 2): 3·2 weights + 2 biases.
    await expect(out.getByTestId('output-model-summary')).toContainText('Total params: 8');
  });

  test('the chosen backend is shown and kept after a reload', async ({ page }) => {
    await page.getByLabel('Backend').selectOption('cpu');
    await expect(page.getByTestId('kernel-status')).toHaveAttribute('data-backend', 'cpu');
    await page.reload();
    await waitForKernelIdle(page);
    await expect(page.getByTestId('kernel-status')).toHaveAttribute('data-backend', 'cpu');
    await expect(page.getByLabel('Backend')).toHaveValue('cpu');
  });
});

test('a cell run as soon as a notebook shows, before its kernel has started, runs once the kernel is up', async ({
  page,
}) => {
  // A first visit: the kernel waits for the service worker, the Run press must wait with it.
  await page.goto(`/#/${CH01}`, { waitUntil: 'commit' });
  const first = codeCell(page, 0);
  // The Run button waits for the kernel; the keyboard queues the run at once.
  await first.locator('.cm-content').click();
  await page.keyboard.press('ControlOrMeta+Enter');
  await waitForCellState(page, 0, 'done');
  await expect(first.getByTestId('output-area')).toContainText(/"(wasm|webgpu|webgl|cpu)"/);
});
