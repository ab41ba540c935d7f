import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { pickFile, realFile } from './data-files';
import {
  appendAndRun,
  codeCell,
  openNotebook,
  waitForCellState,
  waitForKernelIdle,
} from './helpers';

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
  test('the subset shipped with the app is kept in the browser after its first load, so a reload with the app copy unreachable still loads it', async ({
    page,
  }) => {
    // As a deployment without a data/ folder: the only copy is the one the app ships.
    await page.route('**/local-data/**', (route) => route.fulfill({ status: 404, body: '' }));
    await openNotebook(page);
    const count =
      "const c = await data.load('cifar-10');\n[c.train.count, c.test.count, Array.from(c.test.labels.slice(0, 8)).join(' ')].join(' | ')";
    const first = await appendAndRun(page, count);
    await waitForCellState(page, first, 'done', 120_000);
    await expect(codeCell(page, first)).toContainText(
      'CIFAR-10 from the subset shipped with the app',
    );
    await expect(codeCell(page, first)).toContainText('5085 | 1017 | 3 8 8 0 6 6 1 6');

    // Now the app's copy cannot be fetched at all: only the browser's IndexedDB has it.
    let shippedFetches = 0;
    await page.route('**/datasets/cifar-10/**', (route) => {
      shippedFetches++;
      return route.abort();
    });
    await page.reload();
    await waitForKernelIdle(page);
    const again = await appendAndRun(page, count);
    await waitForCellState(page, again, 'done', 120_000);
    await expect(codeCell(page, again)).toContainText(
      'CIFAR-10 from browser cache (the subset shipped with the app)',
    );
    await expect(codeCell(page, again)).toContainText('5085 | 1017 | 3 8 8 0 6 6 1 6');
    expect(shippedFetches).toBe(0);
  });
  test("the folder of loose .bin batches (cifar-10-batches-bin/, readme beside them) picked through the prompt's folder button is read like the tarball", async ({
    page,
  }) => {
    const tarball = realFile(SUBSET);
    const dir = mkdtempSync(join(tmpdir(), 'cifar-folder-'));
    try {
      execFileSync('tar', ['-xzf', tarball, '-C', dir]);
      const folder = join(dir, 'cifar-10-batches-bin');
      // The official folder also holds a readme.html: it must be passed over, not refused.
      writeFileSync(join(folder, 'readme.html'), '<html>CIFAR-10</html>');
      await openNotebook(page);
      const i = await appendAndRun(
        page,
        "const c = await data.load('cifar-10', { upload: true });\n[c.train.count, c.test.count, c.batches.map((b) => b.name).join(' '), Array.from(c.test.labels.slice(0, 8)).join(' ')].join(' | ')",
      );
      const input = codeCell(page, i).getByTestId('upload-folder-input');
      await expect(input).toBeEnabled();
      await input.setInputFiles(folder);
      await waitForCellState(page, i, 'done', 120_000);
      await expect(codeCell(page, i)).toContainText(
        '5085 | 1017 | data_batch_1.bin data_batch_2.bin data_batch_3.bin data_batch_4.bin data_batch_5.bin test_batch.bin | 3 8 8 0 6 6 1 6',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  test('loose CIFAR-10 batches dropped on the page are kept for data.load, which reads them in the cell it adds', async ({
    page,
  }) => {
    const tarball = realFile(SUBSET);
    const dir = mkdtempSync(join(tmpdir(), 'cifar-drop-'));
    try {
      execFileSync('tar', ['-xzf', tarball, '-C', dir]);
      const folder = join(dir, 'cifar-10-batches-bin');
      const files = ['data_batch_1.bin', 'test_batch.bin', 'readme.html'].map((name) => ({
        name,
        base64:
          name === 'readme.html'
            ? Buffer.from('<html></html>').toString('base64')
            : readFileSync(join(folder, name)).toString('base64'),
      }));
      await openNotebook(page);
      const before = await page.locator('[data-testid="cell"][data-cell-type="code"]').count();
      const transfer = await page.evaluateHandle((list) => {
        const dt = new DataTransfer();
        for (const f of list)
          dt.items.add(new File([Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0))], f.name));
        return dt;
      }, files);
      const target = page.getByTestId('file-drop');
      await target.dispatchEvent('dragenter', { dataTransfer: transfer });
      await target.dispatchEvent('drop', { dataTransfer: transfer });
      const cell = codeCell(page, before);
      await expect(cell).toContainText("data.load('cifar-10')");
      await waitForCellState(page, before, 'done', 120_000);
      await expect(cell).toContainText(
        'CIFAR-10 from browser cache: 1,017 training and 1,017 test images',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
