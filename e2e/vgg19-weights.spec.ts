import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { pickFile } from './data-files';
import { appendAndRun, codeCell, openNotebook, waitForCellState } from './helpers';
import { writePth } from './torch-writer';

/** torchvision's VGG-19 features[0..28] layout (OIHW), its values made up: the real file is 548 MB. */
function vggLikeFile(): string {
  const channels = [64, 64, 128, 128, 256, 256, 256, 256, 512, 512, 512, 512, 512];
  const indices = [0, 2, 5, 7, 10, 12, 14, 16, 19, 21, 23, 25, 28];
  let inChannels = 3;
  const tensors = channels.flatMap((out, i) => {
    const weight = new Float32Array(out * inChannels * 9);
    for (let j = 0; j < weight.length; j++) weight[j] = ((j % 13) - 6) / 200;
    const t = [
      { name: `features.${indices[i]}.weight`, shape: [out, inChannels, 3, 3], values: weight },
      {
        name: `features.${indices[i]}.bias`,
        shape: [out],
        values: new Float32Array(out).fill(0.01),
      },
    ];
    inChannels = out;
    return t;
  });
  const path = join(mkdtempSync(join(tmpdir(), 'vgg-')), 'my-vgg19.pth');
  writeFileSync(path, writePth(tensors));
  return path;
}

test.describe('VGG-19 weights', () => {
  test('asked for by name, picked through the prompt, then loaded from the browser and listed with its size', async ({
    page,
  }) => {
    test.setTimeout(240_000);
    await openNotebook(page);
    const i = await appendAndRun(
      page,
      "const vgg = await weights.load('vgg19');\nconst outs = vgg.model.predict(tf.zeros([1, 32, 48, 3])) as tf.Tensor[];\nouts.map((t, k) => vgg.outputs[k] + ' ' + t.shape.join('×')).join(' | ')",
    );
    const prompt = codeCell(page, i);
    // No network permission and no data/ copy: the prompt names the file, its size and its source.
    await expect(prompt).toContainText('vgg19-dcbb9e9d.pth');
    await expect(prompt).toContainText('https://download.pytorch.org/models/vgg19-dcbb9e9d.pth');
    await pickFile(page, i, vggLikeFile());
    await waitForCellState(page, i, 'done', 180_000);
    await expect(prompt).toContainText("is not torchvision's vgg19-dcbb9e9d.pth");
    await expect(prompt).toContainText('12,944,960 parameters, frozen');
    await expect(prompt).toContainText(
      'conv1_1 1×32×48×64 | conv2_1 1×16×24×128 | conv3_1 1×8×12×256 | conv4_1 1×4×6×512 | conv4_2 1×4×6×512 | conv5_1 1×2×3×512',
    );

    const j = await appendAndRun(
      page,
      "const again = await weights.load('vgg19', { outputs: ['conv4_2'] });\nagain.source",
    );
    await waitForCellState(page, j, 'done', 120_000);
    await expect(codeCell(page, j)).toContainText('browser cache (uploaded: my-vgg19.pth');

    await page.getByRole('link', { name: 'Your data & storage' }).click();
    const files = page.getByTestId('stored-files');
    await expect(files).toContainText('weights:vgg19:features-0-28');
    await expect(files).toContainText(/(49|51)\.\d MB/);
  });
});
