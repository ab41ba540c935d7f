import { expect, type Page, test } from '@playwright/test';
import { codeCell, openNotebook, waitForKernelIdle } from './helpers';
import { codeCellJson, ipynbFile, markdownCellJson, notebookJson } from './notebook-json';

const code = codeCellJson;
const text = markdownCellJson;

/** Code and text cells in turn: the layout Shift+Enter used to get stuck in. */
const NOTEBOOK = notebookJson([
  code('k1', "let count = 0;\n'start ' + count"),
  text('k2', '## A heading between two cells'),
  code('k3', "count += 1;\n'counter ' + count"),
  text('k4', 'Some *text*.'),
  code('k5', "'end ' + count"),
]);

const cells = (page: Page) => page.getByTestId('cell');
const cell = (page: Page, i: number) => cells(page).nth(i);
const selectedCell = (page: Page) => page.locator('[data-testid="cell"][data-selected="true"]');

async function openKeyboardNotebook(page: Page): Promise<void> {
  await openNotebook(page);
  await page
    .getByTestId('import-input')
    .setInputFiles(ipynbFile('keyboard.ipynb', JSON.stringify(NOTEBOOK)));
  await page.getByRole('button', { name: 'Trust and allow running' }).click();
  await waitForKernelIdle(page);
}

test.describe('the Jupyter keyboard', () => {
  test.beforeEach(async ({ page }) => {
    await openKeyboardNotebook(page);
  });

  test('Shift+Enter runs through code and text cells alike, each once, and opens a new cell at the end', async ({
    page,
  }) => {
    await codeCell(page, 0).locator('.cm-content').click();
    for (let i = 0; i < 5; i++) await page.keyboard.press('Shift+Enter');

    await expect(codeCell(page, 0).getByTestId('output-area')).toContainText('start 0');
    await expect(codeCell(page, 1).getByTestId('output-area')).toContainText('counter 1');
    await expect(codeCell(page, 2).getByTestId('output-area')).toContainText('end 1');
    // The text cells stayed rendered, and each code cell ran exactly once.
    await expect(
      cell(page, 1).getByRole('heading', { name: 'A heading between two cells' }),
    ).toBeVisible();
    await expect(codeCell(page, 1).getByTestId('exec-count')).toHaveText('[2]');
    // The sixth cell is new, and the caret is in it: typing goes there.
    await expect(cells(page)).toHaveCount(6);
    await page.keyboard.type('count');
    await expect(codeCell(page, 3).locator('.cm-content')).toHaveText('count');
  });

  test('Esc leaves the editor: B and A insert cells instead of typing, D D deletes and Z brings it back', async ({
    page,
  }) => {
    const editor = codeCell(page, 1).locator('.cm-content');
    await editor.click();
    await page.keyboard.press('Escape');
    await page.keyboard.press('b');
    await expect(cells(page)).toHaveCount(6);
    await expect(editor).toHaveText("count += 1;'counter ' + count");
    // The new cell is below the one that was selected, and is selected itself.
    await expect(cell(page, 3)).toHaveAttribute('data-selected', 'true');
    await expect(cell(page, 3).locator('.cm-content')).toHaveText('');

    await page.keyboard.press('a');
    await expect(cells(page)).toHaveCount(7);
    await expect(cell(page, 3)).toHaveAttribute('data-selected', 'true');

    // D once does nothing; D D deletes the selected cell, and the next one is selected.
    await page.keyboard.press('d');
    await expect(cells(page)).toHaveCount(7);
    await page.keyboard.press('d');
    await expect(cells(page)).toHaveCount(6);
    await page.keyboard.press('k');
    await page.keyboard.press('k');
    await expect(selectedCell(page)).toHaveAttribute('data-cell-index', '1');
    await page.keyboard.press('d');
    await page.keyboard.press('d');
    await expect(cells(page)).toHaveCount(5);
    await expect(page.getByRole('heading', { name: 'A heading between two cells' })).toHaveCount(0);
    await page.keyboard.press('z');
    await expect(cells(page)).toHaveCount(6);
    await expect(
      cell(page, 1).getByRole('heading', { name: 'A heading between two cells' }),
    ).toBeVisible();
    await expect(cell(page, 1)).toHaveAttribute('data-selected', 'true');
  });

  test('arrows and J/K move the selection; Enter edits; M and Y change the type; Ctrl+Enter and Alt+Enter run', async ({
    page,
  }) => {
    await codeCell(page, 0).locator('.cm-content').click();
    await page.keyboard.press('Escape');
    await expect(selectedCell(page)).toHaveAttribute('data-cell-index', '0');
    await page.keyboard.press('j');
    await page.keyboard.press('ArrowDown');
    await expect(selectedCell(page)).toHaveAttribute('data-cell-index', '2');
    await page.keyboard.press('ArrowUp');
    await expect(selectedCell(page)).toHaveAttribute('data-cell-index', '1');
    await page.keyboard.press('j');

    // Ctrl+Enter runs in place: the selection stays.
    await page.keyboard.press('ControlOrMeta+Enter');
    await expect(codeCell(page, 1).getByTestId('output-area')).toBeVisible();
    await expect(selectedCell(page)).toHaveAttribute('data-cell-index', '2');

    // Enter goes into the editor: the keys type again.
    await page.keyboard.press('Enter');
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.type(' // typed');
    await expect(codeCell(page, 1).locator('.cm-content')).toContainText('// typed');

    // M makes it a text cell (its source shown until it is run), Shift+Enter renders it.
    await page.keyboard.press('Escape');
    await page.keyboard.press('m');
    await expect(cell(page, 2)).toHaveAttribute('data-cell-type', 'markdown');
    await page.keyboard.press('y');
    await expect(cell(page, 2)).toHaveAttribute('data-cell-type', 'code');

    // Alt+Enter runs and opens a new code cell below, with the caret in it.
    await page.keyboard.press('Alt+Enter');
    await expect(cells(page)).toHaveCount(6);
    await page.keyboard.type('1 + 1');
    await expect(cell(page, 3).locator('.cm-content')).toHaveText('1 + 1');
    await page.keyboard.press('ControlOrMeta+Enter');
    await expect(cell(page, 3).getByTestId('output-area')).toContainText('2');
  });

  test('H shows the shortcut sheet, Esc closes it; the toolbar button shows it too', async ({
    page,
  }) => {
    await cell(page, 1).click();
    await page.keyboard.press('h');
    const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect(sheet).toBeVisible();
    await expect(sheet).toContainText('D, D');
    await expect(sheet).toContainText('Alt+Enter');
    // Esc closes the dialog at once, but its `close` event is a task later, and a busy machine
    // runs key presses first: hold the event back, as such a machine does, so the J below comes
    // in between. It must reach the notebook (it was dropped while the page still thought the
    // sheet was open).
    await page.evaluate(() => {
      const holdBack = (event: Event) => {
        if (!event.isTrusted || !(event.target instanceof HTMLDialogElement)) return;
        window.removeEventListener('close', holdBack, true);
        event.stopImmediatePropagation();
        const dialog = event.target;
        setTimeout(() => dialog.dispatchEvent(new Event('close')), 500);
      };
      window.addEventListener('close', holdBack, true);
    });
    await page.keyboard.press('Escape');
    await page.keyboard.press('j');
    await expect(selectedCell(page)).toHaveAttribute('data-cell-index', '2');
    // The held-back event has reached the page: the sheet is gone from it, not only hidden.
    await expect(page.getByTestId('shortcut-sheet')).toHaveCount(0);
    await expect(selectedCell(page)).toHaveAttribute('data-cell-index', '2');

    const toolbar = page.getByRole('toolbar', { name: 'Notebook' });
    const button = toolbar.getByRole('button', { name: 'Keyboard shortcuts' });
    if (!(await button.isVisible())) await toolbar.getByRole('button', { name: 'More' }).click();
    await button.click();
    await expect(sheet).toBeVisible();
    await sheet.getByRole('button', { name: 'Close' }).click();
    await expect(sheet).toHaveCount(0);
  });
});
