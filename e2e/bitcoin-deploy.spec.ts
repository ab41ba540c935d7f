import { readFileSync } from 'node:fs';
import { expect, type Page, test } from '@playwright/test';
import { sharedDataPath } from '../scripts/shared-data';
import { codeCell, runAllQuick, toolbarButton, waitForKernelIdle } from './helpers';

const ACTIVITY_8 = 'tf-keras-app-dev/lesson4-activity8-new-data.ipynb';
const ACTIVITY_9 = 'tf-keras-app-dev/lesson4-activity9-deploy.ipynb';
// Code cells of Activity 8: the panel's cell, and the cell that presses "Reveal all".
const PANEL_CELL = 5;
const REVEAL_ALL_CELL = 6;

/**
 * A CoinMarketCap-style export of the book's 2017 prices, as a person might have one: dates
 * written day-first (07/11/2017), newest first, with a subset of the columns.
 */
function dayFirstCsv(): string | null {
  const path = sharedDataPath('bitcoin/bitcoin_historical_prices.csv', 'the lesson 4 upload test');
  if (path === null) return null;
  const [header, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const names = (header ?? '').split(',');
  const at = (name: string) => names.indexOf(name);
  const rows = lines
    .map((line) => line.split(','))
    .filter((cells) => (cells[at('date')] ?? '') >= '2017-01-01')
    .reverse()
    .map((cells) => {
      const [y, m, d] = (cells[at('date')] ?? '').split('-');
      return [
        `${d}/${m}/${y}`,
        cells[at('open')],
        cells[at('high')],
        cells[at('low')],
        cells[at('close')],
      ].join(',');
    });
  return ['date,open,high,low,close', ...rows].join('\n');
}

async function fetchPredict(page: Page) {
  return page.evaluate(async () => {
    const response = await fetch('/api/predict');
    return {
      status: response.status,
      cache: response.headers.get('X-Cache'),
      body: (await response.json()) as Record<string, unknown>,
    };
  });
}

test.describe('Lesson 4: new data and the deployed app', () => {
  test('Activity 8: the control reveals new weeks one at a time, a day-first CSV is read and sorted, and both strategies show their errors beside no change', async ({
    page,
  }, testInfo) => {
    test.setTimeout(300_000);
    const csv = dayFirstCsv();
    test.skip(csv === null, 'bitcoin_historical_prices.csv is absent (a local run)');
    await page.goto(`/?preset=quick#/${ACTIVITY_8}`);
    await waitForKernelIdle(page);
    // Up to the panel: select the cell that would reveal everything, and run the cells above it.
    await codeCell(page, REVEAL_ALL_CELL).click();
    await (await toolbarButton(page, 'Run above')).click();
    await expect(codeCell(page, PANEL_CELL)).toHaveAttribute('data-state', 'done', {
      timeout: 180_000,
    });
    await expect(page.locator('[data-testid="cell"][data-state="error"]')).toHaveCount(0);

    const panel = codeCell(page, PANEL_CELL).getByTestId('control-panel');
    const status = panel.getByTestId('control-status');
    await expect(status).toContainText(
      'bitcoin_historical_prices.csv: 51 full weeks from 2016-11-13',
    );
    await expect(status).toContainText('held back: 10');

    const reveal = panel.getByRole('button', { name: 'Reveal next week' });
    await reveal.click();
    await expect(status).toContainText('held back: 9', { timeout: 60_000 });
    await expect(reveal).toBeEnabled();
    await reveal.click();
    await expect(status).toContainText('held back: 8', { timeout: 60_000 });

    const outputs = codeCell(page, PANEL_CELL).getByTestId('output-area');
    const perWeek = outputs.getByTestId('output-table').filter({
      has: page.locator('.output-table-caption', {
        hasText: 'forecast before it was trained on',
      }),
    });
    await expect(perWeek.locator('tbody tr')).toHaveCount(2);
    await expect(perWeek.locator('tbody tr').first()).toContainText('2017-08-27');
    const sideBySide = outputs
      .getByTestId('output-table')
      .filter({ has: page.locator('.output-table-caption', { hasText: 'side by side' }) });
    await expect(sideBySide.locator('.output-table-caption')).toContainText(
      '2 new week(s), 14 days',
    );
    const rows = sideBySide.locator('tbody tr');
    await expect(rows.locator('td:first-child')).toHaveText([
      're-train the old model',
      'train a new model',
      'baseline: no change (the last close)',
    ]);
    for (let i = 0; i < 3; i++) {
      // RMSE in USD of real forecasts: a few hundred dollars, never 0 or NaN.
      const rmse = Number(await rows.nth(i).locator('td').nth(1).textContent());
      expect(rmse).toBeGreaterThan(10);
      expect(rmse).toBeLessThan(3000);
    }

    // A file of the same schema, day-first and newest first, chosen in the panel.
    await panel.getByLabel('Use a CSV of the same schema…').setInputFiles({
      name: 'bitcoin-2017-day-first.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv ?? ''),
    });
    await expect(status).toContainText(
      'bitcoin-2017-day-first.csv: 44 full weeks from 2017-01-01',
      {
        timeout: 60_000,
      },
    );
    await expect(status).toContainText('DD/MM/YYYY');
    await expect(status).toContainText('descending in the file, sorted oldest first');
    await expect(status).toContainText('held back: 3');
    // The old file's results are gone until a week of the new one arrives.
    await reveal.click();
    await expect(status).toContainText('held back: 2', { timeout: 60_000 });
    await expect(sideBySide.locator('.output-table-caption')).toContainText(
      '1 new week(s), 7 days of bitcoin-2017-day-first.csv',
    );
    await expect(perWeek.locator('tbody tr')).toHaveCount(1);
    // Week 42 of 2017 from Sunday 2017-01-01: 2017-10-15 → 2017-10-21.
    await expect(perWeek.locator('tbody tr').first()).toContainText('2017-10-15 → 2017-10-21');
    await expect(panel.getByRole('alert')).toHaveCount(0);
    await codeCell(page, PANEL_CELL).screenshot({
      path: testInfo.outputPath('activity8-panel.png'),
    });
  });

  test("Activity 9: Run all deploys; /predict answers the book's JSON from the page, the second call from the cache; a new start date redeploys", async ({
    page,
  }, testInfo) => {
    test.setTimeout(300_000);
    await runAllQuick(page, ACTIVITY_9);

    const first = await fetchPredict(page);
    const second = await fetchPredict(page);
    expect(first.status).toBe(200);
    expect(Object.keys(first.body).sort()).toEqual([
      'message',
      'period_length',
      'result',
      'success',
      'version',
    ]);
    expect(first.body).toMatchObject({
      message: 'API for making predictions.',
      period_length: 7,
      success: true,
      version: 1,
    });
    const result = first.body.result as number[];
    expect(result).toHaveLength(7);
    // Dollars of November 2017, to the cent.
    for (const value of result) {
      expect(value).toBeGreaterThan(3000);
      expect(value).toBeLessThan(15000);
      expect(Math.round(value * 100) / 100).toBe(value);
    }
    expect([first.cache, second.cache]).toEqual(['MISS', 'HIT']);
    expect(second.body).toEqual(first.body);

    const panel = page.getByTestId('control-panel');
    await expect(panel.getByTestId('control-status')).toContainText('Serving');
    await expect(panel.getByTestId('control-status')).toContainText('2017-01-01 → 2017-11-07');
    // The dashboard: the chart and the errors beside the no-change forecast.
    const deployCell = page.locator('[data-testid="cell"][data-cell-type="code"]', { has: panel });
    await expect(deployCell.getByTestId('output-table')).toContainText('baseline: no change');
    await expect(deployCell.locator('.js-plotly-plot')).toHaveCount(1);
    await deployCell.screenshot({ path: testInfo.outputPath('activity9-dashboard.png') });

    // As Activity 9's step 2: another start date in the form, and Deploy.
    await panel.getByLabel('BITCOIN_START_DATE').fill('2017-03-05');
    await panel.getByRole('button', { name: 'Deploy' }).click();
    await expect(panel.getByTestId('control-status')).toContainText('2017-03-05 → 2017-11-07', {
      timeout: 120_000,
    });
    await expect(panel.getByTestId('control-status')).toContainText('35 full blocks of 7 days');
    await expect(deployCell.locator('.js-plotly-plot .gtitle')).toContainText(
      'BITCOIN_START_DATE 2017-03-05',
    );
    // Deploy cleared the cache: the new model's answer is computed, then kept.
    const redeployed = await fetchPredict(page);
    expect(redeployed.cache).toBe('MISS');
    expect(redeployed.body.result).toHaveLength(7);
    expect((await fetchPredict(page)).cache).toBe('HIT');
  });
});
