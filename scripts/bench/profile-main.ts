/**
 * `npx tsx scripts/bench/profile-main.ts [backend] [--dev-names] [--trace]`: where the page's main
 * thread spends its time while a notebook cell trains the MLP (the app figures of npm run bench).
 * Default: top functions by self time (CDP Profiler). --trace: a Chromium trace instead, and for
 * the main-thread tasks over 50 ms, what they consist of (layout, style, script, …).
 * --dev-names builds without minification, so functions keep their names.
 */
import { openNotebook, runCell } from './app-driver';
import { launchChromium } from './browser';
import { APP_MLP_CELL, PRELUDE } from './cells';
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
  for (const task of tasks) {
    const end = task.ts + (task.dur ?? 0);
    for (const e of mine) {
      if (e === task || e.ts < task.ts || e.ts >= end || e.name === 'RunTask') continue;
      const d = e.args?.data;
      const label =
        e.name === 'FunctionCall' || e.name === 'EventDispatch' || e.name === 'TimerFire'
          ? `${e.name} ${d?.functionName ?? d?.type ?? ''} ${(d?.url ?? '').split('/').pop()}`
          : e.name;
      kinds.set(label, (kinds.get(label) ?? 0) + (e.dur ?? 0) / 1000);
    }
  }
  process.stdout.write(
    `${tasks.length} tasks over 50 ms, longest ${Math.max(0, ...tasks.map((t) => (t.dur ?? 0) / 1000)).toFixed(0)} ms; inside them (nested events counted at each level):\n`,
  );
  for (const [label, ms] of [...kinds.entries()].sort((a, b) => b[1] - a[1]).slice(0, 30)) {
    process.stdout.write(`${ms.toFixed(0).padStart(7)} ms  ${label}\n`);
  }
}

async function main(): Promise<void> {
  const backend = process.argv.find((a) => !a.startsWith('-') && !a.endsWith('.ts')) ?? 'wasm';
  const unminified = process.argv.includes('--dev-names');
  const served = await buildAndServe({
    outDir: '.bench-dist-profile',
    port: 4343,
    config: { build: { minify: !unminified, sourcemap: false } },
  });
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await openNotebook(context, served.url, { backend });
    await runCell(page, PRELUDE, 30_000);
    if (process.argv.includes('--trace')) {
      await browser.startTracing(page, {
        categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8'],
      });
      await runCell(page, APP_MLP_CELL, 300_000);
      const trace = JSON.parse((await browser.stopTracing()).toString('utf8')) as {
        traceEvents: TraceEvent[];
      };
      printLongTasks(trace.traceEvents);
      return;
    }
    const cdp = await context.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
    await cdp.send('Profiler.start');
    await runCell(page, APP_MLP_CELL, 300_000);
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
