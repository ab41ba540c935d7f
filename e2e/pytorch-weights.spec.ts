import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { pickFile } from './data-files';
import { appendAndRun, codeCell, openNotebook, waitForCellState } from './helpers';

// Saved by PyTorch itself: src/data/torch/__tests__/fixtures/make-fixtures.py.
const FIXTURES = join(process.cwd(), 'src/data/torch/__tests__/fixtures');
const predictions = JSON.parse(
  readFileSync(join(FIXTURES, 'classifier-predictions.json'), 'utf8'),
) as { x: number[][]; log_probs: number[][] };

const BUILD = `const x = tf.input({ shape: [22] });
let h = x as tf.SymbolicTensor;
let fanIn = 22;
['hidden_1', 'hidden_2', 'hidden_3', 'output'].forEach((name, i) => {
  const units = name === 'output' ? 2 : 10;
  h = torchLinear({ inputDim: fanIn, units, activation: name === 'output' ? 'linear' : 'relu', name }).apply(h) as tf.SymbolicTensor;
  fanIn = units;
});
const model = tf.model({ inputs: x, outputs: h });`;

test.describe('PyTorch weights in the browser', () => {
  test('a state dict PyTorch saved in its legacy format, picked through the prompt, predicts what PyTorch predicted', async ({
    page,
  }) => {
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
const got = tf.logSoftmax(model.predict(tf.tensor2d(${JSON.stringify(predictions.x)})) as tf.Tensor2D).arraySync() as number[][];
const want = ${JSON.stringify(predictions.log_probs)};
Math.max(...got.flatMap((row, r) => row.map((v, c) => Math.abs(v - want[r]![c]!)))) < 1e-5 ? 'same as PyTorch' : 'differs';`,
    );
    await waitForCellState(page, j, 'done');
    const applied = codeCell(page, j);
    await expect(applied).toContainText('matched by name');
    await expect(applied).toContainText('Linear [out, in] → kernel [in, out]');
    await expect(applied).toContainText('same as PyTorch');
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
