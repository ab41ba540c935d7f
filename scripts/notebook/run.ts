import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import type { BrowserContext } from '@playwright/test';
import {
  type CatalogEntry,
  catalogEntries,
  catalogSchema,
} from '../../src/notebook/catalog-schema';
import { formatBand, formatMetricValue } from '../../src/utils/metric-format';
import type { CommonOptions } from './args';
import { UsageError } from './args';
import { type NotebookTarget, runInPage } from './drive';
import {
  collectMetrics,
  describeFailure,
  firstFailure,
  type MetricsFile,
  missedBands,
  parseExported,
} from './metrics';
import { describeVerdict, judgeMutation } from './mutation-check';
import { ProfileSessions, sessionMs, sessionsPhrase } from './profile-sessions';

export function readCatalog(root: string): CatalogEntry[] {
  const text = readFileSync(join(root, 'notebooks/index.json'), 'utf8');
  return catalogEntries(catalogSchema.parse(JSON.parse(text)));
}

export interface Resolved {
  target: NotebookTarget;
  /** The catalog path for shipped notebooks, the file's own path otherwise. */
  id: string;
  title: string;
  book: string | null;
}

/**
 * A catalog path (`pytorch-workshop/ch01-….ipynb`) or a file under notebooks/ opens as the app
 * ships it; any other file is imported, as a user would.
 */
export function resolveNotebook(root: string, arg: string, catalog: CatalogEntry[]): Resolved {
  const byPath = (path: string): Resolved => {
    const entry = catalog.find((e) => e.path === path);
    return {
      target: { kind: 'shipped', path },
      id: path,
      title: entry?.title ?? basename(path, '.ipynb'),
      book: entry?.book ?? null,
    };
  };
  if (catalog.some((e) => e.path === arg)) return byPath(arg);
  const file = resolve(arg);
  if (!existsSync(file)) throw new UsageError(`There is no notebook at ${arg}.`);
  const inShipped = relative(join(root, 'notebooks'), file);
  if (!inShipped.startsWith('..') && !inShipped.startsWith(sep) && inShipped.endsWith('.ipynb'))
    return byPath(inShipped.split(sep).join('/'));
  return {
    target: { kind: 'file', file, name: basename(file) },
    id: relative(root, file).split(sep).join('/'),
    title: basename(file, '.ipynb'),
    book: null,
  };
}

/** Where a kept profile holds one notebook's browser storage. */
export function profileDir(profile: string, notebook: Resolved): string {
  return join(profile, notebook.id.replace(/[^\w.-]+/g, '_'));
}

function line(m: MetricsFile['metrics'][number]): string {
  const mark = m.pass === null ? '·' : m.pass ? '✓' : '✗';
  const book = m.book === null ? '' : ` · book ${formatMetricValue(m.book)}`;
  const band = formatBand({
    ...(m.min !== null ? { min: m.min } : {}),
    ...(m.max !== null ? { max: m.max } : {}),
  });
  const baseline = m.baseline === undefined ? '' : ` · baseline ${formatMetricValue(m.baseline)}`;
  const learns =
    m.checks === 'learns' && m.pass ? ' (learns: checks the baseline, not the book)' : '';
  return `  ${mark} ${m.name}: ${m.value === null ? 'NaN' : formatMetricValue(m.value)}${book}${baseline}${band ? ` · band ${band}${m.pass ? '' : ' MISSED'}${learns}` : ''}`;
}

/** Runs one notebook, writes `<name>.ipynb` and `<name>.metrics.json`, and says how it went. */
export async function runNotebook(
  openContext: (notebook: Resolved) => Promise<BrowserContext>,
  url: string,
  notebook: Resolved,
  options: CommonOptions,
  log: (line: string) => void,
): Promise<MetricsFile> {
  const mutated = options.mutate ? `, mutation ${options.mutate}` : '';
  log(`Running ${notebook.id} (preset ${options.preset}, backend ${options.backend}${mutated})`);
  const startedAt = new Date();
  const sessions = options.profile
    ? new ProfileSessions(join(profileDir(options.profile, notebook), 'runner-sessions.json'))
    : null;
  let page: Awaited<ReturnType<typeof runInPage>>;
  try {
    page = await runInPage(await openContext(notebook), url, notebook.target, {
      backend: options.backend,
      preset: options.preset,
      mutate: options.mutate,
      timeoutMs: options.timeoutMin * 60_000,
      resume: sessions !== null,
      ...(sessions ? { onStart: (epoch: number | null) => sessions.begin(epoch, startedAt) } : {}),
      log,
    });
  } catch (error) {
    // The session's heartbeat timer would keep the process alive after the error is printed:
    // a kept-profile run that failed in the page hung instead of exiting 1.
    await sessions?.end();
    throw error;
  }
  // Only a run that went on over several sessions records them; its wall time is their sum.
  const ended = (await sessions?.end()) ?? [];
  const several =
    ended.length > 1
      ? ended.map((s) => ({ ms: sessionMs(s), resumedFromEpoch: s.resumedFromEpoch }))
      : null;
  const exported = parseExported(page.ipynb);
  const failure = firstFailure(exported);
  const metrics = collectMetrics(exported, page.cells);
  const partial = { failure, timedOutInCell: page.timedOutInCell, metrics };
  const verdict = options.mutate ? judgeMutation(partial as MetricsFile, options.mutate) : null;
  const result: MetricsFile = {
    notebook: notebook.id,
    title: notebook.title,
    preset: options.preset,
    backendRequested: options.backend,
    backend: page.backend,
    // A mutation run passes when its bands catch the breakage, not when they pass.
    ok: verdict
      ? verdict.ok
      : failure === null && page.timedOutInCell === null && missedBands(metrics).length === 0,
    failure,
    timedOutInCell: page.timedOutInCell,
    metrics,
    cells: page.cells,
    ...(options.mutate ? { mutate: options.mutate } : {}),
    ...(several ? { sessions: several } : {}),
    totalMs: several ? several.reduce((sum, s) => sum + s.ms, 0) : page.totalMs,
    date: new Date().toISOString(),
    chromium: page.chromium,
  };

  const stem = join(
    options.outDir,
    notebook.target.kind === 'shipped' ? dirname(notebook.id) : '',
    basename(notebook.id, '.ipynb') +
      (options.mutate ? `.mutate-${options.mutate.replace('/', '-')}` : ''),
  );
  await mkdir(dirname(stem), { recursive: true });
  await writeFile(`${stem}.ipynb`, page.ipynb);
  await writeFile(`${stem}.metrics.json`, `${JSON.stringify(result, null, 2)}\n`);

  for (const m of metrics) log(line(m));
  if (page.backend !== options.backend)
    log(`  note: asked for ${options.backend}, the kernel ran on ${page.backend ?? 'no backend'}.`);
  if (failure) log(describeFailure(failure));
  if (page.timedOutInCell !== null)
    log(`Timed out after ${options.timeoutMin} min in cell ${page.timedOutInCell}.`);
  const missed = missedBands(metrics).length;
  if (verdict && options.mutate) for (const l of describeVerdict(verdict, options.mutate)) log(l);
  else if (missed > 0) log(`${missed} reported value(s) missed their band.`);
  if (result.sessions)
    log(`  ${(result.totalMs / 60_000).toFixed(1)} min in all${sessionsPhrase(result.sessions)}.`);
  log(
    `${result.ok ? 'OK' : 'FAILED'} in ${(page.totalMs / 1000).toFixed(1)} s → ${stem}.metrics.json`,
  );
  return result;
}
