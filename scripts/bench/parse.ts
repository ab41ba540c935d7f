import { createWriteStream, existsSync, mkdirSync, statSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from '@playwright/test';
import { localDataFolder } from '../vite-local-data';
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
export async function benchParse(browser: Browser, port: number, log: (m: string) => void) {
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
      // A fresh page per file: the previous file's memory does not count against the next.
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.addInitScript(() => {
        window.__benchParseTasks = [];
        new PerformanceObserver((list) => {
          for (const e of list.getEntries())
            window.__benchParseTasks?.push({ start: e.startTime, duration: e.duration });
        }).observe({ type: 'longtask', buffered: true });
      });
      await page.goto(`${served.url}/`);
      await page.waitForFunction(() => typeof window.benchParse === 'function');
      const stop = sampleRendererMemory();
      const outcome = await page.evaluate((name) => window.benchParse?.(name), f.name);
      const memory = stop();
      const tasks = await page.evaluate(() => window.__benchParseTasks ?? []);
      await context.close();
      if (!outcome?.ok) {
        const message = outcome ? outcome.message : 'no result';
        results.push({ file: f.name, bytes: outcome?.bytes ?? 0, status: 'error', message });
        log(`  parse ${f.name}: error ${message}`);
        continue;
      }
      const peak = memory.peak - memory.baseline;
      const result: ParseBench = {
        file: f.name,
        bytes: outcome.bytes,
        status: 'ok',
        ms: outcome.ms,
        mbPerSec: outcome.bytes / 2 ** 20 / (outcome.ms / 1000),
        rows: outcome.rows,
        columns: outcome.columns,
        peakMemoryBytes: peak,
        memoryRatio: peak / outcome.bytes,
        longestMainTaskMs: Math.max(0, ...tasks.map((t) => t.duration)),
      };
      results.push(result);
      log(
        `  parse ${f.name}: ${result.mbPerSec?.toFixed(1)} MB/s, peak +${(peak / 2 ** 20).toFixed(0)} MB`,
      );
    }
  } finally {
    await served.close();
  }
  return results;
}
