import type { RunPoint, RunSummary, RunsView, TableCell } from '@/protocol';
import { deleteRun, getRunPoints, listRuns, pickRuns } from '@/storage/runs-store';
import { UserFacingError } from '@/utils/errors';
import { displayBundle, Rich, tableBundle } from '../../display';
import { kernelNotebook } from '../checkpoint/notebook-id';
import { runsSettled } from './recorder';

export class RunNotFoundError extends UserFacingError {
  override name = 'RunNotFoundError';
}

export type ShowOptions = Omit<RunsView, 'notebook'>;

const X_AXES: readonly NonNullable<RunsView['x']>[] = ['step', 'epoch', 'wall'];

async function known(): Promise<RunSummary[]> {
  // A run that just ended may still be on its way into IndexedDB.
  await runsSettled();
  return listRuns();
}

function namesHint(all: readonly RunSummary[]): string {
  if (all.length === 0) return 'No runs yet: every fit() and trainLoop() records one.';
  const names = [...new Set(all.map((r) => r.name))].slice(0, 8).map((n) => JSON.stringify(n));
  return `Known runs: ${names.join(', ')}${all.length > 8 ? ', …' : ''} (runs.list() has them all).`;
}

async function one(nameOrId: string): Promise<RunSummary> {
  const all = await known();
  const [run] = pickRuns(all, [nameOrId]);
  if (!run) throw new RunNotFoundError(`No run named "${nameOrId}".`, namesHint(all));
  return run;
}

function checkShow(options: ShowOptions, all: readonly RunSummary[]): void {
  const missing = (options.runs ?? []).filter((key) => pickRuns(all, [key]).length === 0);
  if (missing.length > 0)
    throw new RunNotFoundError(
      `No run named ${missing.map((m) => `"${m}"`).join(', ')}.`,
      namesHint(all),
    );
  const chosen = options.runs ? pickRuns(all, options.runs) : all;
  const metrics = new Set(chosen.flatMap((r) => r.metrics));
  const unknown = (options.metrics ?? []).filter((m) => !metrics.has(m));
  if (unknown.length > 0 && chosen.length > 0)
    throw new RunNotFoundError(
      `The runs shown log no ${unknown.map((m) => `"${m}"`).join(', ')}.`,
      `They log: ${[...metrics].join(', ')}.`,
    );
  const s = options.smoothing;
  if (s !== undefined && !(Number.isFinite(s) && s >= 0 && s < 1))
    throw new UserFacingError(
      `smoothing must be at least 0 and below 1; got ${String(s)}.`,
      "TensorBoard's slider: 0 draws the raw curve, 0.6 is its default, 0.9 smooths strongly.",
    );
  if (options.x !== undefined && !X_AXES.includes(options.x))
    throw new UserFacingError(`x must be one of ${X_AXES.join(', ')}; got "${String(options.x)}".`);
}

function summaryRow(r: RunSummary): TableCell[] {
  const last = Object.entries(r.last)
    .map(([k, v]) => `${k} ${Number(v.toPrecision(4))}`)
    .join(', ');
  return [
    r.name,
    r.state,
    new Date(r.startedAt).toLocaleString(),
    Math.round(r.durationMs / 100) / 10,
    JSON.stringify(r.hparams),
    last,
  ];
}

/**
 * The `runs` global: every `fit` / `trainLoop` is a run kept in this browser (name,
 * hyperparameters, every logged scalar with its step, epoch and wall time). `show` puts a Runs
 * view in the cell, as TensorBoard's Scalars dashboard would: runs overlaid, smoothing, log y.
 */
export const runs = {
  /** Every run in this browser, newest first: name, hparams, last values, state, size. */
  async list(): Promise<RunSummary[]> {
    return known();
  },

  /** The same list as a table, for the cell's output. */
  async table(): Promise<Rich> {
    const all = await known();
    return new Rich(
      tableBundle({
        columns: ['name', 'state', 'started', 'seconds', 'hparams', 'last'],
        rows: all.map(summaryRow),
        totalRows: all.length,
        caption: 'Training runs in this browser',
      }),
    );
  },

  /** One run with its points (by name, the newest of that name, or by id). */
  async get(nameOrId: string): Promise<RunSummary & { points: RunPoint[] }> {
    const run = await one(nameOrId);
    const record = await getRunPoints(run.id);
    return { ...run, points: record?.points ?? [] };
  },

  /** Shows the Runs view in this cell; with no runs named, this notebook's runs. */
  async show(options: ShowOptions = {}): Promise<void> {
    checkShow(options, await known());
    const view: RunsView = { ...options, notebook: kernelNotebook() };
    const what = options.runs?.join(', ') ?? 'this notebook’s runs';
    displayBundle({ 'application/vnd.tfnb.runs+json': view, 'text/plain': `Runs: ${what}` });
  },

  /** Deletes a run (by name, the newest of that name, or by id). */
  async delete(nameOrId: string): Promise<void> {
    await deleteRun((await one(nameOrId)).id);
  },
};
