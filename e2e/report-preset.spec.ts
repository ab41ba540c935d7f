import { expect, test } from '@playwright/test';
import {
  appendAndRun,
  codeCell,
  openNotebook,
  waitForCellState,
  waitForKernelIdle,
} from './helpers';

test.describe('report() and the schedule preset', () => {
  test('report() shows ours beside the book with a pass badge inside the band and miss outside', async ({
    page,
  }) => {
    await openNotebook(page);
    const i = await appendAndRun(
      page,
      "report('accuracy', 0.8, { book: 0.8, min: 0.65 });\nreport('loss', 0.5, { book: 0.2, max: 0.3 });",
    );
    await waitForCellState(page, i, 'done');
    const rows = codeCell(page, i).getByTestId('output-metric');
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(0)).toContainText('accuracy');
    await expect(rows.nth(0)).toContainText('book 0.8');
    await expect(rows.nth(0).getByTestId('metric-badge')).toHaveText('pass');
    await expect(rows.nth(1).getByTestId('metric-badge')).toHaveText('miss');
  });

  test('the Schedule choice is kept across a reload and reaches the kernel as `preset`', async ({
    page,
  }) => {
    await openNotebook(page);
    const select = page.getByLabel('Schedule');
    await expect(select).toHaveValue('book');
    await select.selectOption('quick');
    await page.reload();
    await expect(page.getByLabel('Schedule')).toHaveValue('quick');
    await waitForKernelIdle(page);
    const i = await appendAndRun(page, 'preset');
    await waitForCellState(page, i, 'done');
    await expect(codeCell(page, i).getByTestId('output-area')).toContainText('"quick"');
  });

  test('?preset= in the address forces the schedule and the select says so', async ({ page }) => {
    await page.goto(`/?preset=quick#/pytorch-workshop/ch01-tensors-autograd-single-layer.ipynb`);
    await expect(page.getByLabel('Schedule')).toHaveValue('quick');
    await expect(page.getByLabel('Schedule')).toBeDisabled();
    await expect(page.getByTestId('kernel-status')).toContainText('idle', { timeout: 60_000 });
    const i = await appendAndRun(page, 'preset');
    await waitForCellState(page, i, 'done');
    await expect(codeCell(page, i).getByTestId('output-area')).toContainText('"quick"');
  });
});
