import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../chromium';
import { type Command, parseArgs, USAGE, UsageError } from './args';
import { globToRegExp } from './glob';
import type { MetricsFile } from './metrics';
import { mergeRuns, type ResultsStore, renderResults, spliceResults } from './results';
import { profileDir, type Resolved, readCatalog, resolveNotebook, runNotebook } from './run';
import { type AppServer, startAppServer } from './server';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function writeResults(runs: MetricsFile[]): Promise<void> {
  const jsonPath = join(ROOT, 'docs/results.json');
  const mdPath = join(ROOT, 'docs/RESULTS.md');
  const store: ResultsStore = existsSync(jsonPath)
    ? (JSON.parse(readFileSync(jsonPath, 'utf8')) as ResultsStore)
    : { version: 1, runs: [] };
  const merged = mergeRuns(
    store,
    runs.map(({ cells: _cells, ...stored }) => stored),
  );
  await mkdir(join(ROOT, 'docs'), { recursive: true });
  await writeFile(jsonPath, `${JSON.stringify(merged, null, 2)}\n`);
  const existing = existsSync(mdPath) ? readFileSync(mdPath, 'utf8') : null;
  await writeFile(mdPath, spliceResults(existing, renderResults(merged)));
  log(`Updated docs/RESULTS.md (${runs.length} run(s) merged).`);
}

async function execute(command: Exclude<Command, { command: 'help' }>): Promise<number> {
  const catalog = readCatalog(ROOT);
  const notebooks =
    command.command === 'run'
      ? [resolveNotebook(ROOT, command.notebook, catalog)]
      : catalog
          .filter((e) => command.pattern === null || globToRegExp(command.pattern).test(e.path))
          .map((e) => resolveNotebook(ROOT, e.path, catalog));
  if (notebooks.length === 0)
    throw new UsageError(
      `No notebook of the catalog matches "${command.command === 'run-all' ? command.pattern : ''}".`,
    );

  let server: AppServer | null = null;
  let browser = null as Browser | null;
  try {
    server = command.url ? null : await startAppServer(ROOT, command.port, log);
    const url = command.url ?? server?.url ?? '';
    const viewport = { width: 1400, height: 900 };
    const { profile } = command;
    // A kept profile is one persistent context per notebook, so its checkpoints outlive the run.
    const openContext = async (notebook: Resolved): Promise<BrowserContext> => {
      if (profile)
        return chromium.launchPersistentContext(resolve(profileDir(profile, notebook)), {
          ...chromiumLaunchOptions(),
          viewport,
        });
      browser ??= await chromium.launch(chromiumLaunchOptions());
      return browser.newContext({ viewport });
    };
    const write =
      command.mutate === null && (command.command === 'run-all' || command.writeResults);
    const runs: MetricsFile[] = [];
    for (const notebook of notebooks) {
      const result = await runNotebook(openContext, url, notebook, command, log);
      runs.push(result);
      // Each notebook's rows as soon as it ends: a book-schedule run-all takes hours, and one
      // cut off keeps the notebooks it finished.
      if (write) await writeResults([result]);
      // `run` stops at the first failing cell, and so does each notebook of `run-all`; the
      // others still run, so one broken chapter does not hide the state of the rest.
    }
    const failed = runs.filter((r) => !r.ok);
    if (notebooks.length > 1)
      log(`${runs.length - failed.length}/${runs.length} notebooks passed.`);
    return failed.length === 0 ? 0 : 1;
  } finally {
    await browser?.close();
    await server?.stop();
  }
}

async function main(argv: string[]): Promise<number> {
  let command: Command;
  try {
    command = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (command.command === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  try {
    return await execute(command);
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    process.stderr.write(`${message}\n`);
    return error instanceof UsageError ? 2 : 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
