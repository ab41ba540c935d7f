import type { IDBPDatabase } from 'idb';
import { CHECKPOINT_DB, type CheckpointSummary } from '@/protocol';
import {
  type CheckpointDb,
  deleteCheckpointRecords,
  listCheckpointSummaries,
  openCheckpointDb,
} from '@/storage/checkpoint-db';
import { CheckpointError } from './errors';
import type { CheckpointArtifacts } from './format';
import { summarize } from './summary';

let opening: Promise<IDBPDatabase<CheckpointDb<CheckpointArtifacts>>> | null = null;

function database(): Promise<IDBPDatabase<CheckpointDb<CheckpointArtifacts>>> {
  opening ??= openCheckpointDb<CheckpointArtifacts>();
  return opening;
}

/** Forgets the open connection; tests use it after deleting the database. */
export function closeCheckpointDb(): void {
  void opening?.then((db) => db.close());
  opening = null;
}

function isQuotaError(error: unknown): boolean {
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  return name === 'QuotaExceededError' || /quota/i.test(String(error));
}

/**
 * Stores a checkpoint, replacing the one of the same name. Summary and weights go in one
 * transaction: IndexedDB commits both or neither, so a failed write (quota, a crash, a reload
 * mid-save) leaves the previous checkpoint whole and loadable.
 */
export async function putCheckpoint(artifacts: CheckpointArtifacts): Promise<CheckpointSummary> {
  const summary = summarize(artifacts);
  const db = await database();
  const tx = db.transaction([CHECKPOINT_DB.meta, CHECKPOINT_DB.data], 'readwrite');
  const pending: Promise<unknown>[] = [tx.done];
  try {
    pending.push(tx.objectStore(CHECKPOINT_DB.data).put(artifacts));
    pending.push(tx.objectStore(CHECKPOINT_DB.meta).put(summary));
    await Promise.all(pending);
  } catch (error) {
    // Every request of an aborted transaction rejects too; those rejections say nothing new.
    for (const request of pending) request.catch(() => {});
    try {
      tx.abort();
    } catch {
      // Already aborted by the failure itself.
    }
    if (isQuotaError(error)) {
      throw new CheckpointError(
        'quota',
        `Checkpoint "${artifacts.meta.name}" (${summary.sizeBytes} bytes) was not saved: the browser's storage quota is full. The previous checkpoint of that name is intact.`,
        'Delete old checkpoints in the Checkpoints panel (download them first to keep them), then save again.',
      );
    }
    throw new CheckpointError(
      'corrupt',
      `Checkpoint "${artifacts.meta.name}" was not saved: ${error instanceof Error ? error.message : String(error)}. The previous checkpoint of that name is intact.`,
    );
  }
  return summary;
}

export async function getCheckpoint(name: string): Promise<CheckpointArtifacts> {
  const found = await (await database()).get(CHECKPOINT_DB.data, name);
  if (!found) {
    const known = (await listCheckpoints()).map((s) => s.name);
    throw new CheckpointError(
      'missing',
      `There is no checkpoint named "${name}".`,
      known.length > 0
        ? `Saved checkpoints: ${known.slice(0, 10).join(', ')}.`
        : 'None are saved yet: fit(..., { checkpointEvery: 1, checkpointName }) or checkpoint.save(model, name) makes one.',
    );
  }
  return found;
}

export async function listCheckpoints(): Promise<CheckpointSummary[]> {
  return listCheckpointSummaries(await database());
}

export async function deleteCheckpoint(name: string): Promise<void> {
  await deleteCheckpointRecords(await database(), name);
}
