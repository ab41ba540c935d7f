import type { Browser } from '@playwright/test';
import {
  type BenchLine,
  backendNotes,
  type CellRun,
  kernelInfo,
  openNotebook,
  runCell,
} from './app-driver';
import {
  type CellBudget,
  cnnCell,
  lstmCell,
  lstmFusedCell,
  mlpCell,
  PRELUDE,
  styleCell,
} from './cells';
import { load1, waitForQuiet } from './machine';

export type ModelId = 'mlp' | 'cnn' | 'lstm' | 'lstm-fused' | 'style';

export interface BackendConfig {
  id: string;
  label: string;
  backend: 'webgpu' | 'wasm' | 'webgl' | 'cpu';
  wasmThreads?: number;
}

export const BACKEND_CONFIGS: BackendConfig[] = [
  { id: 'webgpu', label: 'WebGPU (SwiftShader, software)', backend: 'webgpu' },
  {
    id: 'wasm',
    label: "WASM SIMD, the app's default (single-threaded binary below 4 logical cores)",
    backend: 'wasm',
  },
  {
    id: 'wasm-2t',
    label: 'WASM SIMD + threads, setThreadsCount(2) (2 threads since the cap fix)',
    backend: 'wasm',
    wasmThreads: 2,
  },
  { id: 'wasm-1t', label: 'WASM SIMD, single-threaded binary', backend: 'wasm', wasmThreads: 1 },
  { id: 'webgl', label: 'WebGL 2 (SwiftShader, software)', backend: 'webgl' },
  { id: 'cpu', label: 'CPU (plain JavaScript)', backend: 'cpu' },
];

export interface ModelSpec {
  id: ModelId;
  cell: (b: CellBudget) => string;
  /** Time the timed repeats may take. */
  budgetMs: number;
  /** Past this the bench presses Interrupt and reports "slower than". */
  capMs: number;
}

export function modelSpecs(quick: boolean): ModelSpec[] {
  const f = quick ? 0.4 : 1;
  return [
    { id: 'mlp', cell: mlpCell, budgetMs: 8000 * f, capMs: 90_000 },
    { id: 'cnn', cell: cnnCell, budgetMs: 15_000 * f, capMs: 90_000 },
    { id: 'lstm', cell: lstmCell, budgetMs: 8000 * f, capMs: 60_000 },
    { id: 'lstm-fused', cell: lstmFusedCell, budgetMs: 4000 * f, capMs: 60_000 },
    { id: 'style', cell: styleCell, budgetMs: 25_000 * f, capMs: 75_000 },
  ];
}

export type ModelOutcome =
  | { status: 'ok'; value: number; line: BenchLine; load: number; wallMs: number }
  | { status: 'unsupported'; missing: string[] }
  | { status: 'error'; message: string }
  | { status: 'timeout'; capMs: number }
  | { status: 'skipped'; reason: string };

export interface BackendRun {
  config: BackendConfig;
  /** What the kernel reports it runs on; may differ from the request when init failed. */
  active: string;
  wasmThreads: string;
  notes: string[];
  initMs: number;
  initFailed?: string;
  models: Partial<Record<ModelId, ModelOutcome>>;
}

/** The number each model is reported by: steps/s, images/s, ms per epoch, s per step. */
export function headline(model: ModelId, line: BenchLine): number {
  const key = {
    mlp: 'stepsPerSec',
    cnn: 'imagesPerSec',
    lstm: 'epochMs',
    'lstm-fused': 'epochMs',
    style: 'secPerStep',
  }[model];
  const value = line[key];
  return typeof value === 'number' ? value : Number.NaN;
}

function outcome(model: ModelId, run: CellRun, capMs: number, load: number): ModelOutcome {
  if (run.state === 'timeout') return { status: 'timeout', capMs };
  const line = run.lines.find((l) => l.model === model);
  if (line?.status === 'unsupported') {
    return { status: 'unsupported', missing: (line.missing as string[] | undefined) ?? [] };
  }
  if (run.state === 'error' || !line) {
    return { status: 'error', message: (run.error ?? 'no BENCH line').split('\n')[0] ?? '' };
  }
  return { status: 'ok', value: headline(model, line), line, load, wallMs: run.ms };
}

type Log = (message: string) => void;

/** One backend configuration in a fresh browser context (a fresh kernel), every model in turn. */
export async function benchBackend(
  browser: Browser,
  baseUrl: string,
  config: BackendConfig,
  specs: ModelSpec[],
  log: Log,
): Promise<BackendRun> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  try {
    const started = Date.now();
    const page = await openNotebook(context, baseUrl, {
      backend: config.backend,
      ...(config.wasmThreads ? { wasmThreads: config.wasmThreads } : {}),
    });
    const info = await kernelInfo(page);
    const run: BackendRun = {
      config,
      active: info.backend,
      wasmThreads: info.wasmThreads,
      notes: await backendNotes(page),
      initMs: Date.now() - started,
      models: {},
    };
    if (info.backend !== config.backend) {
      run.initFailed = `the kernel fell back to ${info.backend || 'nothing'}`;
      log(`  ${config.id}: ${run.initFailed}; ${run.notes.join(' ')}`);
      return run;
    }
    await runCell(page, PRELUDE, 30_000);
    let skipRest: string | undefined;
    for (const spec of specs) {
      if (skipRest) {
        run.models[spec.id] = { status: 'skipped', reason: skipRest };
        continue;
      }
      const load = await waitForQuiet(5000);
      const cell = await runCell(page, spec.cell({ budgetMs: spec.budgetMs }), spec.capMs);
      const result = outcome(spec.id, cell, spec.capMs, Math.max(load, load1()));
      run.models[spec.id] = result;
      log(
        `  ${config.id} ${spec.id}: ${describeOutcome(result)} (${(cell.ms / 1000).toFixed(0)} s)`,
      );
      // A dead kernel fails every later cell; an interrupted one carries on, but a backend too
      // slow for the smallest model would only spend every other model's cap too.
      if (/memory|restart/i.test(cell.error ?? '')) skipRest = 'the kernel died';
      if (spec.id === 'mlp' && result.status === 'timeout') skipRest = 'the MLP passed its cap';
    }
    return run;
  } finally {
    await context.close();
  }
}

export function describeOutcome(o: ModelOutcome): string {
  switch (o.status) {
    case 'ok':
      return `${o.value.toPrecision(4)} (load ${o.load})`;
    case 'unsupported':
      return `unsupported: missing ${o.missing.join(', ')}`;
    case 'error':
      return `error: ${o.message}`;
    case 'timeout':
      return `slower than the ${o.capMs / 1000} s cap`;
    case 'skipped':
      return `not run: ${o.reason}`;
  }
}
