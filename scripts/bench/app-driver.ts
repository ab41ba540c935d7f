import type { BrowserContext, Locator, Page } from '@playwright/test';

/** The chapter 1 notebook: it exists on every branch and its first code cell is instant. */
export const NOTEBOOK = 'pytorch-workshop/ch01-tensors-autograd-single-layer.ipynb';

export type BenchLine = Record<string, unknown>;

export interface CellRun {
  state: 'done' | 'error' | 'timeout';
  /** Wall time from the key press to the cell's end, as the page saw it. */
  ms: number;
  lines: BenchLine[];
  /** The cell's error text, when it failed or was interrupted. */
  error?: string;
}

const codeCells = (page: Page): Locator =>
  page.locator('[data-testid="cell"][data-cell-type="code"]');

export interface KernelSetup {
  backend: string;
  /** localStorage `tfnb.wasmThreads`; undefined = tfjs's default. */
  wasmThreads?: number;
}

/** Sets the user's saved choices, then opens the notebook: a fresh kernel picks them up. */
export async function openNotebook(
  context: BrowserContext,
  baseUrl: string,
  setup: KernelSetup,
): Promise<Page> {
  // Before any script of the page runs, so the first kernel already starts with them.
  await context.addInitScript(({ backend, wasmThreads }) => {
    localStorage.setItem('tfnb.backend', backend);
    if (wasmThreads === undefined) localStorage.removeItem('tfnb.wasmThreads');
    else localStorage.setItem('tfnb.wasmThreads', String(wasmThreads));
  }, setup);
  const page = await context.newPage();
  await page.goto(`${baseUrl}/#/${NOTEBOOK}`);
  await codeCells(page).first().waitFor();
  await waitForIdle(page, 120_000);
  return page;
}

export async function waitForIdle(page: Page, timeout: number): Promise<void> {
  await page
    .getByTestId('kernel-status')
    .filter({ hasText: /idle|dead/ })
    .waitFor({ timeout });
}

export async function kernelInfo(page: Page): Promise<{ backend: string; wasmThreads: string }> {
  const status = page.getByTestId('kernel-status');
  return {
    backend: (await status.getAttribute('data-backend')) ?? '',
    wasmThreads: (await status.getAttribute('data-wasm-threads')) ?? '',
  };
}

/** The backend notes the page shows (why a backend was skipped or what it lacks). */
export async function backendNotes(page: Page): Promise<string[]> {
  const notes = page.getByTestId('backend-notes');
  if ((await notes.count()) === 0) return [];
  // biome-ignore lint/performance/useDomNodeTextContent: innerText keeps the line breaks between output blocks
  return (await notes.innerText()).split('\n').filter((line) => line.trim() !== '');
}

function parseBenchLines(text: string): BenchLine[] {
  const lines: BenchLine[] = [];
  for (const line of text.split('\n')) {
    const at = line.indexOf('BENCH {');
    if (at < 0) continue;
    try {
      const value: unknown = JSON.parse(line.slice(at + 'BENCH '.length));
      if (typeof value === 'object' && value !== null) lines.push(value as BenchLine);
    } catch {
      // A line cut by the output's own wrapping is skipped; the cell prints one object per line.
    }
  }
  return lines;
}

/**
 * Waits in the page for the cell's data-state to become done or error. A MutationObserver, not
 * Playwright's polling: polling runs selector queries on the main thread the bench measures.
 */
export async function waitForCellEnd(cell: Locator, timeout: number): Promise<CellRun['state']> {
  const handle = await cell.elementHandle();
  if (!handle) return 'error';
  // No named helper functions inside: tsx (esbuild keepNames) would wrap them in a __name()
  // call that does not exist in the page.
  return handle.evaluate(
    (el, ms) =>
      new Promise<CellRun['state']>((resolve) => {
        const ended = /^(done|error)$/;
        const first = el.getAttribute('data-state') ?? '';
        if (ended.test(first)) return resolve(first as CellRun['state']);
        const timer = setTimeout(() => {
          observer.disconnect();
          resolve('timeout');
        }, ms);
        const observer = new MutationObserver(() => {
          const state = el.getAttribute('data-state') ?? '';
          if (!ended.test(state)) return;
          clearTimeout(timer);
          observer.disconnect();
          resolve(state as CellRun['state']);
        });
        observer.observe(el, { attributes: true, attributeFilter: ['data-state'] });
      }),
    timeout,
  );
}

/**
 * Adds a code cell at the end, pastes `code` into it (as a person pasting), runs it with
 * Ctrl+Enter and waits for its end. Past `capMs` it presses Interrupt, as a person would, and
 * reports a timeout.
 */
export async function runCell(
  page: Page,
  code: string,
  capMs: number,
  /** Called after the code is typed, just before Ctrl+Enter: typing is not part of the run. */
  beforeRun?: () => Promise<void>,
): Promise<CellRun> {
  const index = await codeCells(page).count();
  await page.locator('.add-cell-row').getByRole('button', { name: '+ Code' }).last().click();
  const cell = codeCells(page).nth(index);
  const editor = cell.locator('.cm-content');
  await editor.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(code.trim());
  await beforeRun?.();
  const started = Date.now();
  await page.keyboard.press('ControlOrMeta+Enter');
  let state: CellRun['state'] = await waitForCellEnd(cell, capMs);
  if (state === 'timeout') {
    await page.getByRole('button', { name: 'Interrupt' }).click();
    await waitForCellEnd(cell, 120_000);
    state = 'timeout';
  }
  const ms = Date.now() - started;
  const output = cell.getByTestId('output-area');
  // biome-ignore lint/performance/useDomNodeTextContent: innerText keeps the line breaks between output blocks
  const text = (await output.count()) > 0 ? await output.innerText() : '';
  const errorBox = cell.getByTestId('output-error');
  // biome-ignore lint/performance/useDomNodeTextContent: innerText keeps the line breaks between output blocks
  const error = (await errorBox.count()) > 0 ? await errorBox.first().innerText() : undefined;
  return { state, ms, lines: parseBenchLines(text), ...(error ? { error } : {}) };
}
