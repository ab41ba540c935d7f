import { createWriteStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser } from '@playwright/test';
import { openNotebook, waitForCellEnd, waitForIdle } from './app-driver';
import { median } from './cli-args';
import { load1 } from './machine';

/** One upload: the cell's end state, and the page's long tasks from the pick to the end. */
export interface UploadRun {
  state: string;
  /** From handing the prompt the file to the cell's end, the page's view. */
  ms: number;
  longestTaskMs: number;
  tasksOver50: number;
  /** The machine's 1-minute load when the run started. */
  load: number;
}

/** Issue #15: the page while the kernel reads an uploaded file with one 50 MB line. */
export interface UploadBench {
  file: string;
  bytes: number;
  /** Medians over the runs. */
  ms: number;
  longestTaskMs: number;
  tasksOver50: number;
  runs: UploadRun[];
}

/** A header, one data row whose text cell is ~50 MB, and a last short row: one line of 50 MB. */
async function generateLongLine(path: string, cellBytes = 50 * 2 ** 20): Promise<void> {
  if (existsSync(path) && statSync(path).size >= cellBytes) return;
  const out = createWriteStream(path);
  out.write('note,value\n');
  const piece = 'abcdefghij'.repeat(100_000); // 1 MB of letters, no delimiter, no quote
  for (let written = 0; written < cellBytes; written += piece.length) {
    if (!out.write(piece)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  out.write(',1\nshort,2\n');
  await new Promise<void>((r) => out.end(() => r()));
}

declare global {
  interface Window {
    __benchUploadTasks?: { start: number; duration: number }[];
  }
}

const UPLOAD_CELL = 'const upTable = await data.upload();\nupTable.rowCount';

/**
 * Runs `data.upload()` in the app, gives the prompt the file through its input (as a user picking
 * it), and records the page's long tasks until the cell ends: reading, parsing and showing it.
 */
export async function benchUpload(
  browser: Browser,
  baseUrl: string,
  repeats = 1,
  /** A JS CPU profile of the page per run, while the file is read (DevTools Protocol). */
  profile?: (run: number, p: unknown) => void,
): Promise<UploadBench> {
  const dataDir = resolve('bench-results/data');
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, 'generated-50MB-one-line.csv');
  await generateLongLine(path);
  const runs: UploadRun[] = [];
  for (let r = 0; r < repeats; r++) {
    runs.push(await uploadOnce(browser, baseUrl, path, profile && ((p) => profile(r, p))));
  }
  return {
    file: 'generated-50MB-one-line.csv',
    bytes: statSync(path).size,
    ms: median(runs.map((r) => r.ms)),
    longestTaskMs: median(runs.map((r) => r.longestTaskMs)),
    tasksOver50: median(runs.map((r) => r.tasksOver50)),
    runs,
  };
}

async function uploadOnce(
  browser: Browser,
  baseUrl: string,
  path: string,
  profile?: (p: unknown) => void,
): Promise<UploadRun> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  try {
    await context.addInitScript(() => {
      window.__benchUploadTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries())
          window.__benchUploadTasks?.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: 'longtask', buffered: true });
    });
    const page = await openNotebook(context, baseUrl, { backend: 'wasm' });
    const cells = page.locator('[data-testid="cell"][data-cell-type="code"]');
    const index = await cells.count();
    await page.locator('.add-cell-row').getByRole('button', { name: '+ Code' }).last().click();
    const cell = cells.nth(index);
    await cell.locator('.cm-content').click();
    await page.keyboard.insertText(UPLOAD_CELL);
    const input = cell.getByTestId('upload-input');
    await page.keyboard.press('ControlOrMeta+Enter');
    await input.waitFor({ state: 'attached', timeout: 60_000 });
    const cdp = profile ? await context.newCDPSession(page) : undefined;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.start');
    }
    const load = load1();
    const from = await page.evaluate(() => performance.now());
    const started = Date.now();
    // A path, not a buffer: Playwright hands the browser the file as a picker would.
    await input.setInputFiles(path);
    // A MutationObserver in the page, not polling: polling runs on the thread being measured.
    await waitForCellEnd(cell, 300_000);
    const ms = Date.now() - started;
    if (cdp && profile) profile((await cdp.send('Profiler.stop')).profile);
    const state = (await cell.getAttribute('data-state')) ?? '';
    await waitForIdle(page, 60_000);
    const to = await page.evaluate(() => performance.now());
    const tasks = await page.evaluate(
      ([a, b]) => (window.__benchUploadTasks ?? []).filter((t) => t.start >= a && t.start <= b),
      [from, to] as const,
    );
    return {
      state,
      ms,
      longestTaskMs: Math.max(0, ...tasks.map((t) => t.duration)),
      tasksOver50: tasks.filter((t) => t.duration > 50).length,
      load,
    };
  } finally {
    await context.close();
  }
}
