import { expect, test } from '@playwright/test';
import {
  expectClose,
  expectShape,
  independentStats,
  pickFile,
  preview,
  realFile,
  shownStats,
} from './data-files';
import { appendAndRun, codeCell, openNotebook, waitForCellState } from './helpers';

const CREDIT = 'credit-card-default';

test.describe('loading data', () => {
  test.beforeEach(async ({ page }) => {
    await openNotebook(page);
  });

  test('a book data set loads by id from the data/ folder, BOM stripped, with its class balance', async ({
    page,
  }) => {
    realFile('somerville-happiness/SomervilleHappinessSurvey2015.csv');
    const i = await appendAndRun(page, "const happy = await data.load('somerville-happiness');");
    await waitForCellState(page, i, 'done');
    await expectShape(page, i, 143, 7);
    await expect(preview(page, i)).toContainText('data/somerville-happiness/');
    await expect(preview(page, i).locator('tr[data-column="D"]')).toBeVisible();
    const balance = preview(page, i).getByTestId('preview-balance');
    await expect(balance.locator('li[data-class="1"]')).toContainText('77');
    await expect(balance.locator('li[data-class="0"]')).toContainText('66');
    const stats = await shownStats(page, i, 'X1');
    const truth = independentStats(
      realFile('somerville-happiness/SomervilleHappinessSurvey2015.csv'),
      'X1',
    );
    expectClose(stats.mean, truth.mean);
    expectClose(stats.std, truth.std);
  });

  test('the credit-card XLS upload finds its two header rows: 10,000 rows × 25 columns', async ({
    page,
  }) => {
    const xls = realFile(`${CREDIT}/default-of-credit-card-clients.first-10000-rows.xls`);
    const csv = realFile(
      `${CREDIT}/default-of-credit-card-clients.two-header-rows.bom.cr-only.csv`,
    );
    const i = await appendAndRun(page, 'const credit = await data.upload();');
    await pickFile(page, i, xls);
    await waitForCellState(page, i, 'done');
    await expectShape(page, i, 10000, 25);
    await expect(preview(page, i).getByTestId('preview-detected')).toContainText(
      '2, names from row 2',
    );
    // The same rows in the CSV copy: the first 10,000 data rows after its two header rows.
    const truth = independentStats(csv, 'LIMIT_BAL', { headerRow: 1 });
    const stats = await shownStats(page, i, 'LIMIT_BAL');
    expect(stats.kind).toBe('int');
    expect(stats.missing).toBe(0);
    expect(stats.min).toBeGreaterThanOrEqual(truth.min);
    expect(stats.max).toBeLessThanOrEqual(truth.max);
  });

  test('the credit-card CSV with a BOM, CR-only line ends and two header rows: 30,000 × 25', async ({
    page,
  }) => {
    const csv = realFile(
      `${CREDIT}/default-of-credit-card-clients.two-header-rows.bom.cr-only.csv`,
    );
    const i = await appendAndRun(page, 'const credit = await data.upload();');
    await pickFile(page, i, csv);
    await waitForCellState(page, i, 'done');
    await expectShape(page, i, 30000, 25);
    await expect(preview(page, i).getByTestId('preview-detected')).toContainText('CR');
    const names = await preview(page, i)
      .locator('[data-testid="preview-columns"] th[scope="row"]')
      .allTextContents();
    expect(names[0]).toBe('ID');
    expect(names.at(-1)).toBe('default payment next month');
    const truth = independentStats(csv, 'LIMIT_BAL', { headerRow: 1 });
    expect(truth.rows).toBe(30000);
    const stats = await shownStats(page, i, 'LIMIT_BAL');
    expectClose(stats.mean, truth.mean);
    expectClose(stats.std, truth.std);
    expect(stats.min).toBe(truth.min);
    expect(stats.max).toBe(truth.max);
    const balance = preview(page, i).getByTestId('preview-balance');
    await balance.getByLabel('Class balance column').selectOption('default payment next month');
    await expect(balance.locator('li[data-class="1"]')).toContainText('6,636 (22.12%)');
  });

  test('a tab-separated text file named .xls is read by its content: 30,000 rows', async ({
    page,
  }) => {
    const tsv = realFile(`${CREDIT}/default-of-credit-card-clients.tab-separated-text-named.xls`);
    const i = await appendAndRun(page, 'const credit = await data.upload();');
    await pickFile(page, i, tsv);
    await waitForCellState(page, i, 'done');
    await expectShape(page, i, 30000, 25);
    await expect(preview(page, i).getByTestId('preview-detected')).toContainText('tab');
    const truth = independentStats(tsv, 'AGE', { delimiter: '\t' });
    const stats = await shownStats(page, i, 'AGE');
    expectClose(stats.mean, truth.mean);
  });

  test('the energy CSV, every field quoted and padded, gives numbers: 19,735 × 29', async ({
    page,
  }) => {
    const csv = realFile('energy/energydata_complete.csv');
    const i = await appendAndRun(page, 'const energy = await data.upload();');
    await pickFile(page, i, csv);
    await waitForCellState(page, i, 'done', 90_000);
    await expectShape(page, i, 19735, 29);
    const truth = independentStats(csv, 'Appliances');
    const stats = await shownStats(page, i, 'Appliances');
    expect(stats.kind).toBe('int');
    expectClose(stats.mean, truth.mean);
    expectClose(stats.std, truth.std);
    expect([stats.min, stats.max]).toEqual([10, 1080]);
    const t1 = await shownStats(page, i, 'T1');
    expectClose(t1.mean, independentStats(csv, 'T1').mean);
  });

  test('the Bitcoin CSV with empty volumes and the YearPredictionMSD sample without a header', async ({
    page,
  }) => {
    const btc = realFile('bitcoin/bitcoin_historical_prices.csv');
    const msd = realFile('year-prediction-msd/YearPredictionMSD.first-1176-rows.no-header.csv');
    const i = await appendAndRun(page, 'const btc = await data.upload();');
    await pickFile(page, i, btc);
    await waitForCellState(page, i, 'done');
    await expectShape(page, i, 1655, 8);
    expect((await shownStats(page, i, 'volume')).missing).toBe(243);
    expectClose((await shownStats(page, i, 'close')).mean, independentStats(btc, 'close').mean);

    const j = await appendAndRun(page, 'const msd = await data.upload();');
    await pickFile(page, j, msd);
    await waitForCellState(page, j, 'done');
    await expectShape(page, j, 1176, 91);
    await expect(preview(page, j).getByTestId('preview-detected')).toContainText('none');
  });

  test('bad files get a clear message naming the file, and the table loaded before stays', async ({
    page,
  }) => {
    const i = await appendAndRun(
      page,
      "const good = await data.parse('good.csv', 'a,b\\n1,2\\n3,4');\ngood.rowCount",
    );
    await waitForCellState(page, i, 'done');

    const cases: [string, Buffer, RegExp][] = [
      ['empty.csv', Buffer.alloc(0), /empty\.csv.*empty/],
      ['binary.csv', Buffer.from([0, 159, 146, 150, 0, 1, 2, 3, 255, 0, 0, 7]), /binary\.csv/],
      ['ragged.csv', Buffer.from('a,b,c\n1,2,3\n4,5\n6,7,8,9\n'), /ragged\.csv.*row/],
      ['header-only.csv', Buffer.from('a,b,c\n'), /header-only\.csv.*(no data|header)/i],
    ];
    for (const [name, buffer, message] of cases) {
      const k = await appendAndRun(page, 'const bad = await data.upload();');
      await pickFile(page, k, { name, mimeType: 'text/csv', buffer });
      await waitForCellState(page, k, 'error');
      await expect(codeCell(page, k).getByTestId('output-error')).toContainText(message);
    }
    const t = await appendAndRun(page, 'good.rowCount * 10');
    await waitForCellState(page, t, 'done');
    await expect(codeCell(page, t).getByTestId('output-area')).toContainText('20');
  });

  test('text in a numeric column is counted and located', async ({ page }) => {
    const rows = Array.from({ length: 50 }, (_, r) => `${r},${r === 17 ? 'twelve' : r * 2}`);
    const i = await appendAndRun(page, 'const t = await data.upload();');
    await pickFile(page, i, {
      name: 'mixed.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`x,y\n${rows.join('\n')}\n`),
    });
    await waitForCellState(page, i, 'done');
    const warnings = preview(page, i).getByTestId('preview-warnings');
    await expect(warnings).toContainText('column "y"');
    await expect(warnings).toContainText('1 cell');
    await expect(warnings).toContainText('row 19: "twelve"');
    expect((await shownStats(page, i, 'y')).missing).toBe(1);
  });

  test('a file that is not the expected data set is told apart', async ({ page }) => {
    // The full YearPredictionMSD is neither in data/ nor shipped: data.load falls through to an
    // upload prompt that names the file to pick.
    await page.route('**/local-data/**', (route) => route.fulfill({ status: 404, body: '' }));
    const i = await appendAndRun(
      page,
      "const songs = await data.load('year-prediction-msd', { file: 'YearPredictionMSD.csv' });",
    );
    await expect(codeCell(page, i).getByTestId('output-upload')).toContainText(
      'YearPredictionMSD.csv',
    );
    await pickFile(page, i, {
      name: 'other.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('a,b,c\n1,2,3\n'),
    });
    await waitForCellState(page, i, 'error');
    await expect(codeCell(page, i).getByTestId('output-error')).toContainText(
      'expected 91 columns',
    );
  });

  test('dropping a file on the notebook keeps it in the browser and loads it in a new cell', async ({
    page,
  }) => {
    const csv = realFile('somerville-happiness/SomervilleHappinessSurvey2015.csv');
    const before = await page.locator('[data-testid="cell"][data-cell-type="code"]').count();
    const transfer = await page.evaluateHandle(
      ({ text, name }) => {
        const dt = new DataTransfer();
        dt.items.add(new File([text], name, { type: 'text/csv' }));
        return dt;
      },
      {
        text: (await import('node:fs')).readFileSync(csv, 'latin1'),
        name: 'SomervilleHappinessSurvey2015.csv',
      },
    );
    const target = page.getByTestId('file-drop');
    await target.dispatchEvent('dragenter', { dataTransfer: transfer });
    await target.dispatchEvent('drop', { dataTransfer: transfer });
    const cell = codeCell(page, before);
    await expect(cell).toContainText('data.file("SomervilleHappinessSurvey2015.csv")');
    await waitForCellState(page, before, 'done');
    await expectShape(page, before, 143, 7);

    // It is still there after a reload, without picking it again.
    await page.reload();
    const j = await appendAndRun(
      page,
      "(await data.file('SomervilleHappinessSurvey2015.csv', { preview: false })).rowCount",
    );
    await waitForCellState(page, j, 'done');
    await expect(codeCell(page, j).getByTestId('output-area')).toContainText('143');
  });

  test('a prepared table is saved by name, loads in another cell, and downloads as CSV', async ({
    page,
  }) => {
    const i = await appendAndRun(
      page,
      [
        "const t = await data.parse('t.csv', 'a,b\\n1,x\\n2,y\\n3,z');",
        "await data.save('my_prepared', data.drop(t, ['b']));",
        "const back = await data.load('my_prepared', { preview: false });",
        'back.rowCount + back.columns.length',
      ].join('\n'),
    );
    await waitForCellState(page, i, 'done');
    // 3 rows and 1 column (b dropped) come back from the browser's store.
    await expect(codeCell(page, i).locator('.output-item-execute_result')).toHaveText('4');
    const download = page.waitForEvent('download');
    const j = await appendAndRun(page, "data.download(back, 'my_prepared.csv')");
    const file = await download;
    expect(file.suggestedFilename()).toBe('my_prepared.csv');
    const text = await (await file.createReadStream()).toArray();
    expect(Buffer.concat(text).toString()).toBe('a\n1\n2\n3\n');
    await waitForCellState(page, j, 'done');
  });
});

test('a wrong header guess is corrected in one click, and the cell’s variable gets the re-read table', async ({
  page,
}) => {
  await openNotebook(page);
  const somerville = realFile('somerville-happiness/SomervilleHappinessSurvey2015.csv');
  const i = await appendAndRun(page, 'const survey = await data.upload();');
  await pickFile(page, i, somerville);
  await waitForCellState(page, i, 'done');
  await expectShape(page, i, 143, 7);

  // "No header": the names become data, one more row, and D turns into a text column.
  await preview(page, i).getByLabel('Header rows').selectOption('0');
  await expectShape(page, i, 144, 7);
  await expect(codeCell(page, i).getByTestId('output-area')).toContainText('headerRows: 0');
  const j = await appendAndRun(page, 'survey.rowCount');
  await waitForCellState(page, j, 'done');
  await expect(codeCell(page, j).getByTestId('output-area')).toContainText('144');

  await preview(page, i).getByLabel('Header rows').selectOption('1');
  await expectShape(page, i, 143, 7);
  const k = await appendAndRun(page, 'survey.columns[0].name + survey.rowCount');
  await waitForCellState(page, k, 'done');
  await expect(codeCell(page, k).getByTestId('output-area')).toContainText('D143');
});
