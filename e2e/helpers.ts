import { expect, type Page } from '@playwright/test';

export const CH01 = 'pytorch-workshop/ch01-tensors-autograd-single-layer.ipynb';

/** Opens a notebook by its path and waits for the kernel to be ready. */
export async function openNotebook(page: Page, path = CH01): Promise<void> {
  await page.goto(`/#/${path}`);
  await expect(page.getByTestId('cell').first()).toBeVisible();
  await waitForKernelIdle(page);
}

export async function waitForKernelIdle(page: Page, timeout = 60_000): Promise<void> {
  await expect(page.getByTestId('kernel-status')).toContainText('idle', { timeout });
}

export function codeCell(page: Page, index: number) {
  return page.locator('[data-testid="cell"][data-cell-type="code"]').nth(index);
}

/** Replaces a code cell's text by typing into its editor, as a person would. */
export async function typeInCell(page: Page, index: number, text: string): Promise<void> {
  const editor = codeCell(page, index).locator('.cm-content');
  await editor.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await editor.pressSequentially(text, { delay: 0 });
}

/** Adds a code cell at the end of the notebook, types `text`, runs it, and returns its index. */
export async function appendAndRun(page: Page, text: string): Promise<number> {
  const before = await page.locator('[data-testid="cell"][data-cell-type="code"]').count();
  await page.locator('.add-cell-row').getByRole('button', { name: '+ Code' }).click();
  await typeInCell(page, before, text);
  await page.keyboard.press('ControlOrMeta+Enter');
  return before;
}

export async function waitForCellState(
  page: Page,
  index: number,
  state: 'done' | 'error' | 'running',
  timeout = 60_000,
) {
  await expect(codeCell(page, index)).toHaveAttribute('data-state', state, { timeout });
}

/**
 * A toolbar action by its name, wherever the toolbar put it: on the row, or folded into
 * "⋯ More" when the row is too narrow (it opens the menu, as a person would).
 */
export async function toolbarButton(page: Page, name: string) {
  const toolbar = page.getByRole('toolbar', { name: 'Notebook' });
  const button = toolbar.getByRole('button', { name });
  if (!(await button.isVisible())) {
    await toolbar.getByRole('button', { name: 'More' }).click();
  }
  return button;
}

/** Opens a shipped notebook on the quick schedule, runs all, and waits until every code cell is done, none failed. */
export async function runAllQuick(page: Page, path: string): Promise<void> {
  await page.goto(`/?preset=quick#/${path}`);
  await waitForKernelIdle(page);
  await page.getByRole('button', { name: 'Run all' }).click();
  const code = page.locator('[data-testid="cell"][data-cell-type="code"]');
  await expect(code.first()).not.toHaveAttribute('data-state', 'idle');
  await expect(
    page.locator('[data-testid="cell"][data-cell-type="code"]:not([data-state="done"])'),
  ).toHaveCount(0, { timeout: 240_000 });
  await expect(page.locator('[data-testid="cell"][data-state="error"]')).toHaveCount(0);
}

/** The Checkpoints panel, opened from the toolbar unless it is open already. */
export async function openCheckpointsPanel(page: Page) {
  const panel = page.getByTestId('checkpoints-panel');
  if (!(await panel.isVisible())) await (await toolbarButton(page, 'Checkpoints')).click();
  await expect(panel).toBeVisible();
  return panel;
}

/** Restart kernel from the toolbar, answering its confirmation. */
export async function restartKernel(page: Page): Promise<void> {
  await (await toolbarButton(page, 'Restart kernel')).click();
  await page.getByTestId('restart-confirm').getByRole('button', { name: 'Yes, restart' }).click();
}

/**
 * On WASM, asks `env.check()` in a new cell whether the app's SIMD training kernels loaded on the
 * kernel's memory (the shared build under threads, the plain one without): without them CNNs
 * would still train, about half as fast, and no other test would notice.
 */
export async function expectWasmTrainingKernels(page: Page): Promise<void> {
  if ((await page.getByTestId('kernel-status').getAttribute('data-backend')) !== 'wasm') return;
  const cell = await appendAndRun(
    page,
    "(await env.check({ print: false })).find((c) => c.name === 'WASM training kernels')?.value",
  );
  await waitForCellState(page, cell, 'done');
  await expect(codeCell(page, cell)).toContainText('SIMD kernels are loaded');
}
