import { expect, test } from '@playwright/test';
import { pickFile, realFile } from './data-files';
import { appendAndRun, codeCell, openNotebook, waitForCellState } from './helpers';

const SUBSET = 'cifar-10/cifar-10-subset-binary.tar.gz';

test.describe('CIFAR-10 in the browser', () => {
  test('the subset tarball uploaded through the prompt is read into uint8 images with the real labels, then comes from the browser cache', async ({
    page,
  }) => {
    const path = realFile(SUBSET);
    await openNotebook(page);
    // { upload: true } asks even when the app ships the subset, as a user giving the full tarball would.
    const i = await appendAndRun(
      page,
      "const c = await data.load('cifar-10', { upload: true });\n[c.train.count, c.test.count, c.train.images.constructor.name, c.classes[3], Array.from(c.test.labels.slice(0, 8)).join(' ')].join(' | ')",
    );
    await pickFile(page, i, path);
    await waitForCellState(page, i, 'done', 120_000);
    const out = codeCell(page, i);
    await expect(out).toContainText('5085 | 1017 | Uint8Array | cat | 3 8 8 0 6 6 1 6');
    await expect(out).toContainText('CIFAR-10 from uploaded: 5,085 training and 1,017 test images');
    await expect(out).toContainText('Reading cifar-10-subset-binary.tar.gz');

    const j = await appendAndRun(
      page,
      "const d = await data.load('cifar-10');\nawait imageGrid(transforms.batch(d.test, 0, 8), { classes: d.classes, caption: 'first test images' });",
    );
    await waitForCellState(page, j, 'done', 120_000);
    await expect(codeCell(page, j)).toContainText('CIFAR-10 from browser cache');
    const picture = codeCell(page, j).locator('img').last();
    await expect(picture).toBeVisible();
    // 8 tiles of 32 px drawn 3× with 4 px gaps, in one row: the grid holds the 8 images.
    expect(await picture.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(
      4 + 8 * (96 + 4),
    );
    await picture.screenshot({ path: test.info().outputPath('cifar-grid.png') });
  });

  test('a file that is not CIFAR-10 is refused naming it and what was expected', async ({
    page,
  }) => {
    await openNotebook(page);
    const i = await appendAndRun(page, "await data.load('cifar-10', { upload: true });");
    await pickFile(page, i, {
      name: 'notes.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('not images\n'),
    });
    await waitForCellState(page, i, 'error');
    await expect(codeCell(page, i)).toContainText(
      'notes.txt: expected a CIFAR-10 archive (.tar.gz) or a batch file named data_batch_1…5(.bin)',
    );
  });
});
