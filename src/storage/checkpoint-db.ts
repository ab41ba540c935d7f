import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import { CHECKPOINT_DB, type CheckpointSummary } from '@/protocol';

/**
 * The checkpoints database, opened the same way by the kernel (which writes checkpoints) and
 * the page (which lists and deletes them): one name, version and upgrade, so they never drift.
 * `Data` is the weights record; only the kernel knows its shape.
 */
export interface CheckpointDb<Data> extends DBSchema {
  meta: { key: string; value: CheckpointSummary };
  data: { key: string; value: Data };
}

export function openCheckpointDb<Data>(): Promise<IDBPDatabase<CheckpointDb<Data>>> {
  return openDB<CheckpointDb<Data>>(CHECKPOINT_DB.name, CHECKPOINT_DB.version, {
    upgrade(db) {
      if (!db.objectStoreNames.contains(CHECKPOINT_DB.meta))
        db.createObjectStore(CHECKPOINT_DB.meta, { keyPath: 'name' });
      if (!db.objectStoreNames.contains(CHECKPOINT_DB.data))
        db.createObjectStore(CHECKPOINT_DB.data, { keyPath: 'meta.name' });
    },
  });
}

/** Every checkpoint, newest first. Reads only the small summaries, never the weights. */
export async function listCheckpointSummaries<Data>(
  db: IDBPDatabase<CheckpointDb<Data>>,
): Promise<CheckpointSummary[]> {
  const all = await db.getAll(CHECKPOINT_DB.meta);
  return all.sort((a, b) => b.savedAt - a.savedAt);
}

/** Removes the summary and the weights together, so a list never shows one without the other. */
export async function deleteCheckpointRecords<Data>(
  db: IDBPDatabase<CheckpointDb<Data>>,
  name: string,
): Promise<void> {
  const tx = db.transaction([CHECKPOINT_DB.meta, CHECKPOINT_DB.data], 'readwrite');
  await Promise.all([
    tx.objectStore(CHECKPOINT_DB.meta).delete(name),
    tx.objectStore(CHECKPOINT_DB.data).delete(name),
    tx.done,
  ]);
}
