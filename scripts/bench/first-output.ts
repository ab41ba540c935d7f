/**
 * Only the "first cell output after opening a notebook" rows of `npm run bench`, repeated, so a
 * change to kernel start-up can be measured in a minute instead of the whole bench's half hour:
 *
 *   npx tsx scripts/bench/first-output.ts --backends=wasm,auto --repeats=3 --port=4351
 *
 * Each repeat is a fresh browser (cold: empty HTTP cache, IndexedDB and localStorage but the
 * saved backend choice) and a second page in its context (warm). Prints every run and medians.
 * `--compare=/path/to/other/checkout` builds that tree too (e.g. a `git archive` of main with
 * node_modules linked) and alternates the two in every repeat, so both see the same load.
 */

import { join } from 'node:path';
import { firstOutput } from './app-metrics';
import { launchChromium } from './browser';
import { median, option } from './cli-args';
import { load1, waitForQuiet } from './machine';
import { buildAndServe, type Served } from './server';

interface Target {
  name: string;
  served: Served;
}

async function serveTargets(port: number, compare: string | undefined): Promise<Target[]> {
  const targets = [
    { name: 'this tree', served: await buildAndServe({ outDir: `.bench-dist-${port}`, port }) },
  ];
  if (compare) {
    const config = { root: compare, configFile: join(compare, 'vite.config.ts') };
    const served = await buildAndServe({
      outDir: `.bench-dist-${port + 1}`,
      port: port + 1,
      config,
    });
    targets.push({ name: compare, served });
  }
  return targets;
}

async function main(): Promise<void> {
  const backends = (option('backends') ?? 'wasm,auto').split(',').filter(Boolean);
  const repeats = Number(option('repeats') ?? 3);
  const port = Number(option('port') ?? 4351);
  const targets = await serveTargets(port, option('compare'));
  try {
    for (const backend of backends) {
      const runs = new Map(
        targets.map((t) => [t.name, { cold: [] as number[], warm: [] as number[], active: '' }]),
      );
      for (let i = 0; i < repeats; i++) {
        for (const target of targets) {
          const load = await waitForQuiet(5000);
          const browser = await launchChromium();
          try {
            const run = await firstOutput(browser, target.served.url, backend);
            const into = runs.get(target.name);
            into?.cold.push(run.coldMs);
            into?.warm.push(run.warmMs);
            if (into) into.active = run.backend;
            process.stdout.write(
              `${backend} #${i + 1} ${target.name}: cold ${Math.round(run.coldMs)} ms, warm ${Math.round(run.warmMs)} ms on ${run.backend} (load ${load})\n`,
            );
          } finally {
            await browser.close();
          }
        }
      }
      for (const [name, r] of runs) {
        process.stdout.write(
          `${backend} → ${r.active}, ${name}: median cold ${Math.round(median(r.cold))} ms, warm ${Math.round(median(r.warm))} ms (load now ${load1()})\n`,
        );
      }
    }
  } finally {
    for (const t of targets) await t.served.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : error}\n`);
  process.exit(1);
});
