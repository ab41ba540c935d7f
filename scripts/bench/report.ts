import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { BundleSizes, FirstOutput, TrainingResponsiveness } from './app-metrics';
import type { Machine } from './machine';
import type { ParseBench } from './parse';
import type { TorchRun } from './pytorch';
import type { BackendRun, ModelId } from './training';
import type { UploadBench } from './upload';

export interface BenchReport {
  date: string;
  machine: Machine;
  chromium: string;
  tfjs: string;
  settings: { quick: boolean; budgetsMs: Record<string, number>; capsMs: Record<string, number> };
  loadBefore: number;
  loadAfter: number;
  durationS: number;
  backends: BackendRun[];
  torch: TorchRun | { available: false; reason: string; howToInstall: string; skipped: true };
  app?: {
    bundle: BundleSizes;
    firstOutput: FirstOutput[];
    training?: TrainingResponsiveness;
    /** The same figures while Activity 4.03's CNN trains (issue #17). */
    trainingCnn?: TrainingResponsiveness;
    error?: string;
  };
  parse?: ParseBench[];
  upload?: UploadBench;
  /** Sections this run skipped and took from an earlier run's JSON: when and where each ran. */
  carried?: CarriedSection[];
}

export interface CarriedSection {
  section: string;
  /** The run that measured it. */
  from: string;
  /** That run's processor, where it was not this run's. */
  cpu?: string;
}

function carriedText(report: BenchReport): string {
  const carried = report.carried ?? [];
  if (carried.length === 0) return '';
  const byRun = new Map<string, string[]>();
  for (const c of carried) {
    const where = c.cpu !== undefined && c.cpu !== report.machine.cpu ? ` on ${c.cpu}` : '';
    const key = `${c.from}${where}`;
    byRun.set(key, [...(byRun.get(key) ?? []), c.section]);
  }
  const parts = [...byRun].map(
    ([run, sections]) => `${sections.join(', ')} from the run of ${run}`,
  );
  return ` Carried over from earlier runs: ${parts.join('; ')}.`;
}

const MODEL_ROWS: { id: ModelId; label: string; unit: string; higherIsBetter: boolean }[] = [
  { id: 'mlp', label: 'MLP (Act. 3.02), batch 128', unit: 'steps/s', higherIsBetter: true },
  { id: 'cnn', label: 'CNN (Act. 4.03), batch 100', unit: 'images/s', higherIsBetter: true },
  { id: 'lstm', label: 'LSTM (lesson 2), batch 1', unit: 'ms/epoch', higherIsBetter: false },
  {
    id: 'lstm-fused',
    label: 'LSTM (lesson 2), batch 1, `fusedLstm`',
    unit: 'ms/epoch',
    higherIsBetter: false,
  },
  {
    id: 'style',
    label: 'Style step, VGG-19 to conv5_1, 224×298',
    unit: 's/step',
    higherIsBetter: false,
  },
];

const fmt = (v: number) =>
  v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v >= 1 ? v.toFixed(2) : v.toPrecision(2);
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} kB`;

function torchValue(report: BenchReport, model: ModelId): number | undefined {
  if (!report.torch.available) return undefined;
  // The fused layer is the same model: it is set beside PyTorch's nn.LSTM.
  const torchModel = model === 'lstm-fused' ? 'lstm' : model;
  const r = report.torch.results.find((x) => x.model === torchModel);
  if (!r) return undefined;
  const v = {
    mlp: r.stepsPerSec,
    cnn: r.imagesPerSec,
    lstm: r.epochMs,
    'lstm-fused': r.epochMs,
    style: r.secPerStep,
  }[model];
  return typeof v === 'number' ? v : undefined;
}

/** Ours as a fraction of PyTorch's speed: 0.5× means half as fast, whatever the unit. */
function speedRatio(ours: number, torch: number, higherIsBetter: boolean): number {
  return higherIsBetter ? ours / torch : torch / ours;
}

function trainingTable(report: BenchReport): string[] {
  const head = [
    'model',
    'unit',
    ...report.backends.map((b) => `\`${b.config.id}\``),
    'PyTorch CPU',
  ];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const row of MODEL_ROWS) {
    const torch = torchValue(report, row.id);
    const cells = report.backends.map((b) => {
      if (b.initFailed) return 'did not start';
      const o = b.models[row.id];
      if (!o) return 'not run';
      switch (o.status) {
        case 'ok': {
          const ratio =
            torch === undefined ? '' : ` (${fmt(speedRatio(o.value, torch, row.higherIsBetter))}×)`;
          return `${fmt(o.value)}${ratio}`;
        }
        case 'unsupported':
          return `no gradient kernel: ${o.missing.join(', ')}`;
        case 'error':
          return `failed: ${o.message.slice(0, 80)}`;
        case 'timeout':
          return `slower than the ${o.capMs / 1000} s cap`;
        case 'skipped':
          return `not run: ${o.reason}`;
      }
      return '';
    });
    const torchCell = report.torch.available
      ? torch === undefined
        ? 'failed'
        : fmt(torch)
      : 'PyTorch not available';
    lines.push(`| ${row.label} | ${row.unit} | ${cells.join(' | ')} | ${torchCell} |`);
  }
  return lines;
}

function backendLines(report: BenchReport): string[] {
  const lines = [
    '| id | backend | what the kernel reported | start (ms) | notes |',
    '|---|---|---|---|---|',
  ];
  for (const b of report.backends) {
    const threads = b.wasmThreads ? `, ${b.wasmThreads} thread(s)` : '';
    lines.push(
      `| \`${b.config.id}\` | ${b.config.label} | ${b.active || '–'}${threads} | ${b.initMs} | ${
        [b.initFailed, ...b.notes].filter(Boolean).join(' ') || '–'
      } |`,
    );
  }
  return lines;
}

const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');

function appLines(report: BenchReport): string[] {
  const app = report.app;
  if (!app) return ['Not measured in this run.'];
  const lines = ['| figure | value | target |', '|---|---|---|'];
  const t = app.training;
  if (t) {
    lines.push(
      `| longest main-thread task during the MLP run (${t.backend}, ${fmt(t.trainMs / 1000)} s) | ${fmt(t.longestTaskMs)} ms | < 50 ms: ${verdict(t.longestTaskMs < 50)} |`,
      `| main-thread tasks over 50 ms in that run | ${t.tasksOver50} | 0 |`,
      `| live chart updates (chart redraws) | ${fmt(t.chartDrawsPerSec)}/s (${t.chartDraws} in ${fmt(t.trainMs / 1000)} s) | ≥ 10/s: ${verdict(t.chartDrawsPerSec >= 10)} |`,
      `| tfjs tensors: before, after each of 5 epochs | ${t.tensorCounts.join(' → ')} | no growth after epoch 1: ${verdict(t.tensorGrowth === 0)} |`,
    );
  }
  if (app.error) lines.push(`| ${t ? 'CNN' : 'MLP'} run | failed: ${app.error} | |`);
  const c = app.trainingCnn;
  if (c) {
    lines.push(
      `| longest main-thread task during the CNN run (Act. 4.03, ${c.backend}, ${fmt(c.trainMs / 1000)} s) | ${fmt(c.longestTaskMs)} ms | < 50 ms: ${verdict(c.longestTaskMs < 50)} |`,
      `| main-thread tasks over 50 ms in that run | ${c.tasksOver50} | 0 |`,
      `| tfjs tensors in the CNN run: before, after each of 5 epochs | ${c.tensorCounts.join(' → ')} | no growth after epoch 1: ${verdict(c.tensorGrowth === 0)} |`,
    );
  }
  for (const f of app.firstOutput) {
    lines.push(
      `| first cell output after opening a notebook, cold cache (saved backend ${f.choice ?? f.backend}${f.choice && f.choice !== f.backend ? `, ran on ${f.backend}` : ''}) | ${fmt(f.coldMs)} ms | – |`,
      `| the same, warm cache (${f.backend}) | ${fmt(f.warmMs)} ms | < 2000 ms: ${verdict(f.warmMs < 2000)} |`,
    );
  }
  const b = app.bundle;
  lines.push(
    `| initial JavaScript (entry + modulepreloads), gzip | ${kb(b.initialJsGzip)} (${kb(b.initialJsRaw)} raw, ${b.initialFiles.length} files) | – |`,
    `| kernel worker JavaScript, gzip (fetched when a notebook opens) | ${kb(b.workerJsGzip)} | – |`,
    `| WASM binaries, gzip (one is fetched) | ${Object.entries(b.wasmGzip)
      .map(([f, s]) => `${f.replace(/-[\w-]{8}\.wasm$/, '.wasm')} ${kb(s)}`)
      .join('; ')} | – |`,
    `| all JavaScript in the build, gzip (Plotly and other lazy chunks included) | ${kb(b.allJsGzip)} | – |`,
  );
  return lines;
}

/** Issue 16's budget: fit's histograms may add at most 10 % to an epoch of the MLP. */
function histogramLines(report: BenchReport): string[] {
  const lines = [
    '| backend | MLP epoch, plain (ms, median) | with `histograms: { every: 1 }` | recording (ms, median) | added: recording ÷ rest of the epoch | added: paired medians | ≤ 10 % |',
    '|---|---|---|---|---|---|---|',
  ];
  const median = (xs: unknown) => {
    const s = (Array.isArray(xs) ? xs : [])
      .filter((x): x is number => typeof x === 'number')
      .sort((a, c) => a - c);
    const m = s.length >> 1;
    return s.length % 2 ? (s[m] ?? Number.NaN) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
  };
  for (const b of report.backends) {
    const o = b.models.mlp;
    if (o?.status !== 'ok') continue;
    const added = o.line.histogramsOverhead;
    const paired = o.line.histogramsPairedOverhead;
    if (typeof added !== 'number' || typeof paired !== 'number') continue;
    lines.push(
      `| \`${b.config.id}\` | ${fmt(median(o.line.plainEpochMs))} | ${fmt(median(o.line.histogramsEpochMs))} | ${fmt(median(o.line.histogramsRecordMs))} | ${fmt(added * 100)} % | ${fmt(paired * 100)} % | ${verdict(added <= 0.1)} |`,
    );
  }
  return lines.length > 2 ? lines : ['Not measured in this run.'];
}

function parseLines(report: BenchReport): string[] {
  if (!report.parse) return ['Not measured in this run.'];
  const lines = [
    '| file | size | parse | throughput | rows × columns | peak memory growth | longest main-thread task |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const p of report.parse) {
    if (p.status !== 'ok') {
      lines.push(`| ${p.file} | ${mb(p.bytes)} | ${p.status}: ${p.message ?? ''} | | | | |`);
      continue;
    }
    lines.push(
      `| ${p.file} | ${mb(p.bytes)} | ${fmt((p.ms ?? 0) / 1000)} s | ${fmt(p.mbPerSec ?? 0)} MB/s | ${p.rows} × ${p.columns} | ${mb(p.peakMemoryBytes ?? 0)} (${fmt(p.memoryRatio ?? 0)}× the file) | ${fmt(p.longestMainTaskMs ?? 0)} ms |`,
    );
  }
  const big = report.parse.find((p) => p.file.startsWith('generated') && p.status === 'ok');
  if (big) {
    const runs = big.runs ?? [];
    lines.push(
      '',
      `${runs.length > 1 ? `Medians of ${runs.length} runs per file, each in a fresh page (1-minute load at the 100 MB file's runs: ${runs.map((r) => r.load).join(', ')}). ` : ''}Targets for the 100 MB CSV (issue #15): ≥ 50 MB/s — ${verdict((big.mbPerSec ?? 0) >= 50)}; peak memory ≤ 3× the file — ${verdict((big.memoryRatio ?? 9) <= 3)}; no main-thread task over 50 ms — ${verdict((big.longestMainTaskMs ?? 999) <= 50)}.`,
    );
  }
  return lines;
}

function uploadLines(report: BenchReport): string[] {
  const u = report.upload;
  if (!u) return ['Not measured in this run.'];
  return [
    '| file | size | runs (1-minute load) | pick to cell end | longest main-thread task | tasks over 50 ms |',
    '|---|---|---|---|---|---|',
    `| ${u.file} | ${mb(u.bytes)} | ${u.runs.length} (${u.runs.map((r) => r.load).join(', ')}) | ${fmt(u.ms / 1000)} s | ${fmt(u.longestTaskMs)} ms | ${u.tasksOver50} |`,
    '',
    `Target (issue #15): no main-thread task over 50 ms while the file is read — ${verdict(u.longestTaskMs <= 50)}. Medians over the runs; every run is in benchmarks.json.`,
  ];
}

function torchLine(report: BenchReport): string {
  const t = report.torch;
  if (t.available)
    return `PyTorch ${t.version} on the CPU, ${t.threads} threads (\`${t.python}\`).`;
  return `PyTorch not available (${t.reason}). To add its column: ${t.howToInstall}`;
}

export function renderGenerated(report: BenchReport): string {
  const m = report.machine;
  const budgets = Object.entries(report.settings.budgetsMs)
    .map(([k, v]) => `${k} ${v / 1000} s`)
    .join(', ');
  return [
    `Run on ${report.date} in ${Math.round(report.durationS / 60)} min${report.settings.quick ? ' (--quick)' : ''}.${carriedText(report)}`,
    '',
    `- **Machine:** ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}, no GPU. Node ${m.node}.`,
    `- **Browser:** Chromium ${report.chromium}, headless, the e2e tests' flags plus \`--enable-unsafe-webgpu\`. TensorFlow.js ${report.tfjs}.`,
    `- **Reference:** ${torchLine(report)}`,
    `- **Load:** 1-minute load average ${report.loadBefore} at the start, ${report.loadAfter} at the end (the machine is shared; each model waits up to 5 s for a load under 1.5 and records the load it ran at in benchmarks.json).`,
    `- **Method:** each model is a notebook cell pasted into the app and run with Ctrl+Enter in a fresh kernel per backend, through \`fit\` / \`trainLoop\` as a user's cell would; a warm-up, then timed repeats sized to a budget (${budgets}); the figure is their median. A cell that passes its cap is interrupted.`,
    '',
    '### Training speed',
    '',
    'Value per backend, and in brackets the speed as a fraction of PyTorch on the same machine (0.5× = half as fast, whatever the unit).',
    '',
    ...trainingTable(report),
    '',
    '### Backends',
    '',
    ...backendLines(report),
    '',
    '### The app during training',
    '',
    ...appLines(report),
    '',
    '### Histograms in fit (issue #16)',
    '',
    'Each MLP epoch with `histograms: { every: 1 }` (weights and gradients of every layer binned, norms, kernel maps) against the plain epoch run just before it, same model, same data.',
    '',
    ...histogramLines(report),
    '',
    '### Data parsing (issue #6)',
    '',
    "Each file is fetched by a small harness page (`scripts/bench/parse-harness`, the app's own `src/data/parse.ts`) and parsed by `parseFile` in a Web Worker, as the kernel does. Memory: growth of the renderer process's resident memory from before the fetch to its peak, the file's own bytes included.",
    '',
    ...parseLines(report),
    '',
    '### Uploading a file with one 50 MB line (issue #15)',
    '',
    "`data.upload()` in the app (wasm kernel), the file handed to the cell's prompt through its input as a user picks it; the page's long tasks from then until the cell ends (reading, parsing, the preview, the autosave).",
    '',
    ...uploadLines(report),
  ].join('\n');
}

const BEGIN = '<!-- bench:begin (generated by npm run bench; edit outside these markers) -->';
const END = '<!-- bench:end -->';

/** Replaces the generated part of docs/BENCHMARKS.md and keeps the hand-written analysis. */
export function writeReport(report: BenchReport, mdPath: string, jsonPath: string): void {
  const generated = `${BEGIN}\n${renderGenerated(report)}\n${END}`;
  let md = `# Benchmarks\n\n\`npm run bench\` writes the part between the markers; the analysis below it is kept.\n\n${generated}\n`;
  if (existsSync(mdPath)) {
    const old = readFileSync(mdPath, 'utf8');
    const a = old.indexOf(BEGIN);
    const b = old.indexOf(END);
    if (a >= 0 && b > a) md = old.slice(0, a) + generated + old.slice(b + END.length);
  }
  mkdirSync(dirname(mdPath), { recursive: true });
  writeFileSync(mdPath, md);
  writeFileSync(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
}
