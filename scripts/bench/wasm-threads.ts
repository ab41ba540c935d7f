/**
 * WASM threads only: the bench's MLP (and a large matMul, where XNNPACK's pool has the most to
 * split) on the single-threaded SIMD binary against the threaded one with 2 threads, alternating
 * the two in rounds so that a burst of load on this shared machine weighs on both alike:
 *
 *   npx tsx scripts/bench/wasm-threads.ts --rounds=3 --threads=1,2 --port=4361
 *
 * Prints each run (steps/s, matMul ms, the thread count the kernel reported, the load) and medians.
 */

import type { Browser } from '@playwright/test';
import { kernelInfo, openNotebook, runCell } from './app-driver';
import { launchChromium } from './browser';
import { mlpCell, PRELUDE } from './cells';
import { median, option } from './cli-args';
import { load1, waitForQuiet } from './machine';
import { buildAndServe } from './server';

/** 1024² × 1024² products: large enough that splitting them over threads should pay. */
const MATMUL_CELL = `
const mmA = tf.randomNormal([1024, 1024]);
const mmB = tf.randomNormal([1024, 1024]);
tf.matMul(mmA, mmB).dataSync();
const mmTimes: number[] = [];
for (let i = 0; i < 5; i++) {
  const t0 = performance.now();
  tf.tidy(() => tf.matMul(mmA, mmB).dataSync());
  mmTimes.push(performance.now() - t0);
}
benchReport({ model: 'matmul', ms: benchMedian(mmTimes) });
`;

interface Run {
  threads: string;
  stepsPerSec: number;
  matMulMs: number;
  load: number;
}

async function once(browser: Browser, url: string, threads: number): Promise<Run> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  try {
    const page = await openNotebook(context, url, { backend: 'wasm', wasmThreads: threads });
    const info = await kernelInfo(page);
    await runCell(page, PRELUDE, 30_000);
    const load = await waitForQuiet(5000);
    const mlp = await runCell(page, mlpCell({ budgetMs: 8000 }), 120_000);
    const mm = await runCell(page, MATMUL_CELL, 120_000);
    const mlpLine = mlp.lines.find((l) => l.model === 'mlp');
    const mmLine = mm.lines.find((l) => l.model === 'matmul');
    return {
      threads: info.wasmThreads,
      stepsPerSec: Number(mlpLine?.stepsPerSec ?? Number.NaN),
      matMulMs: Number(mmLine?.ms ?? Number.NaN),
      load: Math.max(load, load1()),
    };
  } finally {
    await context.close();
  }
}

async function main(): Promise<void> {
  const rounds = Number(option('rounds') ?? 3);
  const counts = (option('threads') ?? '1,2').split(',').map(Number);
  const port = Number(option('port') ?? 4361);
  const served = await buildAndServe({ outDir: `.bench-dist-${port}`, port });
  const runs = new Map<number, Run[]>(counts.map((c) => [c, []]));
  try {
    for (let round = 1; round <= rounds; round++) {
      for (const threads of counts) {
        const browser = await launchChromium();
        try {
          const run = await once(browser, served.url, threads);
          runs.get(threads)?.push(run);
          process.stdout.write(
            `round ${round}, asked ${threads}: ${run.threads} thread(s), MLP ${run.stepsPerSec.toFixed(1)} steps/s, matMul 1024² ${run.matMulMs.toFixed(0)} ms (load ${run.load})\n`,
          );
        } finally {
          await browser.close();
        }
      }
    }
  } finally {
    await served.close();
  }
  for (const [threads, list] of runs) {
    process.stdout.write(
      `asked ${threads}: median MLP ${median(list.map((r) => r.stepsPerSec)).toFixed(1)} steps/s, matMul ${median(list.map((r) => r.matMulMs)).toFixed(0)} ms over ${list.length} runs\n`,
    );
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : error}\n`);
  process.exit(1);
});
