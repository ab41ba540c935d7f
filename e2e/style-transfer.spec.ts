import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { pickFile, realFile } from './data-files';
import {
  appendAndRun,
  codeCell,
  expectWasmTrainingKernels,
  openCheckpointsPanel,
  openNotebook,
  waitForCellState,
  waitForKernelIdle,
} from './helpers';
import { fixtureVggFile, styleReference } from './style-fixture';

// The real vgg19-dcbb9e9d.pth (548 MB) is never on the test machines: VGG-shaped weights made by
// a formula are uploaded at the prompt, and the notebook's losses are held to what real PyTorch
// computed with the same weights, images and code (fixtures/style-transfer/make-reference.py).
const EXERCISE = 'pytorch-workshop/ch05-style-transfer.ipynb';
// Code cells: 0 images, 1 VGG-19, 2 features and Grams, 3 losses and i = 1, 4 the loop,
// 5 the reports, 6 the panel, 7 the PNG download.
const [IMAGES, WEIGHTS, FEATURES, FIRST, LOOP, REPORTS, PANEL, DOWNLOAD] = [0, 1, 2, 3, 4, 5, 6, 7];

/** Every number printed after `label` in a cell's output, in order ("12,537.171" → 12537.171). */
async function printed(page: Page, cell: number, label: RegExp): Promise<number[]> {
  const text = (await codeCell(page, cell).getByTestId('output-area').textContent()) ?? '';
  return [...text.matchAll(new RegExp(`${label.source}\\s*([\\d,]+(?:\\.\\d+)?)`, 'g'))].map((m) =>
    Number((m[1] ?? '').replace(/,/g, '')),
  );
}

const close = (ours: number, theirs: number, rel: number) =>
  Math.abs(ours - theirs) <= rel * Math.abs(theirs);

test.setTimeout(600_000);

test("Exercise 5.04 on the quick schedule: the weights given at the prompt, the book's images, PyTorch's losses, live chart and images, interrupted and resumed after a reload, the result downloaded as PNG", async ({
  page,
}) => {
  // The book's images come from ../shared/data/style-transfer/ (the app's data/ folder in tests).
  for (const name of ['dog.jpg', 'matisse.jpg']) realFile(`style-transfer/${name}`);
  const reference = styleReference().exercise;

  await page.goto(`/?preset=quick#/${EXERCISE}`);
  await waitForKernelIdle(page);
  // The catalog marks this notebook 'threaded': its VGG convolutions get a second WASM thread
  // even where other notebooks take the single-threaded binary (2–3 cores).
  const status = page.getByTestId('kernel-status');
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  if ((await status.getAttribute('data-backend')) === 'wasm' && cores >= 2)
    expect(Number(await status.getAttribute('data-wasm-threads'))).toBeGreaterThanOrEqual(2);
  await page.getByRole('button', { name: '▶▶ Run all' }).click();

  await waitForCellState(page, IMAGES, 'done', 120_000);
  const images = codeCell(page, IMAGES);
  await expect(images).toContainText(
    'dog.jpg: 1024 × 768 pixels (w × h), from data/style-transfer/dog.jpg',
  );
  await expect(images).toContainText('content_img 1 × 32 × 42 × 3, style_img 1 × 32 × 43 × 3');
  await expect(images.locator('img')).toHaveCount(2);
  await expect(
    images.getByTestId('output-metric').filter({ hasText: 'content image width' }),
  ).toHaveAttribute('data-pass', 'pass');

  // No weights anywhere: the prompt names the file; the fixture is picked there.
  const weights = codeCell(page, WEIGHTS);
  await expect(weights).toContainText('vgg19-dcbb9e9d.pth', { timeout: 60_000 });
  await pickFile(page, WEIGHTS, fixtureVggFile());
  await waitForCellState(page, WEIGHTS, 'done', 240_000);
  await expect(weights).toContainText("is not torchvision's vgg19-dcbb9e9d.pth");
  await expect(weights).toContainText("torchvision's own file: false");

  await waitForCellState(page, FEATURES, 'done', 120_000);
  await expect(codeCell(page, FEATURES)).toContainText('conv5_1');
  await expect(codeCell(page, FEATURES)).toContainText(
    'Figure 5.4: a 4 × 4 input, 5 filters → a Gram matrix of 5 × 5',
  );

  // i = 1 at the book's 224 px: PyTorch's number for these weights, to 0.1 %.
  await waitForCellState(page, FIRST, 'done', 240_000);
  const [first] = await printed(page, FIRST, /i = 1 at 224 px: total loss/);
  expect(
    close(first ?? Number.NaN, reference.book.losses[0]!, 1e-3),
    `${first} vs PyTorch ${reference.book.losses[0]}`,
  ).toBe(true);
  // Not torchvision's weights: shown beside the book's number, with no band.
  await expect(codeCell(page, FIRST)).toContainText("not torchvision's file: not comparable");

  // The loop: a live chart, the image every 2 iterations; cut off by Interrupt after a checkpoint.
  const loop = codeCell(page, LOOP);
  const chart = loop.getByTestId('training-chart');
  await expect(chart).toBeVisible({ timeout: 120_000 });
  await expect
    .poll(async () => Number(await chart.getAttribute('data-points')), { timeout: 240_000 })
    .toBeGreaterThanOrEqual(3);
  await page.getByRole('button', { name: 'Interrupt' }).click();
  await waitForCellState(page, LOOP, 'error', 60_000);
  await expect(loop.getByTestId('output-error')).toContainText('Interrupted');
  const before = await printed(page, LOOP, /Total loss:/);
  expect(before.length).toBeGreaterThanOrEqual(2);
  // Iterations 1 and 2 as PyTorch ran them (0.1 %): same pixels, same Adam.
  expect(
    close(before[0]!, reference.quick.losses[0]!, 1e-3),
    `${before[0]} vs ${reference.quick.losses[0]}`,
  ).toBe(true);
  expect(
    close(before[1]!, reference.quick.losses[1]!, 1e-3),
    `${before[1]} vs ${reference.quick.losses[1]}`,
  ).toBe(true);
  await expect(loop.locator('img').first()).toBeVisible();
  await openCheckpointsPanel(page);
  const epoch = page
    .locator('[data-testid="checkpoint-row"][data-name="exercise-5.04"]')
    .getByTestId('checkpoint-epoch');
  await expect(epoch).toHaveText(/^[12] of 3$/);

  // A reload offers to resume; the cells above run again (weights and images from this browser).
  await page.reload();
  const banner = page.getByTestId('resume-banner');
  await expect(banner).toBeVisible();
  const button = banner.getByRole('button', { name: /Resume from epoch \d/ });
  const saved = Number(((await button.textContent()) ?? '').replace(/\D+/g, ''));
  expect(saved).toBeGreaterThanOrEqual(1);
  await waitForKernelIdle(page);
  await button.click();
  await waitForCellState(page, LOOP, 'done', 400_000);
  await expect(codeCell(page, WEIGHTS)).toContainText(
    'from browser cache (uploaded: fixture-vgg19.pth',
  );
  await expect(codeCell(page, IMAGES)).toContainText(
    'dog.jpg: 1024 × 768 pixels (w × h), from browser cache',
  );
  await expect(loop).toContainText(`Resuming "exercise-5.04" from epoch ${saved}`);
  await expect(chart).toHaveAttribute('data-last-step', '6');
  // The iterations after the resume go on where PyTorch's went (Adam's moments came back too).
  const after = await printed(page, LOOP, /Total loss:/);
  const lastIt = 6;
  expect(
    close(after.at(-1)!, reference.quick.losses[lastIt - 1]!, 2e-3),
    `${after.at(-1)} vs ${reference.quick.losses[lastIt - 1]}`,
  ).toBe(true);
  await expect(loop).toContainText(
    "The book's schedule (2,000 iterations at 224 × 298) on this backend: about",
  );

  // The rest of the notebook, cell by cell (Ctrl+Enter), the last one downloading the PNG.
  const downloadPromise = page.waitForEvent('download', { timeout: 180_000 });
  for (const cell of [REPORTS, PANEL, DOWNLOAD]) {
    await codeCell(page, cell).locator('.cm-content').click();
    await page.keyboard.press('ControlOrMeta+Enter');
    await waitForCellState(page, cell, 'done', 120_000);
  }
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toBe('exercise-5.04-target.png');
  const png = readFileSync(await download.path());
  expect([...png.subarray(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG');
  expect(png.readUInt32BE(16)).toBe(42); // width
  expect(png.readUInt32BE(20)).toBe(32); // height
  await expect(
    codeCell(page, REPORTS).getByTestId('output-metric').filter({ hasText: 'last / first' }),
  ).toHaveAttribute('data-pass', 'pass');
  await expect(codeCell(page, PANEL)).toContainText('Content | Target | Style');
  await codeCell(page, IMAGES).screenshot({ path: test.info().outputPath('images-cell.png') });
  await loop.screenshot({ path: test.info().outputPath('loop-cell.png') });
  await codeCell(page, PANEL).screenshot({ path: test.info().outputPath('panel-cell.png') });
  // Two WASM threads here (above): the shared-memory build of our kernels.
  await expectWasmTrainingKernels(page);
});

test("the book's four images, decoded in the worker and resized to 224 px, are torchvision's bytes exactly, and the credits page says where they come from and why they are not shipped", async ({
  page,
}) => {
  const names = ['dog.jpg', 'matisse.jpg', 'landscape.jpg', 'monet.jpg'];
  for (const name of names) realFile(`style-transfer/${name}`);
  // Made by src/kernel/lib/__tests__/fixtures/make-pil-resize.py: PIL decodes, torchvision resizes.
  const pil = JSON.parse(
    readFileSync('src/kernel/lib/__tests__/fixtures/pil-resize.json', 'utf8'),
  ) as { book: Record<string, { sha256: string; shape: number[] }> };
  await openNotebook(page);
  const i = await appendAndRun(
    page,
    [
      'const out = [];',
      `for (const n of ${JSON.stringify(names)}) out.push(n + ' ' + transforms.Resize(224)(await Image.open(n)).shape.slice(1).join('x') + ' ' + Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', transforms.Resize(224)(await Image.open(n)).images)), (b) => b.toString(16).padStart(2, '0')).join(''));`,
      "out.join(' | ')",
    ].join('\n'),
  );
  await waitForCellState(page, i, 'done', 180_000);
  const expected = names
    .map((n) => `${n} ${pil.book[n]!.shape.join('x')} ${pil.book[n]!.sha256}`)
    .join(' | ');
  await expect(codeCell(page, i)).toContainText(expected);
  // The credits page names them, where they come from, and why the app does not ship them.
  await page.getByRole('link', { name: 'Data sets & credits' }).first().click();
  const credits = page.getByTestId('data-sets').locator('[data-dataset="style-transfer"]');
  await expect(credits).toContainText('the app does not ship them');
  await expect(credits.locator('tr[data-file="dog.jpg"]')).toContainText(
    'Chapter05/Exercise5.01/images/dog.jpg',
  );
});
