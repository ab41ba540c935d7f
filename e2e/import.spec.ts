import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { CH01, codeCell, openNotebook, waitForCellState, waitForKernelIdle } from './helpers';
import { codeCellJson, ipynbFile, markdownCellJson, notebookJson } from './notebook-json';

const NOTEBOOK = notebookJson([
  markdownCellJson('a1', '# A shared notebook'),
  codeCellJson('a2', 'const shared = tf.tensor([1, 2, 3]).sum().arraySync();\nshared * 10'),
]);
const file = ipynbFile;

test.describe('importing a notebook', () => {
  test.beforeEach(async ({ page }) => {
    await openNotebook(page);
  });

  test('an imported notebook opens untrusted and runs only after the user trusts it', async ({
    page,
  }) => {
    await page
      .getByTestId('import-input')
      .setInputFiles(file('shared.ipynb', JSON.stringify(NOTEBOOK)));
    await expect(page).toHaveURL(/#\/imported\/shared\.ipynb$/);
    await expect(page.getByRole('heading', { name: 'A shared notebook' })).toBeVisible();
    await expect(page.getByTestId('trust-banner')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Run all' })).toBeDisabled();
    await codeCell(page, 0).click();
    await expect(codeCell(page, 0).getByRole('button', { name: '▶ Run' })).toBeDisabled();
    await page.keyboard.press('Shift+Enter');
    await expect(codeCell(page, 0).getByTestId('exec-count')).toHaveText('[ ]');

    await page.getByRole('button', { name: 'Trust and allow running' }).click();
    await expect(page.getByTestId('trust-banner')).toHaveCount(0);
    await waitForKernelIdle(page);
    await page.getByRole('button', { name: 'Run all' }).click();
    await waitForCellState(page, 0, 'done');
    await expect(codeCell(page, 0).getByTestId('output-area')).toContainText('60');

    // The sidebar lists it, and trust is remembered with the notebook.
    await expect(page.getByRole('navigation')).toContainText('shared.ipynb');
    await page.reload();
    await expect(page.getByTestId('cell').first()).toBeVisible();
    await expect(page.getByTestId('trust-banner')).toHaveCount(0);
  });

  test('a file that is not JSON is refused with a clear message and the open notebook stays', async ({
    page,
  }) => {
    await page.getByTestId('import-input').setInputFiles(file('broken.ipynb', '{"cells": [ oops'));
    await expect(page.getByTestId('import-error')).toContainText('broken.ipynb');
    await expect(page.getByTestId('import-error')).toContainText(/JSON/);
    await expect(page).toHaveURL(new RegExp(`${CH01.replace(/[.]/g, '\\.')}$`));
    await expect(page.getByTestId('trust-banner')).toHaveCount(0);
    await expect(codeCell(page, 0)).toBeVisible();
  });

  test('JSON that is not a notebook is refused and nothing is replaced', async ({ page }) => {
    const before = await codeCell(page, 0).locator('.cm-content').textContent();
    await page
      .getByTestId('import-input')
      .setInputFiles(file('data.ipynb', JSON.stringify({ rows: [1, 2, 3] })));
    await expect(page.getByTestId('import-error')).toContainText('data.ipynb');
    await expect(page.getByTestId('import-error')).toContainText(
      /not a Jupyter notebook|notebook/i,
    );
    await expect(codeCell(page, 0).locator('.cm-content')).toHaveText(before ?? '');
    await expect(page.getByRole('navigation')).not.toContainText('data.ipynb');
  });
});

test.describe('importing an older notebook', () => {
  test('an nbformat 3 notebook written by Jupyter opens converted, headings and outputs included', async ({
    page,
  }) => {
    await openNotebook(page);
    // Written by nbformat.v3 itself: src/notebook/__tests__/fixtures/make-v3-notebooks.py.
    const v3 = readFileSync('src/notebook/__tests__/fixtures/v3-typescript.ipynb', 'utf8');
    await page.getByTestId('import-input').setInputFiles(file('version-three.ipynb', v3));
    await expect(page).toHaveURL(/#\/imported\/version-three\.ipynb$/);
    await expect(page.getByRole('heading', { name: 'A version 3 notebook' })).toBeVisible();
    await expect(codeCell(page, 0).locator('.cm-content')).toContainText('x.sum().arraySync()');
    await expect(codeCell(page, 0).getByTestId('output-area')).toContainText('hello');
    await expect(codeCell(page, 0).getByTestId('output-error')).toContainText(
      'x is not a function',
    );
    await expect(page.getByTestId('import-error')).toHaveCount(0);
  });

  test('a version 3 file that cannot be converted is refused naming version 3 and the fix', async ({
    page,
  }) => {
    await openNotebook(page);
    await page
      .getByTestId('import-input')
      .setInputFiles(file('old.ipynb', JSON.stringify({ nbformat: 3, nbformat_minor: 0 })));
    const error = page.getByTestId('import-error');
    await expect(error).toContainText('old.ipynb is a version 3 Jupyter notebook');
    await expect(error).toContainText('jupyter nbconvert --to notebook --nbformat 4');
    await expect(error).not.toContainText('not a Jupyter notebook');
  });
});
