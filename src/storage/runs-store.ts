import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import { RUNS_DB, type RunRecord, type RunSummary } from '@/protocol';

/**
 * The training runs' database, opened alike by the kernel (which records runs as it trains) and
 * the page (which lists, charts and deletes them): one name, version and upgrade, so they never
 * drift. Summary and points are written in one transaction, so a list never shows a run whose
 * points are missing.
 */
interface RunsDb extends DBSchema {
  meta: { key: string; value: RunSummary };
  points: { key: string; value: RunRecord };
}

let opening: Promise<IDBPDatabase<RunsDb>> | null = null;

function database(): Promise<IDBPDatabase<RunsDb>> {
  opening ??= openDB<RunsDb>(RUNS_DB.name, RUNS_DB.version, {
    upgrade(db) {
      if (!db.objectStoreNames.contains(RUNS_DB.meta))
        db.createObjectStore(RUNS_DB.meta, { keyPath: 'id' });
      if (!db.objectStoreNames.contains(RUNS_DB.points))
        db.createObjectStore(RUNS_DB.points, { keyPath: 'id' });
    },
    // Another tab upgrading later must not wait on this connection forever.
    blocking() {
      void opening?.then((db) => db.close());
      opening = null;
    },
  });
  opening.catch(() => {
    opening = null;
  });
  return opening;
}

/** What a change was, for views that follow runs live (a BroadcastChannel message). */
export type RunsChange = { type: 'saved'; id: string } | { type: 'deleted'; id: string };

function announce(change: RunsChange): void {
  if (typeof BroadcastChannel === 'undefined') return;
  const channel = new BroadcastChannel(RUNS_DB.channel);
  channel.postMessage(change);
  channel.close();
}

/** Calls `listener` on every change another context (the kernel, another tab) makes. */
export function onRunsChanged(listener: (change: RunsChange) => void): () => void {
  if (typeof BroadcastChannel === 'undefined') return () => {};
  const channel = new BroadcastChannel(RUNS_DB.channel);
  channel.onmessage = (event: MessageEvent<RunsChange>) => listener(event.data);
  return () => channel.close();
}

/** The stored size of a run: what the storage page shows and what deleting it frees. */
export function runSizeBytes(summary: Omit<RunSummary, 'sizeBytes'>, record: RunRecord): number {
  return JSON.stringify(summary).length + JSON.stringify(record.points).length;
}

export async function putRun(summary: RunSummary, record: RunRecord): Promise<void> {
  const db = await database();
  const tx = db.transaction([RUNS_DB.meta, RUNS_DB.points], 'readwrite');
  await Promise.all([
    tx.objectStore(RUNS_DB.meta).put(summary),
    tx.objectStore(RUNS_DB.points).put(record),
    tx.done,
  ]);
  announce({ type: 'saved', id: summary.id });
}

/** Every run, newest first. Reads only the summaries, never the points. */
export async function listRuns(): Promise<RunSummary[]> {
  const all = await (await database()).getAll(RUNS_DB.meta);
  return all.sort((a, b) => b.startedAt - a.startedAt);
}

export async function getRunPoints(id: string): Promise<RunRecord | undefined> {
  return (await database()).get(RUNS_DB.points, id);
}

export async function deleteRun(id: string): Promise<void> {
  const db = await database();
  const tx = db.transaction([RUNS_DB.meta, RUNS_DB.points], 'readwrite');
  await Promise.all([
    tx.objectStore(RUNS_DB.meta).delete(id),
    tx.objectStore(RUNS_DB.points).delete(id),
    tx.done,
  ]);
  announce({ type: 'deleted', id });
}

/**
 * The runs a list of names or ids picks, in the order asked. A name given to several runs (a
 * cell run again) picks the newest of them, as the latest result is the one a notebook means.
 */
export function pickRuns(all: readonly RunSummary[], wanted: readonly string[]): RunSummary[] {
  const picked: RunSummary[] = [];
  for (const key of wanted) {
    const byId = all.find((r) => r.id === key);
    const byName = all
      .filter((r) => r.name === key)
      .reduce<RunSummary | undefined>(
        (a, r) => (a && a.startedAt >= r.startedAt ? a : r),
        undefined,
      );
    const run = byId ?? byName;
    if (run && !picked.includes(run)) picked.push(run);
  }
  return picked;
}
