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
