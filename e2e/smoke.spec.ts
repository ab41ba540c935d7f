import { expect, test } from '@playwright/test';
import { codeCell, openNotebook } from './helpers';

test('smoke: the chapter 1 notebook opens', async ({ page }) => {
  page.on('console', (m) => console.log('PAGE', m.type(), m.text(), m.location().url));
  await openNotebook(page);
  await page.getByRole('button', { name: '▶▶ Run all' }).click();
  await page.waitForTimeout(12000);
  for (const i of [2, 3, 5, 6, 7, 8, 9]) {
    await codeCell(page, i).scrollIntoViewIfNeeded();
    await codeCell(page, i).screenshot({ path: `test-results/cell-${i}.png` });
  }
  await expect(page.getByTestId('kernel-status')).toContainText('idle');
});
