import { expect, test } from '@playwright/test';
import { codeCell, waitForKernelIdle } from './helpers';

const CNN = 'tf-keras-app-dev/lesson1-mnist-cnn.ipynb';

test.describe('Lesson 1: the MNIST CNN', () => {
  test('the quick run draws the live training chart with points while it trains, then its test-accuracy report', async ({
    page,
  }) => {
    test.setTimeout(420_000);
    // MNIST ships with the app (public/datasets/), so this needs no data/ folder.
    await page.goto(`/?preset=quick#/${CNN}`);
    await waitForKernelIdle(page);
    await page.getByRole('button', { name: 'Run all' }).click();

    const chart = page.getByTestId('training-chart');
    // Live: points arrive while the run is still going.
    await expect(chart).toHaveAttribute('data-state', 'running', { timeout: 180_000 });
    await expect
      .poll(async () => Number(await chart.getAttribute('data-points')), { timeout: 120_000 })
      .toBeGreaterThan(0);
    // Two panels (loss; accuracy), each a canvas, with the metric names in their legends.
    await expect(chart.locator('.uplot canvas').first()).toBeVisible();
    await expect(chart.locator('.u-legend').first()).toContainText('loss');

    await expect(chart).toHaveAttribute('data-state', 'done', { timeout: 240_000 });
    // 30 steps of batch points plus 3 test-accuracy points (every 10 steps).
    expect(Number(await chart.getAttribute('data-points'))).toBeGreaterThanOrEqual(30);
    await expect(chart.locator('.u-legend', { hasText: 'test_acc' })).toHaveCount(1);
    await expect(
      page.locator('[data-testid="cell"][data-cell-type="code"]:not([data-state="done"])'),
    ).toHaveCount(0, { timeout: 120_000 });
    await waitForKernelIdle(page);
    await expect(page.locator('[data-testid="cell"][data-state="error"]')).toHaveCount(0);
    await expect(codeCell(page, 4)).toContainText('MNIST CNN test accuracy');
  });
});
