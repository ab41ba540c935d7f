import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { pickFile } from './data-files';
import { appendAndRun, codeCell, openNotebook, waitForCellState } from './helpers';

// Written with h5py in Keras's layout: src/kernel/lib/weights/__tests__/fixtures/make-keras-h5.py.
const FIXTURES = join(process.cwd(), 'src/kernel/lib/weights/__tests__/fixtures');
const expected = JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8')) as {
  image: number[][][];
  block2_conv1: number[][][];
};

// Rounded as typed: the features move by far less than the 1e-5 they are held to.
const round = (image: number[][][]) =>
  image.map((row) => row.map((px) => px.map((v) => Number(v.toFixed(6)))));

// One statement per line: the editor closes brackets as they are typed.
const BUILD = `const conv = (filters: number, name: string) => tf.layers.conv2d({ filters, kernelSize: 3, padding: 'same', activation: 'relu', name });
const model = tf.sequential({ layers: [tf.layers.inputLayer({ inputShape: [6, 5, 3] }), conv(4, 'block1_conv1'), conv(4, 'block1_conv2'), tf.layers.maxPooling2d({ poolSize: 2 }), conv(5, 'block2_conv1')] });`;

test.describe('Keras weights in the browser', () => {
  test('a Keras .h5 picked through the prompt is listed, loads by layer name, and computes what numpy computed', async ({
    page,
  }) => {
    test.setTimeout(240_000);
    await openNotebook(page);
    const i = await appendAndRun(page, 'const keras = await weights.readH5();');
    await pickFile(page, i, join(FIXTURES, 'tiny_vgg_weights.h5'));
    await waitForCellState(page, i, 'done');
    const summary = codeCell(page, i);
    await expect(summary).toContainText('3 layers with weights');
    await expect(summary).toContainText('Keras 2.3.1');
    await expect(summary).toContainText('block1_conv1/kernel:0');

    const j = await appendAndRun(
      page,
      `${BUILD}
weights.apply(model, keras);
const got = (model.predict(tf.tensor4d([${JSON.stringify(round(expected.image))}])) as tf.Tensor).dataSync();
const want = ${JSON.stringify(expected.block2_conv1.flat(2).map((v) => Number(v.toFixed(6))))};
Math.max(...Array.from(got, (v, k) => Math.abs(v - want[k]!))) < 1e-5 ? 'same as numpy' : 'differs';`,
    );
    await waitForCellState(page, j, 'done');
    const applied = codeCell(page, j);
    await expect(applied).toContainText('matched by name');
    await expect(applied).toContainText('same as numpy');
  });

  test('a file that is not HDF5 is refused naming it', async ({ page }) => {
    await openNotebook(page);
    const i = await appendAndRun(page, 'await weights.readH5();');
    await pickFile(page, i, {
      name: 'weights.h5',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from('definitely not HDF5\n'),
    });
    await waitForCellState(page, i, 'error');
    await expect(codeCell(page, i)).toContainText(
      'weights.h5 is not a Keras weights file this app can read: no HDF5 signature',
    );
  });
});
