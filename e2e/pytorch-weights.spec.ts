import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { pickFile } from './data-files';
import { appendAndRun, codeCell, openNotebook, runAllQuick, waitForCellState } from './helpers';

// Saved by PyTorch itself: src/data/torch/__tests__/fixtures/make-fixtures.py.
const FIXTURES = join(process.cwd(), 'src/data/torch/__tests__/fixtures');
const predictions = JSON.parse(
  readFileSync(join(FIXTURES, 'classifier-predictions.json'), 'utf8'),
) as { x: number[][]; log_probs: number[][] };
// Two of PyTorch's five inputs, rounded as typed, are enough to compare (and quicker to type).
const round = (rows: number[][]) => rows.slice(0, 2).map((r) => r.map((v) => Number(v.toFixed(6))));

// One statement per line: the editor closes brackets as they are typed.
const BUILD = `const names = ['hidden_1', 'hidden_2', 'hidden_3', 'output'];
const model = tf.sequential({ layers: names.map((name, i) => torchLinear({ inputDim: i === 0 ? 22 : 10, units: name === 'output' ? 2 : 10, activation: name === 'output' ? 'linear' : 'relu', name })) });`;

test.describe('PyTorch weights in the browser', () => {
  test('a state dict PyTorch saved in its legacy format, picked through the prompt, predicts what PyTorch predicted', async ({
    page,
  }) => {
    // Typing the two inputs into the editor is slow on a busy machine.
    test.setTimeout(240_000);
    await openNotebook(page);
    const i = await appendAndRun(page, 'const loaded = await weights.readPth();');
    await pickFile(page, i, join(FIXTURES, 'classifier.legacy.pth'));
    await waitForCellState(page, i, 'done');
    const summary = codeCell(page, i);
    await expect(summary).toContainText('8 tensors');
    await expect(summary).toContainText("torch.save's legacy format");
    await expect(summary).toContainText('hidden_1.weight');
    await expect(summary).toContainText('10 × 22');

    const j = await appendAndRun(
      page,
      `${BUILD}
weights.apply(model, loaded);
const got = tf.logSoftmax(model.predict(tf.tensor2d(${JSON.stringify(round(predictions.x))})) as tf.Tensor2D).arraySync() as number[][];
const want = ${JSON.stringify(round(predictions.log_probs))};
Math.max(...got.flatMap((row, r) => row.map((v, c) => Math.abs(v - want[r]![c]!)))) < 1e-4 ? 'same as PyTorch' : 'differs';`,
    );
    await waitForCellState(page, j, 'done');
    const applied = codeCell(page, j);
    await expect(applied).toContainText('matched by name');
    await expect(applied).toContainText('Linear [out, in] → kernel [in, out]');
    await expect(applied).toContainText('same as PyTorch');
  });

  test("Activity 3.03's panel takes a checkpoint.pth PyTorch saved and predicts PyTorch's class for the book's client", async ({
    page,
  }) => {
    test.setTimeout(300_000);
    const expected = JSON.parse(
      readFileSync(join(FIXTURES, 'checkpoint.expected.json'), 'utf8'),
    ) as { log_probs: number[][]; top_class: number };
    await runAllQuick(page, 'pytorch-workshop/ch03-classifier.ipynb');
    const panel = page
      .getByTestId('control-panel')
      .filter({ hasText: 'A checkpoint.pth saved by PyTorch' });
    await expect(panel.getByTestId('control-status')).toContainText('No file chosen yet.');
    await panel
      .getByLabel('Choose checkpoint.pth…')
      .setInputFiles(join(FIXTURES, 'checkpoint.pth'));
    const status = panel.getByTestId('control-status');
    await expect(status).toContainText(
      `checkpoint.pth: class ${expected.top_class} for the book's example client`,
    );
    // PyTorch's own probability of "yes", to the 6 decimals the status shows.
    const pYes = Math.exp(expected.log_probs[0]![1]!);
    const shown = Number((await status.textContent())?.match(/P\(yes\) ([0-9.]+)/)?.[1]);
    expect(Math.abs(shown - pYes)).toBeLessThan(2e-6);
    const cell = page.locator('[data-testid="cell"][data-cell-type="code"]', { has: panel });
    await expect(
      cell.locator('table').filter({ hasText: 'trained in this notebook' }),
    ).toBeVisible();
  });

  test('a file that is not a PyTorch state dict is refused naming it', async ({ page }) => {
    await openNotebook(page);
    const i = await appendAndRun(page, 'await weights.readPth();');
    await pickFile(page, i, {
      name: 'model.pth',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from('definitely not a pickle\n'),
    });
    await waitForCellState(page, i, 'error');
    await expect(codeCell(page, i)).toContainText(
      'model.pth is not a PyTorch weights file this app can read: neither a zip nor a pickle',
    );
  });
});
