import { createWriteStream, existsSync, mkdirSync, statSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from '@playwright/test';
import { localDataFolder } from '../vite-local-data';
import { median } from './cli-args';
import { load1 } from './machine';
import { sampleRendererMemory } from './memory';
import { buildAndServe } from './server';

const SHARED = resolve(process.cwd(), '../shared/data');

export const PARSE_FILES = [
  { name: 'energydata_complete.csv', from: 'energy/energydata_complete.csv' },
  {
    name: 'default-of-credit-card-clients.full-30000-rows.xls',
    from: 'credit-card-default/default-of-credit-card-clients.full-30000-rows.xls',
  },
  { name: 'generated-100MB-numeric.csv', from: null },
] as const;

export interface ParseBench {
  file: string;
  bytes: number;
  status: 'ok' | 'missing' | 'error';
  message?: string;
  ms?: number;
  mbPerSec?: number;
  rows?: number;
  columns?: number;
  /** Peak growth of the renderer's resident memory while parsing, over the file size. */
  peakMemoryBytes?: number;
  memoryRatio?: number;
  longestMainTaskMs?: number;
  /** Every run, with the machine's 1-minute load when it started (the figures are medians). */
  runs?: ParseRun[];
}

export interface ParseRun {
  bytes: number;
  ms: number;
  rows: number;
  columns: number;
  peakMemoryBytes: number;
  longestMainTaskMs: number;
  load: number;
}

/** One file in a fresh page: its memory is measured against nothing left by another run. */
async function parseOnce(
  browser: Browser,
  url: string,
  name: string,
): Promise<ParseRun | { bytes: number; message: string }> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.addInitScript(() => {
      window.__benchParseTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries())
          window.__benchParseTasks?.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(`${url}/`);
    await page.waitForFunction(() => typeof window.benchParse === 'function');
    const load = load1();
    const stop = sampleRendererMemory();
    const outcome = await page.evaluate((file) => window.benchParse?.(file), name);
    const memory = stop();
    const tasks = await page.evaluate(() => window.__benchParseTasks ?? []);
    if (!outcome?.ok) {
      return { bytes: outcome?.bytes ?? 0, message: outcome ? outcome.message : 'no result' };
    }
    return {
      bytes: outcome.bytes,
      ms: outcome.ms,
      rows: outcome.rows,
      columns: outcome.columns,
      peakMemoryBytes: memory.peak - memory.baseline,
      longestMainTaskMs: Math.max(0, ...tasks.map((t) => t.duration)),
      load,
    };
  } finally {
    await context.close();
  }
}

/** 100 MB of numbers: 20 columns of decimals with a header, written once and reused. */
async function generateCsv(path: string, bytes = 100 * 2 ** 20): Promise<void> {
  if (existsSync(path) && statSync(path).size >= bytes) return;
  const out = createWriteStream(path);
  const header = `${Array.from({ length: 20 }, (_, i) => `c${i}`).join(',')}\n`;
  out.write(header);
  let written = header.length;
  let seed = 1;
  const random = () => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  };
  while (written < bytes) {
    const rows: string[] = [];
    for (let r = 0; r < 2000; r++) {
      rows.push(
        Array.from({ length: 20 }, (_, i) =>
          i % 4 === 0 ? String(Math.floor(random() * 1000)) : (random() * 200 - 100).toFixed(6),
        ).join(','),
      );
    }
    const chunk = `${rows.join('\n')}\n`;
    written += chunk.length;
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(() => r()));
}

declare global {
  interface Window {
    __benchParseTasks?: { start: number; duration: number }[];
  }
}

/**
 * Issue #6's performance figures: each file fetched by a small harness page (built from
 * scripts/bench/parse-harness with the app's own src/data/parse.ts) and parsed in a worker.
 */
export async function benchParse(
  browser: Browser,
  port: number,
  log: (m: string) => void,
  /** Runs per file, each in a fresh page; the figures are their medians. */
  repeats = 1,
) {
  const dataDir = resolve('bench-results/data');
  mkdirSync(dataDir, { recursive: true });
  for (const f of PARSE_FILES) {
    const target = join(dataDir, f.name);
    if (f.from === null) await generateCsv(target);
    else if (!existsSync(target) && existsSync(join(SHARED, f.from)))
      symlinkSync(join(SHARED, f.from), target);
  }
  const root = fileURLToPath(new URL('./parse-harness', import.meta.url));
  const served = await buildAndServe({
    outDir: '.bench-dist-parse',
    port,
    config: {
      configFile: false,
      root,
      plugins: [localDataFolder(dataDir)],
      resolve: { alias: { '@': resolve('src') } },
      worker: { format: 'es' },
      build: { target: 'es2022' },
    },
  });
  const results: ParseBench[] = [];
  try {
    for (const f of PARSE_FILES) {
      const path = join(dataDir, f.name);
      if (!existsSync(path)) {
        results.push({ file: f.name, bytes: 0, status: 'missing', message: `${f.from} absent` });
        continue;
      }
      const runs: ParseRun[] = [];
      let failed: ParseBench | undefined;
      for (let r = 0; r < repeats && !failed; r++) {
        const run = await parseOnce(browser, served.url, f.name);
        if ('message' in run) failed = { file: f.name, status: 'error', ...run };
        else runs.push(run);
      }
      if (failed) {
        results.push(failed);
        log(`  parse ${f.name}: error ${failed.message}`);
        continue;
      }
      const first = runs[0]!;
      const ms = median(runs.map((r) => r.ms));
      const peak = median(runs.map((r) => r.peakMemoryBytes));
      const result: ParseBench = {
        file: f.name,
        bytes: first.bytes,
        status: 'ok',
        ms,
        mbPerSec: first.bytes / 2 ** 20 / (ms / 1000),
        rows: first.rows,
        columns: first.columns,
        peakMemoryBytes: peak,
        memoryRatio: peak / first.bytes,
        longestMainTaskMs: median(runs.map((r) => r.longestMainTaskMs)),
        runs,
      };
      results.push(result);
      log(
        `  parse ${f.name}: ${result.mbPerSec?.toFixed(1)} MB/s, peak +${(peak / 2 ** 20).toFixed(0)} MB (median of ${runs.length}; loads ${runs.map((r) => r.load).join(', ')})`,
      );
    }
  } finally {
    await served.close();
  }
  return results;
}
