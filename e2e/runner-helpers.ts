import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, test } from '@playwright/test';
import type { MetricsFile } from '../scripts/notebook/metrics';
import { readCatalog, resolveNotebook, runNotebook } from '../scripts/notebook/run';
import type { Mutation } from '../src/protocol';

export interface RunnerResult {
  code: number | null;
  output: string;
  outDir: string;
}

/** Runs `npm run notebook -- run …` against the server the e2e tests already started. */
export async function runner(notebook: string, ...flags: string[]): Promise<RunnerResult> {
  const baseURL = test.info().project.use.baseURL ?? '';
  const outDir = mkdtempSync(join(tmpdir(), 'runner-e2e-'));
  const child = spawn(
    join('node_modules', '.bin', 'tsx'),
    ['scripts/notebook/cli.ts', 'run', notebook, '--url', baseURL, '--out', outDir, ...flags],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const code = await new Promise<number | null>((done) => child.on('exit', done));
  return { code, output, outDir };
}

export function metricsOf(outDir: string, stem: string) {
  return JSON.parse(readFileSync(join(outDir, `${stem}.metrics.json`), 'utf8')) as {
    ok: boolean;
    preset: string;
    backend: string;
    metrics: {
      name: string;
      value: number;
      book: number;
      pass: boolean | null;
      baseline?: number;
      catches?: string[];
      mutation?: string;
    }[];
    cells: { index: number; durationMs: number | null }[];
    chromium: string;
  };
}

/**
 * Runs a shipped notebook the way `npm run notebook -- run` does, inside the test's own browser:
 * the catalog specs run sixty-odd notebooks, and a runner process each (tsx, a new Chromium) cost
 * about ten seconds apiece before the first cell ran. The CLI itself is tested by runner.spec.ts.
 */
export async function runShipped(
  browser: Browser,
  path: string,
  mutate: Mutation | null = null,
): Promise<{ result: MetricsFile; output: string }> {
  const baseURL = test.info().project.use.baseURL ?? '';
  const root = process.cwd();
  const notebook = resolveNotebook(root, `notebooks/${path}`, readCatalog(root));
  const lines: string[] = [];
  const result = await runNotebook(
    () => browser.newContext({ viewport: { width: 1400, height: 900 } }),
    baseURL,
    notebook,
    {
      backend: 'wasm',
      preset: 'quick',
      outDir: mkdtempSync(join(tmpdir(), 'runner-e2e-')),
      timeoutMin: 4,
      port: 0,
      url: baseURL,
      profile: null,
      mutate,
    },
    (line) => lines.push(line),
  );
  return { result, output: lines.join('\n') };
}
