import type { IDBPDatabase } from 'idb';
import type { CheckpointSummary } from '@/protocol';
import {
  type CheckpointDb,
  deleteCheckpointRecords,
  listCheckpointSummaries,
  openCheckpointDb,
} from './checkpoint-db';

// The page only lists and deletes; the kernel writes. The weights' record is the kernel's
// business, so its type stays unknown here.
let opening: Promise<IDBPDatabase<CheckpointDb<unknown>>> | null = null;

function database(): Promise<IDBPDatabase<CheckpointDb<unknown>>> {
  opening ??= openCheckpointDb<unknown>();
  return opening;
}

export async function listStoredCheckpoints(): Promise<CheckpointSummary[]> {
  return listCheckpointSummaries(await database());
}

export async function deleteStoredCheckpoint(name: string): Promise<void> {
  await deleteCheckpointRecords(await database(), name);
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
