import { readFile } from 'node:fs/promises';
import type { Browser, Page } from '@playwright/test';
import type { BackendName, Preset } from '../../src/protocol';

/** A shipped notebook opens by its catalog path; any other file goes through Import + Trust. */
export type NotebookTarget =
  | { kind: 'shipped'; path: string }
  | { kind: 'file'; file: string; name: string };

export interface CellTiming {
  /** Position in the notebook's cell list, markdown cells included (as in the .ipynb). */
  index: number;
  state: string;
  durationMs: number | null;
}

export interface PageRun {
  /** The executed notebook, as the app's own Export wrote it. */
  ipynb: string;
  cells: CellTiming[];
  backend: string | null;
  totalMs: number;
  /** Set when the notebook did not finish within the time limit. */
  timedOutInCell: number | null;
}

export interface DriveOptions {
  backend: BackendName;
  preset: Preset;
  timeoutMs: number;
  log(line: string): void;
}

export class DriveError extends Error {
  override name = 'DriveError';
}

// Page scripts are strings: tsx compiles functions with helpers that do not exist in the page.
const READ_CELLS = `Array.from(document.querySelectorAll('[data-testid="cell"][data-cell-type="code"]')).map((el) => ({
  index: Number(el.dataset.cellIndex),
  state: el.dataset.state ?? 'idle',
  durationMs: el.dataset.durationMs ? Number(el.dataset.durationMs) : null,
}))`;

async function readCells(page: Page): Promise<CellTiming[]> {
  return (await page.evaluate(READ_CELLS)) as CellTiming[];
}

async function waitForKernelIdle(page: Page, timeout: number): Promise<void> {
  await page
    .getByTestId('kernel-status')
    .filter({ hasText: 'idle' })
    .waitFor({ timeout })
    .catch(async () => {
      const status = await page.getByTestId('kernel-status').textContent();
      throw new DriveError(
        `The kernel did not become idle within ${timeout / 1000} s (it says "${status}").`,
      );
    });
}

async function open(page: Page, url: string, target: NotebookTarget, preset: Preset) {
  const query = `?preset=${preset}`;
  if (target.kind === 'shipped') {
    await page.goto(`${url}/${query}#/${target.path}`);
  } else {
    await page.goto(`${url}/${query}#/`);
    await page.getByTestId('import-input').setInputFiles({
      name: target.name,
      mimeType: 'application/x-ipynb+json',
      buffer: await readFile(target.file),
    });
    const importError = page.getByTestId('import-error');
    const trust = page.getByRole('button', { name: 'Trust and allow running' });
    await Promise.race([importError.waitFor(), trust.waitFor()]);
    if (await importError.isVisible())
      throw new DriveError(`The app refused the notebook: ${await importError.textContent()}`);
    // The runner is asked to run this file, which is the confirmation the banner asks for.
    await trust.click();
  }
  await page.getByTestId('cell').first().waitFor();
  await waitForKernelIdle(page, 120_000);
  const seen = await page.getByLabel('Schedule').inputValue();
  if (seen !== preset)
    throw new DriveError(`The page runs the "${seen}" schedule, not "${preset}".`);
}

function finished(cells: CellTiming[]): boolean {
  const busy = cells.some((c) => c.state === 'queued' || c.state === 'running');
  return (
    !busy && (cells.some((c) => c.state === 'error') || cells.every((c) => c.state === 'done'))
  );
}

function duration(ms: number | null): string {
  if (ms === null) return '?';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/**
 * A running cell that shows an upload prompt waits for a person: the data set was not found.
 * Waiting out the timeout would only hide why, so the run stops here and says what to do.
 */
async function failOnUploadPrompt(page: Page): Promise<void> {
  const prompt = page
    .locator('[data-testid="cell"][data-state="running"] [data-testid="output-upload"]')
    .filter({ has: page.locator('input[type="file"]') })
    .first();
  if ((await prompt.count()) === 0) return;
  const text = (await prompt.textContent())?.replace(/Choose file….*$/s, '').trim() ?? '';
  throw new DriveError(
    `A cell asks for a file, which nobody can give in a headless run: "${text}". Copy the book data into the project's data/ folder (cp -r ../shared/data/* data/) or set LOCAL_DATA_DIR=../shared/data, then run again.`,
  );
}

async function runAll(page: Page, options: DriveOptions) {
  const started = Date.now();
  await page.getByRole('button', { name: '▶▶ Run all' }).click();
  const reported = new Set<number>();
  let cells = await readCells(page);
  while (!finished(cells)) {
    if (Date.now() - started > options.timeoutMs) {
      const running =
        cells.find((c) => c.state === 'running') ?? cells.find((c) => c.state === 'queued');
      return { cells, totalMs: Date.now() - started, timedOutInCell: running?.index ?? -1 };
    }
    await page.waitForTimeout(250);
    await failOnUploadPrompt(page);
    cells = await readCells(page);
    for (const cell of cells) {
      if ((cell.state === 'done' || cell.state === 'error') && !reported.has(cell.index)) {
        reported.add(cell.index);
        options.log(`  cell ${cell.index}: ${cell.state} in ${duration(cell.durationMs)}`);
      }
    }
  }
  return { cells, totalMs: Date.now() - started, timedOutInCell: null };
}

async function exportNotebook(page: Page): Promise<string> {
  // Outputs posted just before `done` reach the page's state a frame later.
  await page.waitForTimeout(300);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export' }).click(),
  ]);
  return readFile(await download.path(), 'utf8');
}

/** Opens the notebook in a fresh browser context, runs every cell, and exports the result. */
export async function runInPage(
  browser: Browser,
  url: string,
  target: NotebookTarget,
  options: DriveOptions,
): Promise<PageRun> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  await context.addInitScript(
    `localStorage.setItem('tfnb.backend', ${JSON.stringify(options.backend)});`,
  );
  const page = await context.newPage();
  page.on('pageerror', (error) => options.log(`  page error: ${error.message}`));
  try {
    await open(page, url, target, options.preset);
    const run = await runAll(page, options);
    const backend = await page.getByTestId('kernel-status').getAttribute('data-backend');
    const ipynb = await exportNotebook(page);
    return { ...run, ipynb, backend: backend || null };
  } finally {
    await context.close();
  }
}
