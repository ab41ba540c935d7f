import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import { CHECKPOINT_DB, type CheckpointSummary } from '@/protocol';

// The page only lists and deletes; the kernel writes. Only the summary's type is known here:
// the weights' record is the kernel's business.
interface CheckpointDb extends DBSchema {
  meta: { key: string; value: CheckpointSummary };
  data: { key: string; value: unknown };
}

let opening: Promise<IDBPDatabase<CheckpointDb>> | null = null;

/** Same name, version and stores as the kernel's store (src/kernel/lib/checkpoint/store.ts). */
function database(): Promise<IDBPDatabase<CheckpointDb>> {
  opening ??= openDB<CheckpointDb>(CHECKPOINT_DB.name, CHECKPOINT_DB.version, {
    upgrade(db) {
      if (!db.objectStoreNames.contains(CHECKPOINT_DB.meta))
        db.createObjectStore(CHECKPOINT_DB.meta, { keyPath: 'name' });
      if (!db.objectStoreNames.contains(CHECKPOINT_DB.data))
        db.createObjectStore(CHECKPOINT_DB.data, { keyPath: 'meta.name' });
    },
  });
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
