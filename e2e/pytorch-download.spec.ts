import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { jupyterPython, runPython } from '../scripts/jupyter/python';
import { appendAndRun, codeCell, openNotebook, toolbarButton, waitForCellState } from './helpers';

/**
 * The way out to PyTorch: a model trained in the app is downloaded from the Checkpoints panel
 * as name.pth + name_model.py, and the real PyTorch (Debian's python3-torch) loads it and
 * predicts what the app predicted. Under CI=1 a missing PyTorch fails; locally it skips.
 */
const python = jupyterPython(['torch']);

// One statement per line: the editor closes brackets as they are typed. The chapter 3
// classifier's layout (torchLinear, the book's hidden_N names) and a small CNN of chapter 4.
const TRAIN = `manualSeed(3);
const xs = tf.randomNormal([48, 22]);
const ys = tf.oneHot(xs.sum(1).greater(0).toInt(), 2);
const probe = tf.randomNormal([4, 22]);
const model = tf.sequential({ name: 'Classifier', layers: [torchLinear({ inputDim: 22, units: 10, activation: 'relu', name: 'hidden_1' }), tf.layers.dropout({ rate: 0.1, name: 'dropout' }), torchLinear({ inputDim: 10, units: 2, activation: 'softmax', name: 'output' })] });
model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
await fit(model, xs, ys, { epochs: 2, batchSize: 16, checkpointName: 'to-pytorch' });
console.log(JSON.stringify({ probe: probe.arraySync(), predicted: (model.predict(probe) as tf.Tensor).arraySync() }));`;

const LOAD_IN_PYTORCH = `
import importlib.util, json, sys
import torch
pth, model_py = sys.argv[1], sys.argv[2]
probe = json.loads(sys.argv[3])
spec = importlib.util.spec_from_file_location("to_pytorch_model", model_py)
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
model = module.Classifier()
model.load_state_dict(torch.load(pth, weights_only=True))
model.eval()
with torch.no_grad():
    print(json.dumps(model(torch.tensor(probe)).tolist()))
`;

async function printedJson(
  page: Page,
  cell: number,
): Promise<{ probe: number[][]; predicted: number[][] }> {
  const text = (await codeCell(page, cell).getByTestId('output-area').textContent()) ?? '';
  const match = /\{"probe".*\]\]\}/.exec(text);
  expect(match, `the printed probe in ${text}`).not.toBeNull();
  return JSON.parse(match![0]);
}

test('a trained model downloads from the Checkpoints panel for PyTorch, and PyTorch predicts what the app predicted', async ({
  page,
}, testInfo) => {
  test.skip(!python.ok && !process.env.CI, python.ok ? '' : python.reason);
  expect(python.ok, python.ok ? '' : python.reason).toBe(true);
  test.setTimeout(180_000);
  await openNotebook(page);
  const train = await appendAndRun(page, TRAIN);
  await waitForCellState(page, train, 'done', 120_000);
  const { probe, predicted } = await printedJson(page, train);

  const panel = page.getByTestId('checkpoints-panel');
  if (!(await panel.isVisible())) await (await toolbarButton(page, 'Checkpoints')).click();
  const row = page.locator('[data-testid="checkpoint-row"][data-name="to-pytorch"]');
  await expect(row).toBeVisible();
  const saved = new Map<string, string>();
  page.on('download', (d) => {
    const path = testInfo.outputPath(d.suggestedFilename());
    void d.saveAs(path).then(() => saved.set(d.suggestedFilename(), path));
  });
  await row.getByRole('button', { name: 'PyTorch' }).click();
  await expect
    .poll(() => [...saved.keys()].sort())
    .toEqual(['to_pytorch.pth', 'to_pytorch_model.py']);
  await page.screenshot({ path: testInfo.outputPath('panel.png') });

  const pth = saved.get('to_pytorch.pth')!;
  const modelPy = saved.get('to_pytorch_model.py')!;
  expect(readFileSync(modelPy, 'utf8')).toContain('self.hidden_1 = nn.Linear(22, 10)');
  expect(dirname(pth)).toBe(dirname(modelPy));
  if (!python.ok) return;
  const fromTorch = JSON.parse(
    runPython(python.python, LOAD_IN_PYTORCH, [pth, modelPy, JSON.stringify(probe)]),
  ) as number[][];
  const worst = Math.max(
    ...fromTorch.flatMap((row, r) => row.map((v, c) => Math.abs(v - predicted[r]![c]!))),
  );
  expect(worst).toBeLessThan(1e-5);
});

test('a model the PyTorch writer cannot express is refused in the panel, naming the layer', async ({
  page,
}) => {
  await openNotebook(page);
  const i = await appendAndRun(
    page,
    `const seq = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 3, name: 'first' }), tf.layers.repeatVector({ n: 2, name: 'again' })] });
await checkpoint.save(seq, 'not-for-pytorch');`,
  );
  await waitForCellState(page, i, 'done');
  const panel = page.getByTestId('checkpoints-panel');
  if (!(await panel.isVisible())) await (await toolbarButton(page, 'Checkpoints')).click();
  await page
    .locator('[data-testid="checkpoint-row"][data-name="not-for-pytorch"]')
    .getByRole('button', { name: 'PyTorch' })
    .click();
  await expect(panel.getByRole('alert')).toContainText(
    'layer "again" (RepeatVector) has no PyTorch equivalent in this writer',
  );
});
