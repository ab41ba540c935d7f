import { expect, test } from '@playwright/test';
import { runAllQuick } from './helpers';

const ACTIVITY_7 = 'tf-keras-app-dev/lesson3-activity7-optimise.ipynb';

// The book's Table 2, as the reader gets it: Run all on the quick schedule trains v0–v4 (on the
// fused LSTM) and shows one row per version with its last-epoch MSE, RMSE, MAPE and time.
test('Activity 7: Run all on the quick schedule shows the version table with rows v0–v4 and their numbers', async ({
  page,
}, testInfo) => {
  test.setTimeout(300_000);
  await runAllQuick(page, ACTIVITY_7);

  const versionTable = page
    .getByTestId('output-table')
    .filter({ has: page.locator('.output-table-caption', { hasText: 'Table 2' }) });
  await expect(versionTable).toHaveCount(1);
  await expect(versionTable.locator('.output-table-caption')).toContainText('quick schedule');
  const header = await versionTable.locator('thead th').allTextContents();
  for (const column of ['model', 'MSE (last epoch)', 'RMSE (USD)', 'MAPE (%)', 'training time (s)'])
    expect(header).toContain(column);
  const rows = versionTable.locator('tbody tr');
  await expect(rows).toHaveCount(5);
  const rmseAt = header.indexOf('RMSE (USD)');
  const mseAt = header.indexOf('MSE (last epoch)');
  for (let v = 0; v < 5; v++) {
    const cells = await rows.nth(v).locator('td').allTextContents();
    expect(cells[0]).toBe(`bitcoin_lstm_v${v}`);
    // Trained: the last-epoch MSE is far below the no-change loss of the target week (≈ 0.0063).
    expect(Number(cells[mseAt])).toBeLessThan(1e-3);
    // De-normalised errors of real predictions: hundreds of dollars, not 0 and not NaN.
    expect(Number(cells[rmseAt])).toBeGreaterThan(100);
    expect(Number(cells[rmseAt])).toBeLessThan(2000);
  }
  await versionTable.screenshot({ path: testInfo.outputPath('bitcoin-version-table.png') });
});
