/**
 * `npx tsx scripts/bench/profile-main.ts [backend] [--dev-names] [--trace | --app]`: where the
 * page's main thread spends its time while a notebook cell trains the MLP (the app figures of npm
 * run bench). Default: top functions by self time (CDP Profiler). --trace: a Chromium trace
 * instead, and for the main-thread tasks over 50 ms, what they consist of (layout, style, script,
 * …), and the chart's draws. --app: no profiler, only the bench's own figures (longest task, tasks
 * over 50 ms, chart draws/s), which a profiler or a trace would inflate. --epochs=N trains the
 * bench's MLP for N epochs instead of 5: on a loaded machine 5 can pass the cell's 300 s cap.
 * --dev-names builds without minification, so functions keep their names. --port=4343 serves it.
 * --save-trace=FILE (with --trace) keeps the trace for DevTools' performance panel.
 */
import { writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { type CellRun, openNotebook, runCell } from './app-driver';
import { trainingResponsiveness } from './app-metrics';
import { launchChromium } from './browser';
import { APP_MLP_CELL, PRELUDE } from './cells';
import { option } from './cli-args';
import { buildAndServe } from './server';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: { functionName?: string; url?: string; type?: string } };
}

/** For main-thread tasks over 50 ms: the time of their direct children, by kind. */
function printLongTasks(events: TraceEvent[]): void {
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (!main) return;
  const mine = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X');
  const tasks = mine.filter((e) => e.name === 'RunTask' && (e.dur ?? 0) > 50_000);
  const kinds = new Map<string, number>();
  const first = tasks[0]?.ts ?? 0;
  for (const task of tasks) {
    const end = task.ts + (task.dur ?? 0);
    // Each task on its own too: the sum alone mixes the bench typing the cell with training.
    const own = new Map<string, number>();
    for (const e of mine) {
      if (e === task || e.ts < task.ts || e.ts >= end || e.name === 'RunTask') continue;
      const d = e.args?.data;
      const label =
        e.name === 'FunctionCall' || e.name === 'EventDispatch' || e.name === 'TimerFire'
          ? `${e.name} ${d?.functionName ?? d?.type ?? ''} ${(d?.url ?? '').split('/').pop()}`
          : e.name;
      kinds.set(label, (kinds.get(label) ?? 0) + (e.dur ?? 0) / 1000);
      own.set(label, (own.get(label) ?? 0) + (e.dur ?? 0) / 1000);
    }
    const top = [...own.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 4)
      .map(([label, ms]) => `${label.trim()} ${ms.toFixed(0)}`);
    process.stdout.write(
      `task at +${((task.ts - first) / 1000).toFixed(0)} ms, ${((task.dur ?? 0) / 1000).toFixed(0)} ms: ${top.join('; ')}\n`,
    );
  }
  process.stdout.write(
    `${tasks.length} tasks over 50 ms, longest ${Math.max(0, ...tasks.map((t) => (t.dur ?? 0) / 1000)).toFixed(0)} ms; inside them (nested events counted at each level):\n`,
  );
  for (const [label, ms] of [...kinds.entries()].sort((a, b) => b[1] - a[1]).slice(0, 30)) {
    process.stdout.write(`${ms.toFixed(0).padStart(7)} ms  ${label}\n`);
  }
}

/** The live chart's update rate, from the draw counter `npm run bench` reads as well. */
async function printChartDraws(page: Page, run: CellRun): Promise<void> {
  if (run.state !== 'done') {
    process.stdout.write(`the cell ended '${run.state}' after ${run.ms} ms: ${run.error ?? ''}\n`);
  }
  // The cell's wall time when it did not get to report its own training time.
  const trainMs = Number(run.lines.find((l) => l.model === 'app-mlp')?.trainMs ?? run.ms);
  const draws = Number(
    (await page
      .locator('[data-testid="training-chart"] .chart-plot')
      .last()
      .getAttribute('data-draws')) ?? 0,
  );
  const perSec = draws / (trainMs / 1000);
  process.stdout.write(
    `chart draws: ${draws} in ${(trainMs / 1000).toFixed(1)} s of training = ${perSec.toFixed(2)}/s\n`,
  );
}

/** The bench's MLP cell, for `--epochs=N` epochs when given. */
function mlpCell(): string {
  const epochs = option('epochs');
  return epochs === undefined
    ? APP_MLP_CELL
    : APP_MLP_CELL.replace('epochs: 5,', `epochs: ${Number(epochs)},`);
}

async function main(): Promise<void> {
  const cell = mlpCell();
  // Past node's own path and the script's: argv[0] matched before, so every profile ran on
  // 'auto' (WebGPU on SwiftShader here), not the backend asked for.
  const backend = process.argv.slice(2).find((a) => !a.startsWith('-')) ?? 'wasm';
  const unminified = process.argv.includes('--dev-names');
  const served = await buildAndServe({
    outDir: '.bench-dist-profile',
    port: Number(option('port') ?? 4343),
    config: { build: { minify: !unminified, sourcemap: false } },
  });
  const browser = await launchChromium();
  try {
    if (process.argv.includes('--app')) {
      const figures = await trainingResponsiveness(browser, served.url, backend, cell);
      process.stdout.write(`asked for ${backend}; `);
      process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
      return;
    }
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await openNotebook(context, served.url, { backend });
    await runCell(page, PRELUDE, 30_000);
    if (process.argv.includes('--trace')) {
      await browser.startTracing(page, {
        categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8'],
      });
      const run = await runCell(page, cell, 300_000);
      const raw = await browser.stopTracing();
      // For Chromium's performance panel (DevTools: Load profile), where one task can be taken apart.
      const saveTo = option('save-trace');
      if (saveTo !== undefined) writeFileSync(saveTo, raw);
      const trace = JSON.parse(raw.toString('utf8')) as { traceEvents: TraceEvent[] };
      printLongTasks(trace.traceEvents);
      await printChartDraws(page, run);
      return;
    }
    const cdp = await context.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
    await cdp.send('Profiler.start');
    await runCell(page, cell, 300_000);
    const { profile } = (await cdp.send('Profiler.stop')) as unknown as {
      profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
    };
    const selfMs = new Map<string, number>();
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    profile.samples.forEach((id, i) => {
      const n = byId.get(id);
      if (!n) return;
      const f = n.callFrame;
      const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
      selfMs.set(key, (selfMs.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
    });
    const top = [...selfMs.entries()].sort((a, b) => b[1] - a[1]).slice(0, 40);
    for (const [key, ms] of top) process.stdout.write(`${ms.toFixed(0).padStart(7)} ms  ${key}\n`);
  } finally {
    await browser.close();
    await served.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : error}\n`);
  process.exit(1);
});
