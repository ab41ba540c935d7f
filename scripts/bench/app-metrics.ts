import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from '@playwright/test';
import { NOTEBOOK, openNotebook, runCell } from './app-driver';
import { APP_MLP_CELL, PRELUDE } from './cells';

export interface BundleSizes {
  /** JS the page loads before anything runs: the entry script and its modulepreloads. */
  initialJsGzip: number;
  initialJsRaw: number;
  initialFiles: string[];
  /** The kernel worker's JS (fetched when a notebook opens). */
  workerJsGzip: number;
  /** The WASM binaries (one of them is fetched when the WASM backend starts). */
  wasmGzip: Record<string, number>;
  /** Everything JS in the build: lazy chunks (Plotly, …) included. */
  allJsGzip: number;
}

const gz = (path: string) => gzipSync(readFileSync(path)).byteLength;

export function bundleSizes(outDir: string): BundleSizes {
  const html = readFileSync(join(outDir, 'index.html'), 'utf8');
  const initial = [
    ...html.matchAll(/<script[^>]+src="\/?([^"]+\.js)"/g),
    ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="\/?([^"]+\.js)"/g),
  ].map((m) => m[1] ?? '');
  const assets = readdirSync(join(outDir, 'assets'));
  const js = assets.filter((f) => f.endsWith('.js'));
  const wasm = assets.filter((f) => f.endsWith('.wasm'));
  return {
    initialJsGzip: initial.reduce((sum, f) => sum + gz(join(outDir, f)), 0),
    initialJsRaw: initial.reduce((sum, f) => sum + readFileSync(join(outDir, f)).byteLength, 0),
    initialFiles: initial,
    workerJsGzip: js
      .filter((f) => f.startsWith('worker'))
      .reduce((sum, f) => sum + gz(join(outDir, 'assets', f)), 0),
    wasmGzip: Object.fromEntries(wasm.map((f) => [f, gz(join(outDir, 'assets', f))])),
    allJsGzip: js.reduce((sum, f) => sum + gz(join(outDir, 'assets', f)), 0),
  };
}

export interface FirstOutput {
  coldMs: number;
  warmMs: number;
  /** The backend the kernel ran on. */
  backend: string;
  /** The saved choice it started from ('auto' resolves to one of the backends). */
  choice?: string;
}

/**
 * From navigation start to the first code cell's output: the bench opens the notebook and runs
 * its first code cell as soon as it shows (the page queues it until the kernel is ready).
 */
async function timeFirstOutput(page: Page, url: string): Promise<number> {
  await page.goto(url, { waitUntil: 'commit' });
  const cell = page.locator('[data-testid="cell"][data-cell-type="code"]').first();
  await cell.locator('.cm-content').click();
  await page.keyboard.press('ControlOrMeta+Enter');
  const handle = await page.waitForFunction(
    () => {
      const first = document.querySelector('[data-testid="cell"][data-cell-type="code"]');
      const out = first?.querySelector('[data-testid="output-area"]');
      return out && (out.textContent ?? '').trim() !== '' ? performance.now() : false;
    },
    undefined,
    { timeout: 120_000, polling: 'raf' },
  );
  return (await handle.jsonValue()) as number;
}

export async function firstOutput(
  browser: Browser,
  baseUrl: string,
  backend: string,
): Promise<FirstOutput> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  try {
    const page = await context.newPage();
    await page.addInitScript((choice) => {
      localStorage.setItem('tfnb.backend', choice);
    }, backend);
    const url = `${baseUrl}/#/${NOTEBOOK}`;
    const coldMs = await timeFirstOutput(page, url);
    const warmPage = await context.newPage();
    const warmMs = await timeFirstOutput(warmPage, url);
    const active = (await warmPage.getByTestId('kernel-status').getAttribute('data-backend')) ?? '';
    return { coldMs, warmMs, backend: active, choice: backend };
  } finally {
    await context.close();
  }
}

export interface TrainingResponsiveness {
  backend: string;
  trainMs: number;
  longestTaskMs: number;
  tasksOver50: number;
  /** When each task over 50 ms began, in ms from Ctrl+Enter, and how long it took. */
  longTasks: { atMs: number; ms: number }[];
  /** The animation frames over 50 ms in that time (start from Ctrl+Enter) and their scripts. */
  longFrames: LongFrame[];
  chartDraws: number;
  chartDrawsPerSec: number;
  /** numTensors before training and after each epoch. */
  tensorCounts: number[];
  /** Growth from the end of epoch 1 (the optimizer's slots exist by then) to the end. */
  tensorGrowth: number;
}

declare global {
  interface Window {
    __benchLongTasks?: { start: number; duration: number }[];
    __benchLongFrames?: LongFrame[];
  }
}

/**
 * A long animation frame (Chromium's Long Animation Frames API) and the scripts in it: which
 * work made a task long, with no profiler or trace to slow the page down.
 */
export interface LongFrame {
  start: number;
  ms: number;
  /** From the start of the frame's rendering (rAF callbacks, style, layout, paint) to its end. */
  renderMs: number;
  scripts: { what: string; ms: number; forcedLayoutMs: number }[];
}

interface LoafEntry extends PerformanceEntry {
  renderStart: number;
  scripts: {
    invoker: string;
    sourceFunctionName: string;
    duration: number;
    forcedStyleAndLayoutDuration: number;
  }[];
}

/**
 * The MLP for 5 epochs in the app (or another cell that reports like it: profile-main's
 * --epochs, or the CNN's cell with `model` 'app-cnn'), with a long-task observer on the page's
 * main thread.
 */
export async function trainingResponsiveness(
  browser: Browser,
  baseUrl: string,
  backend: string,
  cell = APP_MLP_CELL,
  model: 'app-mlp' | 'app-cnn' = 'app-mlp',
): Promise<TrainingResponsiveness> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  try {
    await context.addInitScript(() => {
      window.__benchLongTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          window.__benchLongTasks?.push({ start: e.startTime, duration: e.duration });
        }
      }).observe({ type: 'longtask', buffered: true });
      window.__benchLongFrames = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries() as LoafEntry[]) {
          if (e.duration <= 50) continue;
          window.__benchLongFrames?.push({
            start: e.startTime,
            ms: e.duration,
            renderMs: e.renderStart > 0 ? e.startTime + e.duration - e.renderStart : 0,
            scripts: e.scripts.map((x) => ({
              what: `${x.invoker} ${x.sourceFunctionName}`.trim(),
              ms: Math.round(x.duration),
              forcedLayoutMs: Math.round(x.forcedStyleAndLayoutDuration),
            })),
          });
        }
      }).observe({ type: 'long-animation-frame', buffered: true });
    });
    const page = await openNotebook(context, baseUrl, { backend });
    await runCell(page, PRELUDE, 30_000);
    // From Ctrl+Enter on: the editor taking the pasted cell is the bench's typing, not training.
    let from = 0;
    const run = await runCell(page, cell, 300_000, async () => {
      from = await page.evaluate(() => performance.now());
    });
    const to = await page.evaluate(() => performance.now());
    const line = run.lines.find((l) => l.model === model);
    if (!line) throw new Error(`the ${model} cell failed: ${run.error ?? run.state}`);
    const tasks = await page.evaluate(
      ([a, b]) => (window.__benchLongTasks ?? []).filter((t) => t.start >= a && t.start <= b),
      [from, to] as const,
    );
    const frames = await page.evaluate(
      ([a, b]) => (window.__benchLongFrames ?? []).filter((f) => f.start >= a && f.start <= b),
      [from, to] as const,
    );
    const longTasks = tasks
      .filter((t) => t.duration > 50)
      .map((t) => ({ atMs: Math.round(t.start - from), ms: t.duration }));
    const draws = Number(
      (await page
        .locator('[data-testid="training-chart"] .chart-plot')
        .last()
        .getAttribute('data-draws')) ?? 0,
    );
    const trainMs = Number(line.trainMs);
    const tensors = (line.tensors as number[] | undefined) ?? [];
    return {
      backend: String(line.backend),
      trainMs,
      longestTaskMs: Math.max(0, ...tasks.map((t) => t.duration)),
      tasksOver50: longTasks.length,
      longTasks,
      longFrames: frames.map((f) => ({ ...f, start: Math.round(f.start - from) })),
      chartDraws: draws,
      chartDrawsPerSec: draws / (trainMs / 1000),
      tensorCounts: tensors,
      tensorGrowth: (tensors[tensors.length - 1] ?? 0) - (tensors[1] ?? 0),
    };
  } finally {
    await context.close();
  }
}
