import { expect, test } from '@playwright/test';
import { xlsxBomb } from '../src/data/__tests__/bombs';
import { pickFile, preview, shownStats } from './data-files';
import { appendAndRun, codeCell, openNotebook, waitForCellState } from './helpers';

test.describe('files that used to be mis-read', () => {
  test.beforeEach(async ({ page }) => {
    await openNotebook(page);
  });

  test('a European ";" export with decimal commas loads as numbers, and the choice can be undone', async ({
    page,
  }) => {
    const rows = Array.from({ length: 30 }, (_, r) => `${r + 1};${r + 1}.234,5;${r},25`);
    const i = await appendAndRun(page, 'const prices = await data.upload();');
    await pickFile(page, i, {
      name: 'preise.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`id;Preis;Gewicht\n${rows.join('\n')}\n`),
    });
    await waitForCellState(page, i, 'done');
    await expect(preview(page, i).getByTestId('preview-detected')).toContainText('decimal');
    await expect(preview(page, i).getByTestId('preview-detected')).toContainText('comma');
    await expect(preview(page, i).getByLabel('Decimal separator')).toHaveValue(',');
    const price = await shownStats(page, i, 'Preis');
    expect(price.kind).toBe('float');
    expect(price.min).toBe(1234.5);
    expect(price.max).toBe(30234.5);
    await preview(page, i).screenshot({ path: test.info().outputPath('european.png') });

    await preview(page, i).getByLabel('Decimal separator').selectOption('.');
    await expect.poll(async () => (await shownStats(page, i, 'Gewicht')).kind).toBe('text');
  });

  test('a number column with "n.a." cells is told, and one click reads them as missing', async ({
    page,
  }) => {
    const rows = Array.from({ length: 100 }, (_, r) => `${r},${r % 10 === 4 ? 'n.a.' : r * 2}`);
    const i = await appendAndRun(page, 'const t = await data.upload();');
    await pickFile(page, i, {
      name: 'sensors.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`x,y\n${rows.join('\n')}\n`),
    });
    await waitForCellState(page, i, 'done');
    const warnings = preview(page, i).getByTestId('preview-warnings');
    await expect(warnings).toContainText(
      'sensors.csv: column "y" was read as text although 90 of its 100 cells are numbers: 10 cells are not (row 6: "n.a.", row 16: "n.a.", row 26: "n.a.", …)',
    );
    expect((await shownStats(page, i, 'y')).kind).toBe('text');
    await preview(page, i).screenshot({ path: test.info().outputPath('read-as-missing.png') });
    await preview(page, i).getByTestId('preview-read-missing').click();
    await expect.poll(async () => (await shownStats(page, i, 'y')).kind).toBe('int');
    expect((await shownStats(page, i, 'y')).missing).toBe(10);
    const j = await appendAndRun(page, "data.column(t, 'y')[4]");
    await waitForCellState(page, j, 'done');
    await expect(codeCell(page, j).getByTestId('output-area')).toContainText('NaN');
  });

  test('infinite cells are reported, and the statistics say what they leave out', async ({
    page,
  }) => {
    const i = await appendAndRun(page, 'const t = await data.upload();');
    await pickFile(page, i, {
      name: 'inf.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('x,y\n1,inf\n2,3\n3,5\n4,-Infinity\n'),
    });
    await waitForCellState(page, i, 'done');
    await expect(preview(page, i).getByTestId('preview-warnings')).toContainText(
      'inf.csv: column "y" holds 2 infinite cells',
    );
    const y = await shownStats(page, i, 'y');
    expect([y.min, y.max, y.mean]).toEqual([3, 5, 4]);
    expect(y.note).toBe('2 infinite values (±Infinity) left out of min, max, mean and std');
    await preview(page, i).screenshot({ path: test.info().outputPath('infinite.png') });
  });

  test('an .xlsx bomb is refused with the limits, and the page stays usable', async ({ page }) => {
    const i = await appendAndRun(page, 'const t = await data.upload();');
    await pickFile(page, i, {
      name: 'bomb.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: Buffer.from(xlsxBomb(1024, 2000)),
    });
    await waitForCellState(page, i, 'error');
    const error = codeCell(page, i).getByTestId('output-error');
    await expect(error).toContainText('bomb.xlsx: it expanded past');
    await expect(error).toContainText('200 × its size');
    const j = await appendAndRun(page, '6 * 7');
    await waitForCellState(page, j, 'done');
    await expect(codeCell(page, j).getByTestId('output-area')).toContainText('42');
  });
});
