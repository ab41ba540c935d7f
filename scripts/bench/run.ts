/**
 * `npm run bench`: training speed per backend against PyTorch, the app's responsiveness, and
 * data parsing, measured in the production build in headless Chromium; writes
 * docs/BENCHMARKS.md and docs/benchmarks.json. Timings are never asserted anywhere.
 *
 * Options: --quick (smaller budgets), --only=wasm,cpu (backend ids), --models=mlp,lstm,
 * --skip=torch,app,parse,upload,training, --port=4341, --out=bench-results/BENCHMARKS.md (a trial
 * run), --data-repeats=3 (runs per parse file and of the upload; the figures are medians).
 * A skipped section is carried over from the previous JSON, when there is one, and marked so.
 */

import { existsSync, readFileSync } from 'node:fs';
import type { Browser } from '@playwright/test';
import { bundleSizes, firstOutput, trainingResponsiveness } from './app-metrics';
import { launchChromium } from './browser';
import { APP_CNN_CELL } from './cells';
import { option } from './cli-args';
import { describeMachine, load1 } from './machine';
import { benchParse } from './parse';
import { runTorch } from './pytorch';
import { type BenchReport, type CarriedSection, writeReport } from './report';
import { buildAndServe } from './server';
import { BACKEND_CONFIGS, type BackendRun, benchBackend, modelSpecs } from './training';
import { benchUpload } from './upload';

const flag = (name: string) => process.argv.includes(`--${name}`);
const list = (name: string) => option(name)?.split(',').filter(Boolean);

const log = (message: string) => process.stdout.write(`${message}\n`);

/** Where each section a report carried over came from (an older JSON's `carried` had one date). */
function provenance(report: BenchReport): CarriedSection[] {
  return Array.isArray(report.carried) ? report.carried : [];
}

/**
 * Sections this run skipped, taken from the previous report so one section can be re-run. A
 * training run narrowed by --models or --only replaces those models on those backends and keeps
 * the rest of the previous table, each backend noting what was measured when.
 */
function carryOver(
  report: BenchReport,
  jsonPath: string,
  skip: Set<string>,
  narrowed: boolean,
): BenchReport {
  if (!existsSync(jsonPath) || (skip.size === 0 && !narrowed)) return report;
  const previous = JSON.parse(readFileSync(jsonPath, 'utf8')) as BenchReport;
  const carried: CarriedSection[] = [];
  // Where the previous run had itself carried a section over, that section keeps its origin.
  const origin = (section: string): CarriedSection => {
    const earlier = provenance(previous).find((c) => c.section === section);
    return earlier ?? { section, from: previous.date, cpu: previous.machine.cpu };
  };
  const out: BenchReport = { ...report };
  if (skip.has('training') && previous.backends.length > 0) {
    out.backends = previous.backends;
    carried.push(origin('training'));
  } else if (narrowed && previous.backends.length > 0) {
    const merged = previous.backends.map((before) => {
      const fresh = report.backends.find((b) => b.config.id === before.config.id);
      if (!fresh) return before;
      const ranIds = Object.keys(fresh.models);
      const ran = ranIds.join(', ');
      // An earlier note for the same models is superseded by this run's.
      const stale = (note: string) => {
        const m = /^(.*) measured .*\.$/.exec(note);
        return m?.[1]?.split(', ').every((id) => ranIds.includes(id)) === true;
      };
      return {
        ...fresh,
        notes: [
          ...before.notes.filter((n) => !stale(n)),
          ...fresh.notes,
          `${ran} measured ${report.date}.`,
        ],
        models: { ...before.models, ...fresh.models },
      };
    });
    const added = report.backends.filter(
      (b) => !previous.backends.some((p) => p.config.id === b.config.id),
    );
    out.backends = [...merged, ...added];
    carried.push({
      ...origin('training'),
      section: 'training (the models and backends this run left out)',
    });
  }
  if (skip.has('torch') && !('skipped' in previous.torch)) {
    out.torch = previous.torch;
    carried.push(origin('torch'));
  } else if (narrowed && report.torch.available && previous.torch.available) {
    // PyTorch ran only the narrowed models: the other rows keep the PyTorch figure of the run
    // that measured them, so every ratio stays side by side.
    const fresh = report.torch.results;
    out.torch = {
      ...report.torch,
      results: [
        ...previous.torch.results.filter((r) => !fresh.some((f) => f.model === r.model)),
        ...fresh,
      ],
    };
  }
  if (skip.has('app') && previous.app) {
    out.app = previous.app;
    carried.push(origin('app'));
  }
  if (skip.has('parse') && previous.parse) {
    out.parse = previous.parse;
    carried.push(origin('parse'));
  }
  if (skip.has('upload') && previous.upload) {
    out.upload = previous.upload;
    carried.push(origin('upload'));
  }
  if (carried.length > 0) out.carried = carried;
  return out;
}

/** The PyTorch models behind the bench's model ids (`lstm-fused` is compared with `lstm`). */
function torchModels(ids: readonly string[]): string[] {
  const known = ['mlp', 'cnn', 'lstm', 'style'];
  return [...new Set(ids.map((id) => (id === 'lstm-fused' ? 'lstm' : id)))].filter((id) =>
    known.includes(id),
  );
}

async function main(): Promise<void> {
  const started = Date.now();
  const quick = flag('quick');
  const skip = new Set(list('skip') ?? []);
  const port = Number(option('port') ?? 4341);
  const only = list('only');
  const models = list('models');
  const specs = modelSpecs(quick).filter((s) => !models || models.includes(s.id));
  const configs = BACKEND_CONFIGS.filter((c) => !only || only.includes(c.id));
  const machine = describeMachine();
  const loadBefore = load1();
  const tfjs = (
    JSON.parse(readFileSync('node_modules/@tensorflow/tfjs/package.json', 'utf8')) as {
      version: string;
    }
  ).version;

  log(`Building the app into .bench-dist and serving it on port ${port}…`);
  const served = await buildAndServe({ outDir: '.bench-dist', port });
  // A fresh browser per backend: software WebGPU/WebGL work left queued by an interrupted cell
  // can keep the GPU process busy, or crash it, and must not weigh on the next backend.
  const withBrowser = async <T>(run: (browser: Browser) => Promise<T>): Promise<T> => {
    const browser = await launchChromium();
    chromium ||= browser.version();
    try {
      return await run(browser);
    } finally {
      await browser.close();
    }
  };
  let chromium = '';
  const backends: BackendRun[] = [];
  let report: BenchReport | undefined;
  try {
    if (!skip.has('training')) {
      for (const config of configs) {
        log(`Training on ${config.id} (${config.label})…`);
        backends.push(
          await withBrowser((browser) => benchBackend(browser, served.url, config, specs, log)),
        );
      }
    }

    let torch: BenchReport['torch'] = {
      available: false,
      reason: 'skipped (--skip=torch)',
      howToInstall: '',
      skipped: true,
    };
    if (!skip.has('torch')) {
      log(`PyTorch, ${machine.cores} threads…`);
      const budgets = Math.max(...specs.map((s) => s.budgetMs));
      torch = runTorch(machine.cores, budgets, models && torchModels(models));
      if (!torch.available) log(`  PyTorch not available: ${torch.reason}. ${torch.howToInstall}`);
      else for (const r of torch.results) log(`  torch ${r.model}: ${JSON.stringify(r)}`);
    }

    let app: BenchReport['app'];
    if (!skip.has('app')) {
      log('The app: bundle size, first output, responsiveness during an MLP run…');
      const bundle = bundleSizes(served.outDir);
      const firsts = [await withBrowser((b) => firstOutput(b, served.url, 'wasm'))];
      if (!quick) firsts.push(await withBrowser((b) => firstOutput(b, served.url, 'auto')));
      for (const f of firsts) log(`  first output: ${JSON.stringify(f)}`);
      app = { bundle, firstOutput: firsts };
      try {
        app.training = await withBrowser((b) => trainingResponsiveness(b, served.url, 'wasm'));
        log(`  ${JSON.stringify(app.training)}`);
        app.trainingCnn = await withBrowser((b) =>
          trainingResponsiveness(b, served.url, 'wasm', APP_CNN_CELL, 'app-cnn'),
        );
        log(`  ${JSON.stringify(app.trainingCnn)}`);
      } catch (error) {
        app.error = error instanceof Error ? error.message : String(error);
      }
    }

    const dataRepeats = Number(option('data-repeats') ?? 1);
    let parse: BenchReport['parse'];
    if (!skip.has('parse')) {
      log('Data parsing…');
      parse = await withBrowser((b) => benchParse(b, port + 1, log, dataRepeats));
    }
    let upload: BenchReport['upload'];
    if (!skip.has('upload')) {
      log('Uploading a file with one 50 MB line…');
      upload = await withBrowser((b) => benchUpload(b, served.url, dataRepeats));
      log(`  ${JSON.stringify(upload)}`);
    }

    report = {
      date: `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
      machine,
      chromium,
      tfjs,
      settings: {
        quick,
        budgetsMs: Object.fromEntries(specs.map((s) => [s.id, s.budgetMs])),
        capsMs: Object.fromEntries(specs.map((s) => [s.id, s.capMs])),
      },
      loadBefore,
      loadAfter: load1(),
      durationS: Math.round((Date.now() - started) / 1000),
      backends,
      torch,
      ...(app ? { app } : {}),
      ...(parse ? { parse } : {}),
      ...(upload ? { upload } : {}),
    };
  } finally {
    await served.close();
  }
  const md = option('out') ?? 'docs/BENCHMARKS.md';
  const json = md === 'docs/BENCHMARKS.md' ? 'docs/benchmarks.json' : md.replace(/\.md$/, '.json');
  writeReport(carryOver(report, json, skip, models !== undefined || only !== undefined), md, json);
  log(`Wrote ${md} in ${Math.round((Date.now() - started) / 60000)} min.`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : error}\n`);
  process.exit(1);
});
