import { readFile } from 'node:fs/promises';
import type { BrowserContext, Page } from '@playwright/test';
import type { BackendName, Mutation, Preset } from '../../src/protocol';

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
  /** The Chromium version, as the page reports it. */
  chromium: string;
}

export interface DriveOptions {
  backend: BackendName;
  preset: Preset;
  /** Passed to the kernel as `?mutate=`: the runner's mutation check. */
  mutate: Mutation | null;
  timeoutMs: number;
  /** Accept the notebook's offer to resume a cut-off run (only a kept profile can have one). */
  resume: boolean;
  /** Called when the cells start running, with the epoch a cut-off run goes on from, if any. */
  onStart?(resumedFromEpoch: number | null): Promise<void>;
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

async function open(
  page: Page,
  url: string,
  target: NotebookTarget,
  preset: Preset,
  mutate: Mutation | null,
) {
  const query = `?preset=${preset}${mutate ? `&mutate=${encodeURIComponent(mutate)}` : ''}`;
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

/** Done when none of `scope` is queued or running, and one failed or all of them finished. */
function finished(cells: CellTiming[], scope: (cell: CellTiming) => boolean): boolean {
  const mine = cells.filter(scope);
  const busy = mine.some((c) => c.state === 'queued' || c.state === 'running');
  return !busy && (mine.some((c) => c.state === 'error') || mine.every((c) => c.state === 'done'));
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

interface CellsRun {
  cells: CellTiming[];
  totalMs: number;
  timedOutInCell: number | null;
}

/** Clicks `start`, then waits for the cells of `scope` to finish, logging each as it does. */
async function runCells(
  page: Page,
  options: DriveOptions,
  started: number,
  start: () => Promise<void>,
  scope: (cell: CellTiming) => boolean = () => true,
  reported = new Set<number>(),
): Promise<CellsRun> {
  const logFinished = (cells: CellTiming[]) => {
    for (const cell of cells.filter(scope)) {
      if ((cell.state === 'done' || cell.state === 'error') && !reported.has(cell.index)) {
        reported.add(cell.index);
        options.log(`  cell ${cell.index}: ${cell.state} in ${duration(cell.durationMs)}`);
      }
    }
  };
  await start();
  let cells = await readCells(page);
  while (!finished(cells, scope)) {
    if (Date.now() - started > options.timeoutMs) {
      const running =
        cells.find((c) => c.state === 'running') ?? cells.find((c) => c.state === 'queued');
      return { cells, totalMs: Date.now() - started, timedOutInCell: running?.index ?? -1 };
    }
    await page.waitForTimeout(250);
    await failOnUploadPrompt(page);
    cells = await readCells(page);
    logFinished(cells);
  }
  logFinished(cells);
  return { cells, totalMs: Date.now() - started, timedOutInCell: null };
}

function runAll(page: Page, options: DriveOptions): Promise<CellsRun> {
  return runCells(page, options, Date.now(), () =>
    page.getByRole('button', { name: '▶▶ Run all' }).click(),
  );
}

interface ResumeOffer {
  /** The fit cell's position in the notebook (markdown included), as `data-cell-index`. */
  cellIndex: number;
  epoch: number;
}

/** The banner a reload shows when a run in this profile was cut off after a checkpoint. */
async function resumeOffer(page: Page): Promise<ResumeOffer | null> {
  const banner = page.getByTestId('resume-banner');
  // The app lists its checkpoints as the notebook opens; the banner follows within moments.
  await banner.waitFor({ timeout: 5_000 }).catch(() => {});
  if (!(await banner.isVisible())) return null;
  // By the banner's attributes: its sentence names the cell as the page shows it, for people.
  const cellId = (await banner.getAttribute('data-cell-id')) ?? '';
  const epoch = Number(await banner.getAttribute('data-epoch'));
  const cell = page.locator(`[data-testid="cell"][data-cell-id="${cellId}"]`);
  const index = (await cell.count()) === 1 ? await cell.getAttribute('data-cell-index') : null;
  if (index === null || !Number.isFinite(epoch)) {
    const text = (await banner.textContent()) ?? '';
    throw new DriveError(`A cut-off run cannot be resumed: "${text.trim()}"`);
  }
  return { cellIndex: Number(index), epoch };
}

/**
 * What a person does after a reload cut a run off: Resume (the cells up to the training cell
 * run again and its fit goes on from the checkpoint), then run each cell below it in turn.
 */
async function resumeThenRunRest(
  page: Page,
  offer: ResumeOffer,
  options: DriveOptions,
): Promise<CellsRun> {
  const started = Date.now();
  const reported = new Set<number>();
  options.log(`  resuming the run of cell ${offer.cellIndex} from epoch ${offer.epoch}`);
  let run = await runCells(
    page,
    options,
    started,
    () => page.getByRole('button', { name: /^Resume from epoch/ }).click(),
    (c) => c.index <= offer.cellIndex,
    reported,
  );
  const later = run.cells.filter((c) => c.index > offer.cellIndex).map((c) => c.index);
  for (const index of later) {
    if (run.timedOutInCell !== null || run.cells.some((c) => c.state === 'error')) break;
    const cell = page.locator(`[data-testid="cell"][data-cell-index="${index}"]`);
    run = await runCells(
      page,
      options,
      started,
      async () => {
        // A cell's toolbar shows on hover, as for a person. By the button's name, not its
        // title: the title is the tooltip's sentence, which changed once and broke this click.
        await cell.hover();
        await cell.getByRole('button', { name: '▶ Run', exact: true }).click();
      },
      (c) => c.index === index,
      reported,
    );
  }
  return run;
}

async function exportNotebook(page: Page): Promise<string> {
  // Outputs posted just before `done` reach the page's state a frame later: wait two frames.
  await page.evaluate(
    () =>
      new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))),
  );
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export' }).click(),
  ]);
  return readFile(await download.path(), 'utf8');
}

/**
 * Opens the notebook in `context` (a fresh one, or a kept profile), runs every cell, exports
 * the result, and closes the context.
 */
export async function runInPage(
  context: BrowserContext,
  url: string,
  target: NotebookTarget,
  options: DriveOptions,
): Promise<PageRun> {
  // Frames too run init scripts; a sandboxed one (an HTML answer shown by api.fetch) has no storage.
  await context.addInitScript(
    `if (window === window.top) localStorage.setItem('tfnb.backend', ${JSON.stringify(options.backend)});`,
  );
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (error) => options.log(`  page error: ${error.message}`));
  try {
    await open(page, url, target, options.preset, options.mutate);
    const offer = options.resume ? await resumeOffer(page) : null;
    await options.onStart?.(offer?.epoch ?? null);
    const run = offer ? await resumeThenRunRest(page, offer, options) : await runAll(page, options);
    const backend = await page.getByTestId('kernel-status').getAttribute('data-backend');
    const userAgent = await page.evaluate('navigator.userAgent');
    const ipynb = await exportNotebook(page);
    return {
      ...run,
      ipynb,
      backend: backend || null,
      // A persistent context has no Browser object; the user agent's version is then the best.
      chromium:
        context.browser()?.version() ?? /Chrome\/([\d.]+)/.exec(String(userAgent))?.[1] ?? '?',
    };
  } finally {
    await context.close();
  }
}
