import { expect, type Request, test } from '@playwright/test';
import { expectShape, pickFile } from './data-files';
import { appendAndRun, codeCell, openNotebook, waitForCellState } from './helpers';

const MARKER = 'privacy_marker_5c1e';

function uploadedCsv(): Buffer {
  const rows = Array.from({ length: 200 }, (_, i) => `${i % 7},${(i * 13) % 11},${i % 2}`);
  return Buffer.from(`${MARKER}_a,${MARKER}_b,label\n${rows.join('\n')}\n`);
}

test('uploaded data never leaves the browser: no request during upload and training carries it', async ({
  page,
  baseURL,
}) => {
  await openNotebook(page);
  const requests: Request[] = [];
  page.on('request', (r) => requests.push(r));
  page.context().on('request', (r) => requests.push(r));

  const i = await appendAndRun(page, 'const mine = await data.upload();');
  await pickFile(page, i, { name: 'mine.csv', mimeType: 'text/csv', buffer: uploadedCsv() });
  await waitForCellState(page, i, 'done');
  await expectShape(page, i, 200, 3);
  const j = await appendAndRun(
    page,
    [
      "const { x, y } = data.toTensors(mine, 'label');",
      "const m = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 1, activation: 'sigmoid' })] });",
      "m.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });",
      'await fit(m, x, y, { epochs: 3, batchSize: 32 });',
    ].join('\n'),
  );
  await waitForCellState(page, j, 'done');

  const origin = new URL(baseURL ?? '').origin;
  const offending = requests.filter((r) => {
    const body = r.postDataBuffer()?.toString('latin1') ?? '';
    return (
      new URL(r.url()).origin !== origin ||
      r.url().includes(MARKER) ||
      body.includes(MARKER) ||
      r.method() !== 'GET'
    );
  });
  expect(offending.map((r) => `${r.method()} ${r.url()}`)).toEqual([]);
});

test('Your data lists stored files, saved tables and checkpoints with their sizes, and Delete my data clears them', async ({
  page,
}) => {
  await openNotebook(page);
  const i = await appendAndRun(
    page,
    [
      'const mine = await data.upload();',
      "await data.save('kept_table', mine);",
      'const tiny = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 1 })] });',
      "tiny.compile({ optimizer: 'adam', loss: 'meanSquaredError' });",
      "await checkpoint.save(tiny, 'kept_ckpt');",
    ].join('\n'),
  );
  await pickFile(page, i, { name: 'mine.csv', mimeType: 'text/csv', buffer: uploadedCsv() });
  await waitForCellState(page, i, 'done');

  await page.getByRole('link', { name: 'Your data & storage' }).click();
  const files = page.getByTestId('stored-files');
  await expect(files).toContainText('mine.csv');
  await expect(files).toContainText('uploaded in a cell');
  await expect(page.getByTestId('stored-tables')).toContainText('kept_table');
  await expect(page.getByTestId('stored-tables')).toContainText('200 × 3');
  await expect(page.getByTestId('stored-checkpoints')).toContainText('kept_ckpt');
  await expect(page.getByTestId('storage-usage')).toContainText('This site uses');
  await page.screenshot({ path: test.info().outputPath('your-data.png'), fullPage: true });

  page.once('dialog', (d) => void d.accept());
  await page.getByRole('button', { name: 'Delete my data' }).click();
  await expect(page.getByRole('status')).toContainText('deleted');
  await expect(page.getByTestId('stored-files')).toHaveCount(0);
  await expect(page.getByTestId('stored-tables')).toHaveCount(0);
  await expect(page.getByTestId('stored-checkpoints')).toHaveCount(0);

  // The notebook itself is untouched, and the deleted table is really gone for the kernel.
  await page.getByRole('link', { name: /Exercises 1\.01/ }).click();
  const k = await appendAndRun(page, "await data.load('kept_table')");
  await waitForCellState(page, k, 'error');
  await expect(codeCell(page, k).getByTestId('output-error')).toContainText('kept_table');
});
