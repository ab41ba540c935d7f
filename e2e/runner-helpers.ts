import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from '@playwright/test';

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
