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

const SUBSET = 'cifar-10/cifar-10-subset-binary.tar.gz';
const ACTIVITY = 'pytorch-workshop/ch04-activity-cnn-cifar.ipynb';
// Code cells of the notebook: 0 loads CIFAR-10, 3 trains, 4 reports the test accuracy.
const [LOAD, TRAIN, TEST] = [0, 3, 4];

function checkpointEpoch(page: Page) {
  return page
    .locator('[data-testid="checkpoint-row"][data-name="activity-4.01"]')
    .getByTestId('checkpoint-epoch');
}

// The subset's quick run is 3 epochs of 4,068 images on WASM: minutes on a loaded 2-core machine.
test.setTimeout(600_000);

test('Activity 4.01 on the quick schedule: the tarball given through the upload prompt, live chart, a reload mid-run resumes from the last checkpoint, and the test accuracy passes its band', async ({
  page,
}) => {
  const tarball = realFile(SUBSET);
  // The user gives the tarball once, through the prompt; it is kept in the browser's cache.
  await openNotebook(page);
  const ask = await appendAndRun(page, "await data.load('cifar-10', { upload: true });");
  await pickFile(page, ask, tarball);
  await waitForCellState(page, ask, 'done', 120_000);
  await expect(codeCell(page, ask)).toContainText('CIFAR-10 from uploaded: 5,085 training');

  await page.goto(`/?preset=quick#/${ACTIVITY}`);
  await waitForKernelIdle(page);
  await page.getByRole('button', { name: '▶▶ Run all' }).click();
  await waitForCellState(page, LOAD, 'done', 120_000);
  // The activity's own cell takes it from the cache: no prompt, nothing downloaded again.
  await expect(codeCell(page, LOAD)).toContainText('CIFAR-10 from browser cache');

  const chart = codeCell(page, TRAIN).getByTestId('training-chart');
  await expect(chart).toBeVisible({ timeout: 180_000 });
  await expect(codeCell(page, TRAIN)).toHaveAttribute('data-state', 'running');
  await expect
    .poll(async () => Number(await chart.getAttribute('data-points')), { timeout: 120_000 })
    .toBeGreaterThan(3);

  // Cut the run off after a checkpoint and before the end.
  await openCheckpointsPanel(page);
  await expect(checkpointEpoch(page)).toHaveText(/^[12] of 3$/, { timeout: 240_000 });
  await page.reload();

  const banner = page.getByTestId('resume-banner');
  await expect(banner).toBeVisible();
  const button = banner.getByRole('button', { name: /Resume from epoch \d/ });
  const saved = Number(((await button.textContent()) ?? '').replace(/\D+/g, ''));
  expect(saved).toBeGreaterThanOrEqual(1);
  expect(saved).toBeLessThan(3);
  await waitForKernelIdle(page);
  await button.click();
  await expect(banner).toHaveCount(0);

  await waitForCellState(page, TRAIN, 'done', 400_000);
  await expect(codeCell(page, LOAD)).toContainText('CIFAR-10 from browser cache');
  await expect(codeCell(page, TRAIN).getByTestId('output-area')).toContainText(
    `Resuming "activity-4.01" from epoch ${saved}`,
  );
  // One chart for the whole run: it ends at epoch 3, the epochs before the reload included.
  await expect(chart).toHaveAttribute('data-last-step', '3');
  await openCheckpointsPanel(page);
  await expect(checkpointEpoch(page)).toHaveText('3');

  await codeCell(page, TEST).locator('.cm-content').click();
  await page.keyboard.press('ControlOrMeta+Enter');
  await waitForCellState(page, TEST, 'done', 120_000);
  const accuracy = codeCell(page, TEST)
    .getByTestId('output-metric')
    .filter({ hasText: 'Activity 4.01 test accuracy' });
  await expect(accuracy).toHaveAttribute('data-pass', 'pass');
  await expect(accuracy.getByTestId('metric-badge')).toContainText('learns: beats the baseline');
  await page.screenshot({
    path: test.info().outputPath('activity-4.01-resumed.png'),
    fullPage: false,
  });
  await expectWasmTrainingKernels(page);
});
