import type { IDBPDatabase } from 'idb';
import { CHECKPOINT_DB, type CheckpointSummary } from '@/protocol';
import { type CheckpointDb, openCheckpointDb } from './checkpoint-db';

// The page only lists and deletes; the kernel writes. The weights' record is the kernel's
// business, so its type stays unknown here.
let opening: Promise<IDBPDatabase<CheckpointDb<unknown>>> | null = null;

function database(): Promise<IDBPDatabase<CheckpointDb<unknown>>> {
  opening ??= openCheckpointDb<unknown>();
  return opening;
}

/** Every checkpoint, newest first. Reads only the small summaries, never the weights. */
export async function listStoredCheckpoints(): Promise<CheckpointSummary[]> {
  const all = await (await database()).getAll(CHECKPOINT_DB.meta);
  return all.sort((a, b) => b.savedAt - a.savedAt);
}

/** Removes the summary and the weights together, so the list never shows a checkpoint without them. */
export async function deleteStoredCheckpoint(name: string): Promise<void> {
  const db = await database();
  const tx = db.transaction([CHECKPOINT_DB.meta, CHECKPOINT_DB.data], 'readwrite');
  await Promise.all([
    tx.objectStore(CHECKPOINT_DB.meta).delete(name),
    tx.objectStore(CHECKPOINT_DB.data).delete(name),
    tx.done,
  ]);
}

/**
 * The checkpoint a notebook can resume: its newest one, when that was saved in the middle of a
 * `fit` that never reached its last epoch (the tab was closed or reloaded, the kernel died).
 */
export function resumableCheckpoint(
  all: readonly CheckpointSummary[],
  notebook: string,
): CheckpointSummary | null {
  const newest = all
    .filter((c) => c.notebook === notebook)
    .reduce<CheckpointSummary | null>((a, c) => (a && a.savedAt >= c.savedAt ? a : c), null);
  if (!newest || newest.finished || newest.targetEpochs === undefined) return null;
  return newest.epoch < newest.targetEpochs ? newest : null;
}
