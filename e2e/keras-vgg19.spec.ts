import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { jupyterPython, runPython } from '../scripts/jupyter/python';
import { pickFile } from './data-files';
import { appendAndRun, codeCell, openNotebook, waitForCellState } from './helpers';
import { fixtureVggFile } from './style-fixture';

/**
 * Keras's VGG-19 file through `weights.load('vgg19', { from: 'keras' })`: the .h5 is written by
 * h5py in keras-applications' layout with the same numbers as the torchvision-layout fixture, so
 * both loaders must give the same features. Under CI=1 a missing h5py fails; locally it skips.
 */
const python = jupyterPython(['h5py', 'numpy']);
const MAKER = join(process.cwd(), 'e2e/fixtures/keras-vgg19/make-keras-vgg19.py');

function kerasVggFile(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'keras-vgg-')), 'my-keras-vgg19.h5');
  if (!python.ok) throw new Error(python.reason);
  runPython(
    python.python,
    "import runpy, sys; maker, out = sys.argv[1:3]; sys.argv = [maker, out]; runpy.run_path(maker, run_name='__main__')",
    [MAKER, path],
  );
  return path;
}

test.describe("Keras's VGG-19 weights", () => {
  test.skip(!python.ok && !process.env.CI, python.ok ? '' : python.reason);

  test('a Keras .h5 picked at the prompt gives the features the same weights give from a .pth, and the next load comes from the browser', async ({
    page,
  }) => {
    test.setTimeout(300_000);
    await openNotebook(page);
    const i = await appendAndRun(page, "const fromTorch = await weights.load('vgg19');");
    await pickFile(page, i, fixtureVggFile());
    await waitForCellState(page, i, 'done', 180_000);

    const j = await appendAndRun(
      page,
      "const fromKeras = await weights.load('vgg19', { from: 'keras' });",
    );
    const prompt = codeCell(page, j);
    // No network permission and no data/ copy: the prompt names Keras's file and where it is.
    await expect(prompt).toContainText('vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5');
    await expect(prompt).toContainText(
      'https://storage.googleapis.com/tensorflow/keras-applications/vgg19/',
    );
    await pickFile(page, j, kerasVggFile());
    await waitForCellState(page, j, 'done', 180_000);
    await expect(prompt).toContainText('(Keras 2.2.4)');
    await expect(prompt).toContainText('12,944,960 parameters, frozen');
    await expect(prompt).toContainText('caffe-style input');

    const k = await appendAndRun(
      page,
      `const x = tf.randomUniform([1, 32, 48, 3], -1, 1, 'float32', 7);
const a = fromTorch.model.predict(x) as tf.Tensor[];
const b = fromKeras.model.predict(x) as tf.Tensor[];
const worst = Math.max(...a.map((t, n) => tf.max(tf.abs(t.sub(b[n]!))).dataSync()[0]! / Math.max(1e-6, tf.max(tf.abs(t)).dataSync()[0]!)));
worst < 1e-5 ? 'same features at all ' + a.length + ' outputs' : 'differs by ' + worst;`,
    );
    await waitForCellState(page, k, 'done', 120_000);
    await expect(codeCell(page, k)).toContainText('same features at all 6 outputs');

    const m = await appendAndRun(
      page,
      "const again = await weights.load('vgg19', { from: 'keras', outputs: ['conv4_2'] });\nagain.source",
    );
    await waitForCellState(page, m, 'done', 120_000);
    await expect(codeCell(page, m)).toContainText('browser cache (uploaded: my-keras-vgg19.h5');

    await page.getByRole('link', { name: 'Your data & storage' }).click();
    const files = page.getByTestId('stored-files');
    await expect(files).toContainText('weights:vgg19-keras:block1_conv1-block5_conv1');
  });
});
